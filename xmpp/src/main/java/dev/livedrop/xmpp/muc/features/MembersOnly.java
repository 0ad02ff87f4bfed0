package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.muc.Affiliation;
import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.JoinRequest;
import dev.livedrop.xmpp.muc.MucStatus;
import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.xml.Element;
import java.util.List;

/** §7.2.5: a members-only room admits members, admins and owners only (else 407). */
public final class MembersOnly implements RoomFeature {
  static final String FIELD = "muc#roomconfig_membersonly";

  @Override
  public void preJoin(Room room, JoinRequest join) {
    if (room.config().membersOnly && !join.creating() && !join.affiliation().atLeast(Affiliation.MEMBER)) {
      throw new StanzaError(StanzaError.Condition.REGISTRATION_REQUIRED, "This room is for members only.");
    }
  }

  /** §9.4: losing membership of a members-only room is losing one's place in it. */
  @Override
  public MucStatus removesOn(Room room, Affiliation affiliation) {
    return room.config().membersOnly && !affiliation.atLeast(Affiliation.MEMBER) ? MucStatus.AFFILIATION_CHANGED : null;
  }

  /** §7.8.2: only admins invite to a members-only room, and the invitee becomes a member. */
  @Override
  public void inviting(Room room, Occupant sender, String inviteeBareJid, Element invitation) {
    if (!room.config().membersOnly) return;
    if (!room.affiliation(sender.realBareJid()).atLeast(Affiliation.ADMIN)) {
      throw new StanzaError(StanzaError.Condition.FORBIDDEN, "Only admins invite to this members-only room.");
    }
    if (!room.affiliation(inviteeBareJid).atLeast(Affiliation.MEMBER)) room.setAffiliation(inviteeBareJid, Affiliation.MEMBER);
  }

  @Override
  public void discoFeatures(Room room, List<String> features) {
    features.add(room.config().membersOnly ? "muc_membersonly" : "muc_open");
  }

  @Override
  public void configForm(Room room, Element form) {
    DataForm.field(form, FIELD, "boolean", "Members only", room.config().membersOnly ? "1" : "0");
  }

  @Override
  public void configSubmit(Room room, DataForm f) {
    Boolean v = f.bool(FIELD);
    if (v != null) room.config().membersOnly = v;
  }
}
