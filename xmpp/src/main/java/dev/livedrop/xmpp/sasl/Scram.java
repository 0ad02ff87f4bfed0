package dev.livedrop.xmpp.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), server side, without channel binding: we
 * advertise no -PLUS variant, so a client's "y" flag is fine and "p=" is refused. An unknown user
 * gets a made-up salt and fails only at the proof, so usernames cannot be probed.
 */
final class Scram implements SaslMechanism {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] FAKE_SALT_KEY = RANDOM.generateSeed(16);

  private enum State { FIRST, FINAL, DONE }

  private final ScramHash hash;
  private final BiFunction<String, ScramHash, Optional<ScramCredentials>> lookup;
  private final int defaultIterations;
  private State state = State.FIRST;
  private String gs2Header;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;
  private String username;
  private ScramCredentials credentials;

  private final java.util.function.Supplier<String> serverNonce;

  Scram(ScramHash hash, BiFunction<String, ScramHash, Optional<ScramCredentials>> lookup, int defaultIterations) {
    this(hash, lookup, defaultIterations, Scram::randomNonce);
  }

  /** With a given server nonce, so the RFC's published exchanges can be replayed in tests. */
  Scram(ScramHash hash, BiFunction<String, ScramHash, Optional<ScramCredentials>> lookup, int defaultIterations,
      java.util.function.Supplier<String> serverNonce) {
    this.hash = hash;
    this.lookup = lookup;
    this.defaultIterations = defaultIterations;
    this.serverNonce = serverNonce;
  }

  private static String randomNonce() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  @Override
  public SaslStep start(byte[] initial) {
    if (initial == null || initial.length == 0) return new SaslStep.Challenge(new byte[0]);
    return next(initial);
  }

  @Override
  public SaslStep next(byte[] response) {
    String msg = new String(response, StandardCharsets.UTF_8);
    return switch (state) {
      case FIRST -> clientFirst(msg);
      case FINAL -> clientFinal(msg);
      case DONE -> SaslStep.malformed("The exchange is over.");
    };
  }

  private SaslStep clientFirst(String msg) {
    if (msg.isEmpty()) return new SaslStep.Challenge(new byte[0]);
    // gs2-header = gs2-cbind-flag "," [ authzid ] ","
    int first = msg.indexOf(',');
    int second = first < 0 ? -1 : msg.indexOf(',', first + 1);
    if (second < 0) return SaslStep.malformed("client-first-message has no GS2 header");
    String flag = msg.substring(0, first);
    if (flag.startsWith("p=")) return new SaslStep.Failure("malformed-request", "Channel binding is not supported.");
    if (!flag.equals("n") && !flag.equals("y")) return SaslStep.malformed("bad GS2 channel-binding flag");
    gs2Header = msg.substring(0, second + 1);
    clientFirstBare = msg.substring(second + 1);
    String user = attribute(clientFirstBare, 'n');
    String clientNonce = attribute(clientFirstBare, 'r');
    if (clientFirstBare.startsWith("m=")) return SaslStep.malformed("mandatory extensions are not supported");
    if (user == null || clientNonce == null || clientNonce.isEmpty()) return SaslStep.malformed("n= and r= are required");
    username = user.replace("=2C", ",").replace("=3D", "=");
    nonce = clientNonce + serverNonce.get();
    credentials = lookup.apply(username, hash).orElse(null);
    byte[] salt = credentials != null ? credentials.salt() : fakeSalt(username);
    int iterations = credentials != null ? credentials.iterations() : defaultIterations;
    serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
    state = State.FINAL;
    return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
  }

  private SaslStep clientFinal(String msg) {
    state = State.DONE;
    int proofAt = msg.lastIndexOf(",p=");
    if (proofAt < 0) return SaslStep.malformed("client-final-message has no proof");
    String withoutProof = msg.substring(0, proofAt);
    String channelBinding = attribute(msg, 'c');
    String finalNonce = attribute(msg, 'r');
    byte[] proof;
    try {
      proof = Base64.getDecoder().decode(msg.substring(proofAt + 3));
    } catch (IllegalArgumentException e) {
      return SaslStep.malformed("proof is not base64");
    }
    String expectedCb = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
    if (!expectedCb.equals(channelBinding) || !nonce.equals(finalNonce)) return SaslStep.notAuthorized();
    if (credentials == null) return SaslStep.notAuthorized();
    byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    byte[] clientSignature = hash.hmac(credentials.storedKey(), authMessage);
    if (proof.length != clientSignature.length) return SaslStep.notAuthorized();
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
    if (!MessageDigest.isEqual(hash.hash(clientKey), credentials.storedKey())) return SaslStep.notAuthorized();
    String serverSignature = Base64.getEncoder().encodeToString(hash.hmac(credentials.serverKey(), authMessage));
    return new SaslStep.Success(new Identity(username, false), ("v=" + serverSignature).getBytes(StandardCharsets.UTF_8));
  }

  private byte[] fakeSalt(String user) {
    byte[] h = hash.hmac(FAKE_SALT_KEY, user.getBytes(StandardCharsets.UTF_8));
    return java.util.Arrays.copyOf(h, 16);
  }

  /** The value of attribute {@code a} in a comma-separated SCRAM message. */
  private static String attribute(String msg, char a) {
    for (String part : msg.split(",")) {
      if (part.length() >= 2 && part.charAt(0) == a && part.charAt(1) == '=') return part.substring(2);
    }
    return null;
  }
}
