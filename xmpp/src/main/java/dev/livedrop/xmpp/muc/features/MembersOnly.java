package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.muc.Affiliation;
import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.JoinRequest;
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
