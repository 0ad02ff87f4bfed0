package dev.livedrop.xmpp.sasl;

import java.security.SecureRandom;
import java.util.HexFormat;

/** RFC 4505 ANONYMOUS: any trace token is accepted; the client gets a fresh random localpart. */
final class Anonymous implements SaslMechanism {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public SaslStep start(byte[] initial) {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    return new SaslStep.Success(new Identity("anon-" + HexFormat.of().formatHex(id), true), null);
  }

  @Override
  public SaslStep next(byte[] response) {
    return start(response);
  }
}
