package dev.livedrop.drops;

/** Hashes and checks the secrets that guard a drop; the access layer decides how. */
public interface SecretHasher {
  String hashPassword(String password);

  boolean passwordMatches(String password, String hash);

  /** A new admin secret, to be shown once. */
  String newAdminSecret();

  String hashAdminSecret(String secret);

  boolean adminSecretMatches(String secret, String hash);
}
