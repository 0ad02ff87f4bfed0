package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.muc.Affiliation;
import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.JoinRequest;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.xml.Element;

/** §7.2.10: a full room refuses newcomers (503) but for its admins and owners. 0 means no limit. */
public final class MaxUsers implements RoomFeature {
  static final String FIELD = "muc#roomconfig_maxusers";

  @Override
  public void preJoin(Room room, JoinRequest join) {
    int max = room.config().maxUsers;
    if (max > 0 && room.occupantCount() >= max && !join.affiliation().atLeast(Affiliation.ADMIN)) {
      throw new StanzaError(StanzaError.Condition.SERVICE_UNAVAILABLE, "The room is full.");
    }
  }

  @Override
  public void configForm(Room room, Element form) {
    DataForm.field(form, FIELD, "text-single", "Maximum occupants (0: no limit)", String.valueOf(room.config().maxUsers));
  }

  @Override
  public void configSubmit(Room room, DataForm f) {
    String v = f.value(FIELD);
    if (v == null) return;
    try {
      room.config().maxUsers = v.equals("none") ? 0 : Math.max(0, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      throw new StanzaError(StanzaError.Condition.NOT_ACCEPTABLE, FIELD + " is a number.");
    }
  }
}
