package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.muc.archive.ArchivedMessage;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.xml.Element;
import java.util.List;

/**
 * One feature of a room, plugged into the named points of a room's life (the Prosody way): to read
 * how passwords work, open PasswordProtection. Every hook has a do-nothing default.
 */
public interface RoomFeature {
  /** Before someone enters; throw StanzaError to refuse (XEP-0045 §7.2). */
  default void preJoin(Room room, JoinRequest join) {}

  /** Before an occupant takes another nickname (§7.6); throw StanzaError to refuse. */
  default void preNickChange(Room room, Occupant occupant, String newNick) {}

  /** After the newcomer's self-presence went out: history, subject. */
  default void joined(Room room, Occupant occupant, Element joinPresence) {}

  /** Statuses the newcomer's self-presence carries besides {@link MucStatus#SELF_PRESENCE}. */
  default void selfPresenceStatuses(Room room, JoinRequest join, List<MucStatus> statuses) {}

  /** disco#info features of the room (§15.2). */
  default void discoFeatures(Room room, List<String> features) {}

  /** Fields of the owner configuration form (§15.5.3). */
  default void configForm(Room room, Element form) {}

  /** Applies a submitted configuration form. */
  default void configSubmit(Room room, DataForm submitted) {}

  /** Before a groupchat message is broadcast; throw StanzaError to refuse. */
  default void preMessage(Room room, Occupant sender, Element message) {}

  /** After a groupchat message went to everyone; {@code sent} is it as serialized for them. */
  default void broadcasted(Room room, Element message, Outbound sent) {}

  /** A private message between occupants (§7.5); throw StanzaError to refuse. */
  default void prePrivateMessage(Room room, Occupant sender, Occupant recipient) {}

  /**
   * A mediated invitation (§7.8.2) is about to go out: throw StanzaError to refuse it; add to
   * {@code invitation} (the outgoing {@code <x xmlns='…muc#user'/>}) what the invitee needs.
   */
  default void inviting(Room room, Occupant sender, String inviteeBareJid, Element invitation) {}

  /** The role an occupant with this affiliation gets (on entering, or when it changes); {@code role} is the one so far. */
  default Role role(Room room, Affiliation affiliation, Role role) {
    return role;
  }

  /** Whether {@code recipient} is shown occupants' real JIDs (§7.2.3-4); any feature saying yes decides. */
  default boolean showsRealJids(Room room, Occupant recipient) {
    return false;
  }

  /** A status to remove present occupants with when their affiliation becomes this one (§9.1, §9.4), or null. */
  default MucStatus removesOn(Room room, Affiliation affiliation) {
    return null;
  }

  /** A new room starts with the newest messages of its archive (blocking reads are done already). */
  default void restored(Room room, List<ArchivedMessage> newest) {}

  /** The room is gone from the service: forget what is kept for it. */
  default void discarded(Room room) {}
}
