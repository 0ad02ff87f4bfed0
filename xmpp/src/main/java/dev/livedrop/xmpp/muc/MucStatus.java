package dev.livedrop.xmpp.muc;

/** The status codes of XEP-0045's {@code <x xmlns='…muc#user'><status code='…'/>} (§15.6.1) this server sends. */
public enum MucStatus {
  /** Real JIDs are visible to anyone (non-anonymous room). */
  REAL_JIDS_PUBLIC(100),
  /** This presence is about the recipient itself. */
  SELF_PRESENCE(110),
  /** A new room was created (and is locked until configured). */
  ROOM_CREATED(201),
  /** Banned from the room. */
  BANNED(301),
  /** Nickname changed: the unavailable presence carries the new one. */
  NEW_NICK(303),
  /** Kicked from the room. */
  KICKED(307),
  /** Removed because an affiliation change took away membership of a members-only room. */
  AFFILIATION_CHANGED(321);

  private final int code;

  MucStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
