package dev.livedrop.xmpp.muc;

import java.util.Locale;

/** XEP-0045 §5.1: a role lasts one visit. */
public enum Role {
  NONE, VISITOR, PARTICIPANT, MODERATOR;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String s) {
    for (Role r : values()) if (r.code().equals(s)) return r;
    return null;
  }
}
