package dev.livedrop.access;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.livedrop.drops.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Signed, expiring access tokens (JWT, HS256) for one drop. A token names the drop, the role, the
 * nickname chosen at access time, the drop's incarnation and its access version: a guest token
 * from before a password change no longer opens the drop, and no token opens a later drop of the
 * same name.
 */
public final class AccessTokens {
  private static final String ISSUER = "livedrop";
  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  private final Clock clock;

  public AccessTokens(byte[] key, Clock clock) {
    this.algorithm = Algorithm.HMAC256(key);
    this.clock = clock;
    this.verifier = ((com.auth0.jwt.JWTVerifier.BaseVerification)
        JWT.require(algorithm).withIssuer(ISSUER).acceptLeeway(5)).build(clock);
  }

  /** The signing key lives in the data dir so tokens survive restarts; made on first start. */
  public static byte[] loadOrCreateKey(Path file) throws IOException {
    if (Files.exists(file)) return Files.readAllBytes(file);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "key", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    Files.write(tmp, key);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return key;
  }

  public record Claims(String drop, String incarnation, Role role, String nickname, int accessVersion,
      Instant expiresAt) {}

  public String issue(String drop, String incarnation, Role role, String nickname, int accessVersion,
      Instant expiresAt) {
    return JWT.create()
        .withIssuer(ISSUER)
        .withSubject(drop)
        .withClaim("inc", incarnation)
        .withClaim("role", role.name().toLowerCase(java.util.Locale.ROOT))
        .withClaim("nick", nickname)
        .withClaim("av", accessVersion)
        .withIssuedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS))
        .withExpiresAt(expiresAt)
        .sign(algorithm);
  }

  public sealed interface Verified {
    record Valid(Claims claims) implements Verified {}

    record Expired() implements Verified {}

    record Invalid() implements Verified {}
  }

  public Verified verify(String token) {
    try {
      DecodedJWT jwt = verifier.verify(token);
      Optional<Role> role = parseRole(jwt.getClaim("role").asString());
      Integer av = jwt.getClaim("av").asInt();
      if (role.isEmpty() || av == null || jwt.getSubject() == null) return new Verified.Invalid();
      // Tokens from before incarnations existed carry none: they match only a drop that has none.
      String inc = jwt.getClaim("inc").isMissing() ? "" : jwt.getClaim("inc").asString();
      if (inc == null) return new Verified.Invalid();
      return new Verified.Valid(new Claims(jwt.getSubject(), inc, role.get(), jwt.getClaim("nick").asString(), av,
          jwt.getExpiresAtAsInstant()));
    } catch (TokenExpiredException e) {
      return new Verified.Expired();
    } catch (JWTVerificationException | IllegalArgumentException e) {
      return new Verified.Invalid();
    }
  }

  private static Optional<Role> parseRole(String s) {
    if ("guest".equals(s)) return Optional.of(Role.GUEST);
    if ("admin".equals(s)) return Optional.of(Role.ADMIN);
    return Optional.empty();
  }
}
