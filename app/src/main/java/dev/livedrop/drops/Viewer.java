package dev.livedrop.drops;

import java.time.Instant;

/**
 * Someone the access layer has admitted to a drop, with the nickname they act under. The domain
 * trusts this to be checked already; it only decides what the role allows. {@code admittedUntil}
 * is when the credential that admitted them expires (null when none was needed): whatever is
 * handed out on the strength of this admission must not outlive it.
 */
public record Viewer(String drop, Role role, String nickname, Instant admittedUntil) {
  public Viewer(String drop, Role role, String nickname) {
    this(drop, role, nickname, null);
  }

  /** The same viewer acting under another nickname. */
  public Viewer withNickname(String nick) {
    return new Viewer(drop, role, nick, admittedUntil);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
