package dev.livedrop.xmpp.sasl;

import java.util.Optional;

/**
 * A plain-password check the application plugs in (livedrop admits a drop's viewers with its own
 * tokens as passwords). Consulted by PLAIN before the server's own accounts.
 */
@FunctionalInterface
public interface Authenticator {
  /** The identity to log in as, or empty if this authenticator does not accept the pair. */
  Optional<Identity> authenticate(String authcid, String password);
}
