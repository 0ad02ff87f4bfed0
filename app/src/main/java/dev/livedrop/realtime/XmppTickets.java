package dev.livedrop.realtime;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import dev.livedrop.drops.Role;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The XMPP credentials a drop's viewer gets from the REST API: a signed ticket that is the SASL
 * PLAIN password for one generated localpart, and the room password, which changes whenever the
 * drop's access version does. Both are keyed from the server's token key, each under its own
 * label, so a ticket never opens the REST API nor an access token the XMPP server.
 */
public final class XmppTickets {
  private static final String ISSUER = "livedrop-xmpp";
  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  private final byte[] roomKey;
  private final Clock clock;

  public XmppTickets(byte[] serverKey, Clock clock) {
    this.algorithm = Algorithm.HMAC256(hmac(serverKey, "xmpp-ticket"));
    this.roomKey = hmac(serverKey, "room-password");
    this.clock = clock;
    this.verifier = ((com.auth0.jwt.JWTVerifier.BaseVerification)
        JWT.require(algorithm).withIssuer(ISSUER).acceptLeeway(5)).build(clock);
  }

  /** Who a ticket admits: a viewer of one incarnation of one drop, under a localpart of their own. */
  public record Ticket(String localpart, String drop, String incarnation, Role role, String nickname,
      int accessVersion, Instant expiresAt) {}

  public String issue(Ticket t) {
    return JWT.create().withIssuer(ISSUER).withSubject(t.localpart()).withClaim("drop", t.drop())
        .withClaim("inc", t.incarnation())
        .withClaim("role", t.role().name().toLowerCase()).withClaim("nick", t.nickname())
        .withClaim("av", t.accessVersion()).withIssuedAt(clock.instant()).withExpiresAt(t.expiresAt())
        .sign(algorithm);
  }

  /** The ticket if it is genuine, unexpired and for this localpart. */
  public Optional<Ticket> verify(String localpart, String ticket) {
    try {
      var jwt = verifier.verify(ticket);
      if (!localpart.equals(jwt.getSubject())) return Optional.empty();
      Role role = "admin".equals(jwt.getClaim("role").asString()) ? Role.ADMIN : Role.GUEST;
      Integer av = jwt.getClaim("av").asInt();
      String drop = jwt.getClaim("drop").asString();
      String inc = jwt.getClaim("inc").asString();
      if (av == null || drop == null || inc == null) return Optional.empty();
      return Optional.of(new Ticket(localpart, drop, inc, role, jwt.getClaim("nick").asString(), av,
          jwt.getExpiresAtAsInstant()));
    } catch (JWTVerificationException e) {
      return Optional.empty();
    }
  }

  /**
   * The room's password for this incarnation and access version: whoever could see the drop before
   * a change, or a deleted drop of the same name, cannot guess it.
   */
  public String roomPassword(String drop, String incarnation, int accessVersion) {
    byte[] mac = hmac(roomKey, drop + "\n" + incarnation + "\n" + accessVersion);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(mac, 18));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
