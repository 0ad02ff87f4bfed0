package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.xml.Element;

/** §7.8.2 mediated invitations: an occupant asks the room to invite someone; the room's features may refuse or add to it. */
final class RoomInvites {
  private RoomInvites() {}

  static void handle(Room room, Element m, Occupant sender) {
    Element x = m.child("x", Namespaces.MUC_USER).get();
    Element invite = x.child("invite", Namespaces.MUC_USER)
        .orElseThrow(() -> new StanzaError(Condition.BAD_REQUEST, "Only invitations go to the room as normal messages."));
    if (sender == null) throw new StanzaError(Condition.NOT_ACCEPTABLE, "Only occupants may invite.");
    String invitee = invite.attr("to");
    if (invitee == null) throw new StanzaError(Condition.BAD_REQUEST, "An invitation names its invitee.");
    Element out = new Element("message", Namespaces.CLIENT).attr("from", room.jid()).attr("to", invitee);
    Element ux = out.addChild("x", Namespaces.MUC_USER);
    Element inv = ux.addChild("invite").attr("from", sender.realBareJid());
    invite.child("reason", Namespaces.MUC_USER).ifPresent(r -> inv.addChild("reason").text(r.text()));
    // Members-only and password rules have their say (and their additions) in their features.
    for (RoomFeature f : room.features()) f.inviting(room, sender, Jids.bare(invitee), ux);
    room.service().router().route(out);
  }
}
