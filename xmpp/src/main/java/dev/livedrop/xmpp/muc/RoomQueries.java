package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;
import java.util.ArrayList;

/** IQs to a room: disco (§6.4), the admin list and role changes (§8-9), the owner form and destroy (§10). */
final class RoomQueries {
  private RoomQueries() {}

  static void handle(Room room, Element iq) {
    String type = iq.attr("type");
    if ("result".equals(type) || "error".equals(type)) return;
    Element payload = iq.firstChild().orElseThrow(() -> new StanzaError(Condition.BAD_REQUEST, null));
    if (Jids.resource(iq.attr("to")) != null) {
      // §6.7: a non-occupant may not query occupants at all; an occupant's IQ is not relayed.
      if (!room.isOccupant(iq.attr("from"))) throw new StanzaError(Condition.BAD_REQUEST, "Only occupants may query an occupant.");
      throw new StanzaError(Condition.SERVICE_UNAVAILABLE, "IQs to occupants are not relayed.");
    }
    if (payload.namespace().equals(Namespaces.MAM)) {
      room.service().mamQueries().handle(room, iq, payload); // answers when the archive has been read
      return;
    }
    Element reply = switch (payload.namespace()) {
      case Namespaces.DISCO_INFO -> discoInfo(room, iq);
      case Namespaces.DISCO_ITEMS -> discoItems(room, iq);
      case Namespaces.MUC_ADMIN -> AdminQueries.handle(room, iq, payload);
      case Namespaces.MUC_OWNER -> OwnerQueries.handle(room, iq, payload);
      case Namespaces.PING -> Stanzas.result(iq, room.jid());
      default -> throw new StanzaError(Condition.SERVICE_UNAVAILABLE, null);
    };
    room.service().router().deliverTo(iq.attr("from"), reply);
  }

  private static Element discoInfo(Room room, Element iq) {
    Element result = Stanzas.result(iq, room.jid());
    Element q = result.addChild("query", Namespaces.DISCO_INFO);
    q.addChild("identity").attr("category", "conference").attr("type", "text")
        .attr("name", room.config().name.isEmpty() ? room.localpart() : room.config().name);
    var features = new ArrayList<String>();
    features.add(Namespaces.MUC);
    features.add(Namespaces.STANZA_ID);
    for (RoomFeature f : room.features()) f.discoFeatures(room, features);
    features.stream().distinct().forEach(f -> q.addChild("feature").attr("var", f));
    Element form = DataForm.form("result", Namespaces.MUC_ROOMINFO);
    DataForm.field(form, "muc#roominfo_description", null, "Description", room.config().description);
    DataForm.field(form, "muc#roominfo_occupants", null, "Number of occupants", String.valueOf(room.occupantCount()));
    q.add(form);
    return result;
  }

  private static Element discoItems(Room room, Element iq) {
    Element result = Stanzas.result(iq, room.jid());
    Element q = result.addChild("query", Namespaces.DISCO_ITEMS);
    // §6.5: occupants are listed only where anyone may see who is there.
    if (room.config().publicRoom && room.occupantCount() <= room.service().maxUsersPresence()) {
      for (String nick : room.nicknames()) q.addChild("item").attr("jid", room.jid() + "/" + nick).attr("name", nick);
    }
    return result;
  }
}
