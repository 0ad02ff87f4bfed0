package dev.livedrop.xmpp.sasl;

/** One SASL mechanism's server side; a new instance per exchange. */
public interface SaslMechanism {
  /** The first step, with the client's initial response (empty array for "=", null for none). */
  SaslStep start(byte[] initialResponse);

  /** A later step, with the client's response to our challenge. */
  SaslStep next(byte[] response);
}
