package dev.livedrop.drops;

/**
 * What proves access to a drop. {@code accessVersion} grows whenever the password changes, so
 * every guest token issued before that stops working. {@code incarnation} is made once when the
 * drop is created and never reused: a drop deleted and created again under the same name is
 * another incarnation, so nothing issued for the first one (tokens, cookies, XMPP tickets, the
 * room password) opens the second, although its access version starts at 1 again. Drops created
 * before incarnations existed have the empty one.
 */
public record DropSecrets(String passwordHash, String adminSecretHash, int accessVersion, String incarnation) {
  public DropSecrets {
    if (incarnation == null) incarnation = "";
  }

  public boolean hasPassword() {
    return passwordHash != null;
  }

  /** The same secrets under a new password (null for none): every earlier guest token is revoked. */
  public DropSecrets withPassword(String newPasswordHash) {
    return new DropSecrets(newPasswordHash, adminSecretHash, accessVersion + 1, incarnation);
  }
}
