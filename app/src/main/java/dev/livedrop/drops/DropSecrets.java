package dev.livedrop.drops;

/**
 * What proves access to a drop. {@code accessVersion} grows whenever the password changes, so
 * every guest token issued before that stops working.
 */
public record DropSecrets(String passwordHash, String adminSecretHash, int accessVersion) {
  public boolean hasPassword() {
    return passwordHash != null;
  }
}
