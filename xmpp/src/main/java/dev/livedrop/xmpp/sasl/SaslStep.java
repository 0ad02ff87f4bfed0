package dev.livedrop.xmpp.sasl;

/** The outcome of one step of a SASL exchange (RFC 6120 §6.4). */
public sealed interface SaslStep {
  record Challenge(byte[] data) implements SaslStep {}

  record Success(Identity identity, byte[] additionalData) implements SaslStep {}

  /** {@code condition} is an RFC 6120 §6.5 element name such as "not-authorized". */
  record Failure(String condition, String text) implements SaslStep {}

  static Failure notAuthorized() {
    return new Failure("not-authorized", null);
  }

  static Failure malformed(String text) {
    return new Failure("malformed-request", text);
  }
}
