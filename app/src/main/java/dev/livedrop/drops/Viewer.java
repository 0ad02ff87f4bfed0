package dev.livedrop.drops;

/**
 * Someone the access layer has admitted to a drop, with the nickname they act under. The domain
 * trusts this to be checked already; it only decides what the role allows.
 */
public record Viewer(String drop, Role role, String nickname) {
  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
