package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Role;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.xml.Element;

/** §7.5: private messages between occupants, if the room allows them (visitors never). */
public final class PrivateMessages implements RoomFeature {
  static final String FIELD = "muc#roomconfig_allowpm";

  @Override
  public void prePrivateMessage(Room room, Occupant sender, Occupant recipient) {
    if (!room.config().allowPrivateMessages || sender.role() == Role.VISITOR) {
      throw new StanzaError(StanzaError.Condition.NOT_ALLOWED, "Private messages are off in this room.");
    }
  }

  @Override
  public void configForm(Room room, Element form) {
    var f = DataForm.field(form, FIELD, "list-single", "Who may send private messages",
        room.config().allowPrivateMessages ? "anyone" : "none");
    DataForm.option(f, "Anyone", "anyone");
    DataForm.option(f, "Nobody", "none");
  }

  @Override
  public void configSubmit(Room room, DataForm f) {
    String v = f.value(FIELD);
    if (v != null) room.config().allowPrivateMessages = !v.equals("none") && !v.equals("0") && !v.equals("false");
  }
}
