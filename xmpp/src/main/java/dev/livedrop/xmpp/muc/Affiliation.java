package dev.livedrop.xmpp.muc;

import java.util.Locale;

/** XEP-0045 §5.2: an affiliation outlasts visits; ordered from least to most privileged. */
public enum Affiliation {
  OUTCAST, NONE, MEMBER, ADMIN, OWNER;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Affiliation other) {
    return compareTo(other) >= 0;
  }

  public static Affiliation parse(String s) {
    for (Affiliation a : values()) if (a.code().equals(s)) return a;
    return null;
  }

  /** §5.1: the role one gets on entering, before room features (moderation) have their say. */
  public Role baseRole() {
    return switch (this) {
      case OWNER, ADMIN -> Role.MODERATOR;
      case MEMBER, NONE -> Role.PARTICIPANT;
      case OUTCAST -> Role.NONE;
    };
  }
}
