package dev.livedrop.realtime;

import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.xml.Element;

/**
 * Only livedrop speaks for the drop in its room: a viewer's message may not carry an event
 * payload, nor the id or XEP-0359 origin-id of an event ({@code ev-…}), with which it could pass
 * for a change or hide a real event's line from clients that drop repeats by id. The service's own
 * posts do not pass through here (they are broadcast by the room directly).
 */
final class EventsFromServiceOnly implements RoomFeature {
  @Override
  public void preMessage(Room room, Occupant sender, Element message) {
    boolean claimsEvent = message.child(LiveProtocol.EVENT_ELEMENT, LiveProtocol.EVENT_NS).isPresent()
        || isEventId(message.attr("id"))
        || message.child("origin-id", LiveProtocol.ORIGIN_ID_NS).map(o -> isEventId(o.attr("id"))).orElse(false);
    if (claimsEvent) {
      throw new StanzaError(Condition.FORBIDDEN, "Only livedrop posts events in a drop's room.");
    }
  }

  private static boolean isEventId(String id) {
    return id != null && id.startsWith(LiveProtocol.EVENT_ID_PREFIX);
  }
}
