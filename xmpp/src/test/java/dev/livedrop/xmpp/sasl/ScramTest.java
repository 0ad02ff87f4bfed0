package dev.livedrop.xmpp.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The exchanges published in RFC 5802 §5 (SHA-1) and RFC 7677 §3 (SHA-256), replayed against our
 * server side byte for byte. (Smack's ScramMechanism hard-codes SHA-1 for H(), so it cannot speak
 * SCRAM-SHA-256; the RFC's own vectors are the reference instead.)
 */
class ScramTest {
  static SaslStep run(ScramHash hash, String salt, String serverNonce, String clientFirst, String clientFinal, String password) {
    ScramCredentials creds = hash.credentials(password, Base64.getDecoder().decode(salt), 4096);
    var scram = new Scram(hash, (u, h) -> u.equals("user") ? Optional.of(creds) : Optional.empty(), 4096, () -> serverNonce);
    SaslStep first = scram.start(clientFirst.getBytes(StandardCharsets.UTF_8));
    assertThat(first).isInstanceOf(SaslStep.Challenge.class);
    return scram.next(clientFinal.getBytes(StandardCharsets.UTF_8));
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void rfc5802ScramSha1Exchange() {
    var creds = ScramHash.SHA_1.credentials("pencil", Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096);
    var scram = new Scram(ScramHash.SHA_1, (u, h) -> Optional.of(creds), 4096, () -> "3rfcNHYJY1ZVvWVs7j");
    var first = (SaslStep.Challenge) scram.start("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL".getBytes(StandardCharsets.UTF_8));
    assertThat(text(first.data())).isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
    var last = scram.next("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="
        .getBytes(StandardCharsets.UTF_8));
    assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, s -> {
      assertThat(text(s.additionalData())).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
      assertThat(s.identity().localpart()).isEqualTo("user");
    });
  }

  @Test
  void rfc7677ScramSha256Exchange() {
    SaslStep last = run(ScramHash.SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        "pencil");
    assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, s ->
        assertThat(text(s.additionalData())).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  }

  @Test
  void wrongPasswordFailsAtTheProof() {
    SaslStep last = run(ScramHash.SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        "not pencil");
    assertThat(last).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo("not-authorized"));
  }

  @Test
  void tamperedNonceOrChannelBindingFails() {
    SaslStep badNonce = run(ScramHash.SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        "n,,n=user,r=rOprNGfwEbeRWgbNEkqO", "c=biws,r=rOprNGfwEbeRWgbNEkqOxxx,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "pencil");
    assertThat(badNonce).isInstanceOf(SaslStep.Failure.class);
    SaslStep badCb = run(ScramHash.SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
        "c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "pencil");
    assertThat(badCb).isInstanceOf(SaslStep.Failure.class);
  }

  @Test
  void unknownUserGetsAChallengeAndFailsOnlyAtTheEnd() {
    var scram = new Scram(ScramHash.SHA_256, (u, h) -> Optional.empty(), 4096);
    assertThat(scram.start("n,,n=ghost,r=abc".getBytes(StandardCharsets.UTF_8))).isInstanceOf(SaslStep.Challenge.class);
  }

  @Test
  void channelBindingRequestIsRefused() {
    var scram = new Scram(ScramHash.SHA_256, (u, h) -> Optional.empty(), 4096);
    assertThat(scram.start("p=tls-unique,,n=user,r=abc".getBytes(StandardCharsets.UTF_8))).isInstanceOf(SaslStep.Failure.class);
  }
}
