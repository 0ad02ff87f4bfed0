package dev.livedrop.support.xmpp;

import java.util.Base64;

/**
 * What an ejabberd started by the tests serves: one virtual host {@code domain}, its MUC service at
 * {@code conference.<domain>}, JWT logins verified with the HS256 key {@code jwtSecret}, and the
 * account {@code serviceUser} (livedrop itself), the only one allowed to create rooms and admin of
 * every room. The service account must still be registered ({@link Ejabberd#registerUser}).
 */
public record EjabberdSetup(String domain, byte[] jwtSecret, String serviceUser) {
  /** The service account's localpart when none is given. */
  public static final String SERVICE_USER = "livedrop";
  /** The JWT claim ejabberd reads the login's JID from ({@code jwt_jid_field}). */
  public static final String JWT_JID_CLAIM = "jid";

  public EjabberdSetup {
    if (jwtSecret.length < 32) throw new IllegalArgumentException("an HS256 key needs at least 32 bytes");
    jwtSecret = jwtSecret.clone();
  }

  public static EjabberdSetup of(String domain, byte[] jwtSecret) {
    return new EjabberdSetup(domain, jwtSecret, SERVICE_USER);
  }

  public String mucDomain() {
    return "conference." + domain;
  }

  public String serviceJid() {
    return serviceUser + "@" + domain;
  }

  /** The key as a JWK (RFC 7517 §4, RFC 7518 §6.4: a symmetric "oct" key), the form jwt_key reads. */
  public String jwk() {
    return "{\"kty\":\"oct\",\"k\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(jwtSecret) + "\"}";
  }
}
