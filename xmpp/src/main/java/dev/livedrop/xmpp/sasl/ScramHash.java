package dev.livedrop.xmpp.sasl;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** The hash functions of one SCRAM variant (RFC 5802 §2.2), on the JDK's own crypto. */
public enum ScramHash {
  SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", "PBKDF2WithHmacSHA1", 20),
  SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 32);

  private final String mechanism;
  private final String digest;
  private final String hmac;
  private final String pbkdf2;
  private final int length;

  ScramHash(String mechanism, String digest, String hmac, String pbkdf2, int length) {
    this.mechanism = mechanism;
    this.digest = digest;
    this.hmac = hmac;
    this.pbkdf2 = pbkdf2;
    this.length = length;
  }

  public String mechanism() {
    return mechanism;
  }

  /** Hi(password, salt, i) — PBKDF2 with this HMAC, one block. */
  public byte[] saltedPassword(String password, byte[] salt, int iterations) {
    try {
      var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8);
      return SecretKeyFactory.getInstance(pbkdf2).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(hmac);
      mac.init(new SecretKeySpec(key, hmac));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] hash(byte[] data) {
    try {
      return MessageDigest.getInstance(digest).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** StoredKey and ServerKey from a password: all the server ever keeps. */
  public ScramCredentials credentials(String password, byte[] salt, int iterations) {
    byte[] salted = saltedPassword(password, salt, iterations);
    byte[] clientKey = hmac(salted, "Client Key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] serverKey = hmac(salted, "Server Key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return new ScramCredentials(salt, iterations, hash(clientKey), serverKey);
  }
}
