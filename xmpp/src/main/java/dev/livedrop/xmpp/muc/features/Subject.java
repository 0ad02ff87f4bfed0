package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Role;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.xml.Element;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** §8.1: the room's subject, set by moderators (or anyone, if configured), sent last to newcomers. */
public final class Subject implements RoomFeature {
  static final String FIELD = "muc#roomconfig_changesubject";
  private final Map<Room, Element> subjects = new ConcurrentHashMap<>();

  @Override
  public void preMessage(Room room, Occupant sender, Element message) {
    if (message.child("subject", Namespaces.CLIENT).isEmpty() || message.child("body", Namespaces.CLIENT).isPresent()) return;
    if (sender.role() != Role.MODERATOR && !(room.config().changeSubject && sender.role() == Role.PARTICIPANT)) {
      throw new StanzaError(StanzaError.Condition.FORBIDDEN, "Only moderators change the subject here.");
    }
  }

  @Override
  public void broadcasted(Room room, Element message, Outbound sent) {
    if (message.child("subject", Namespaces.CLIENT).isPresent() && message.child("body", Namespaces.CLIENT).isEmpty()) {
      Element stored = message.copy();
      stored.attr("to", null);
      subjects.put(room, stored);
    }
  }

  @Override
  public void joined(Room room, Occupant occupant, Element joinPresence) {
    Element s = subjects.get(room);
    if (s == null) {
      // §7.2.15: the subject message comes even when there is none, to say the join is complete.
      s = new Element("message", Namespaces.CLIENT).attr("type", "groupchat").attr("from", room.jid());
      s.addChild("subject");
    }
    room.sendTo(occupant, s.copy());
  }

  @Override
  public void discarded(Room room) {
    subjects.remove(room);
  }

  @Override
  public void configForm(Room room, Element form) {
    DataForm.field(form, FIELD, "boolean", "Participants may change the subject", room.config().changeSubject ? "1" : "0");
  }

  @Override
  public void configSubmit(Room room, DataForm f) {
    Boolean v = f.bool(FIELD);
    if (v != null) room.config().changeSubject = v;
  }
}
