package dev.livedrop.access;

import dev.livedrop.drops.SecretHasher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Guest passwords are low-entropy, so they get a slow salted hash (PBKDF2-HMAC-SHA256, as NIST
 * SP 800-132 and OWASP describe; the JDK's own). Admin secrets are 256 random bits, where a slow
 * hash buys nothing, so a plain SHA-256 does. Stored as {@code pbkdf2-sha256$iterations$salt$hash}.
 */
public final class Pbkdf2SecretHasher implements SecretHasher {
  private static final String PREFIX = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final int iterations;

  public Pbkdf2SecretHasher(int iterations) {
    this.iterations = iterations;
  }

  @Override
  public String hashPassword(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, iterations);
    var b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  @Override
  public boolean passwordMatches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) return false;
    var b64 = Base64.getDecoder();
    byte[] expected = b64.decode(parts[3]);
    byte[] actual = pbkdf2(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  @Override
  public String newAdminSecret() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  @Override
  public String hashAdminSecret(String secret) {
    return "sha256$" + Base64.getEncoder().withoutPadding().encodeToString(sha256(secret));
  }

  @Override
  public boolean adminSecretMatches(String secret, String stored) {
    return MessageDigest.isEqual(hashAdminSecret(secret).getBytes(StandardCharsets.US_ASCII),
        stored.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 missing from this JDK", e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
