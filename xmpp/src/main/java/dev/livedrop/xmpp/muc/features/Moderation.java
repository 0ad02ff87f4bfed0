package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.muc.Affiliation;
import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Role;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.xml.Element;
import java.util.List;

/** §7.4 / §8.3-8.4: in a moderated room, visitors have no voice; moderators grant and revoke it. */
public final class Moderation implements RoomFeature {
  static final String FIELD = "muc#roomconfig_moderatedroom";

  @Override
  public void preMessage(Room room, Occupant sender, Element message) {
    if (sender.role() == Role.VISITOR && message.child("body", Namespaces.CLIENT).isPresent()) {
      throw new StanzaError(StanzaError.Condition.FORBIDDEN, "Visitors have no voice in this moderated room.");
    }
  }

  /** §5.1: in a moderated room, those without affiliation enter as visitors. */
  @Override
  public Role role(Room room, Affiliation affiliation, Role role) {
    return room.config().moderated && affiliation == Affiliation.NONE && role == Role.PARTICIPANT ? Role.VISITOR : role;
  }

  @Override
  public void discoFeatures(Room room, List<String> features) {
    features.add(room.config().moderated ? "muc_moderated" : "muc_unmoderated");
  }

  @Override
  public void configForm(Room room, Element form) {
    DataForm.field(form, FIELD, "boolean", "Moderated", room.config().moderated ? "1" : "0");
  }

  @Override
  public void configSubmit(Room room, DataForm f) {
    Boolean v = f.bool(FIELD);
    if (v != null) room.config().moderated = v;
  }
}
