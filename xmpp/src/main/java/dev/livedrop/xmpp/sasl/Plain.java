package dev.livedrop.xmpp.sasl;

import java.nio.charset.StandardCharsets;

/** RFC 4616 PLAIN: {@code authzid NUL authcid NUL passwd}, checked by a password verifier. */
final class Plain implements SaslMechanism {
  interface Verifier {
    java.util.Optional<Identity> verify(String authcid, String password);
  }

  private final Verifier verifier;

  Plain(Verifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public SaslStep start(byte[] initial) {
    if (initial == null) return new SaslStep.Challenge(new byte[0]);
    return next(initial);
  }

  @Override
  public SaslStep next(byte[] response) {
    String s = new String(response, StandardCharsets.UTF_8);
    String[] parts = s.split("\u0000", -1);
    if (parts.length != 3 || parts[1].isEmpty()) return SaslStep.malformed("PLAIN expects authzid NUL authcid NUL password");
    // An authzid other than the authcid's own JID would be proxy authorization, which we don't do.
    return verifier.verify(parts[1], parts[2])
        .filter(id -> parts[0].isEmpty() || parts[0].startsWith(id.localpart() + "@") || parts[0].equals(id.localpart()))
        .<SaslStep>map(id -> new SaslStep.Success(id, null))
        .orElseGet(SaslStep::notAuthorized);
  }
}
