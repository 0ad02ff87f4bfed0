package dev.livedrop.xmpp.muc;

import java.util.EnumSet;

/**
 * A room's settings, the fields of the XEP-0045 §15.5.3 owner form. Mutable; changed only under
 * the room's lock.
 */
public final class RoomConfig {
  public String name = "";
  public String description = "";
  public boolean persistent;
  public boolean publicRoom = true;
  public String password;
  public boolean membersOnly;
  public boolean moderated;
  public int maxUsers;
  /** "anyone" makes real JIDs visible to all (non-anonymous); "moderators" to moderators only. */
  public boolean whoisAnyone;
  public int historyLength = 20;
  public boolean allowPrivateMessages = true;
  public boolean changeSubject;
  public EnumSet<Role> presenceBroadcast = EnumSet.of(Role.MODERATOR, Role.PARTICIPANT, Role.VISITOR);

  public RoomConfig copy() {
    var c = new RoomConfig();
    c.name = name;
    c.description = description;
    c.persistent = persistent;
    c.publicRoom = publicRoom;
    c.password = password;
    c.membersOnly = membersOnly;
    c.moderated = moderated;
    c.maxUsers = maxUsers;
    c.whoisAnyone = whoisAnyone;
    c.historyLength = historyLength;
    c.allowPrivateMessages = allowPrivateMessages;
    c.changeSubject = changeSubject;
    c.presenceBroadcast = EnumSet.copyOf(presenceBroadcast);
    return c;
  }
}
