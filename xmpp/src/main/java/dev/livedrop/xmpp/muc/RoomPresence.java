package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.xml.Element;
import java.util.List;

/**
 * Occupant presence as XEP-0045 §7.2 shapes it, and who gets it. A presence is serialized at most
 * twice per broadcast (with and without the real JID) and spliced per recipient; above the
 * server's threshold of occupants, joins and leaves go only to moderators, so a crowd of viewers
 * costs linear, not quadratic, traffic.
 */
final class RoomPresence {
  private final Room room;

  RoomPresence(Room room) {
    this.room = room;
  }

  /** The presence of {@code o} as others see it; {@code withJid} adds the real JID. */
  Element of(Occupant o, boolean unavailable, boolean withJid, List<Integer> codes, String newNick) {
    return of(o, unavailable, withJid, codes, newNick, null);
  }

  Element of(Occupant o, boolean unavailable, boolean withJid, List<Integer> codes, String newNick, String reason) {
    Element p = new Element("presence", Namespaces.CLIENT).attr("from", room.jid() + "/" + o.nick());
    if (unavailable) p.attr("type", "unavailable");
    if (o.presence() != null && !unavailable) {
      o.presence().elements()
          .filter(e -> e.namespace().equals(Namespaces.CLIENT) && (e.name().equals("show") || e.name().equals("status") || e.name().equals("priority")))
          .forEach(e -> p.add(e.copy()));
    }
    Element x = p.addChild("x", Namespaces.MUC_USER);
    Element item = x.addChild("item").attr("affiliation", room.affiliation(o.realBareJid()).code())
        .attr("role", unavailable && newNick == null ? Role.NONE.code() : o.role().code());
    if (withJid) item.attr("jid", o.realJid());
    if (newNick != null) item.attr("nick", newNick);
    if (reason != null) item.addChild("reason").text(reason);
    for (int code : codes) x.addChild("status").attr("code", String.valueOf(code));
    return p;
  }

  /** Whether {@code recipient} may see real JIDs (§7.2.3/§7.2.4). */
  boolean seesJids(Occupant recipient) {
    return room.config().whoisAnyone || recipient.role() == Role.MODERATOR;
  }

  /** Whether {@code o}'s comings and goings are broadcast to {@code recipient}. */
  boolean broadcastTo(Occupant o, Occupant recipient) {
    if (recipient == o) return true;
    if (!room.config().presenceBroadcast.contains(o.role())) return recipient.role() == Role.MODERATOR;
    return room.occupantCount() <= room.service().maxUsersPresence() || recipient.role() == Role.MODERATOR;
  }

  /** Sends {@code o}'s presence to every occupant but {@code o}; codes apply to all. */
  void broadcast(Occupant o, boolean unavailable, List<Integer> codes, String newNick) {
    broadcast(o, unavailable, codes, newNick, null);
  }

  void broadcast(Occupant o, boolean unavailable, List<Integer> codes, String newNick, String reason) {
    Outbound withJid = null;
    Outbound anonymous = null;
    for (Occupant r : room.occupants()) {
      if (r == o || !broadcastTo(o, r)) continue;
      Outbound out;
      if (seesJids(r)) {
        if (withJid == null) withJid = new Outbound(of(o, unavailable, true, codes, newNick, reason));
        out = withJid;
      } else {
        if (anonymous == null) anonymous = new Outbound(of(o, unavailable, false, codes, newNick, reason));
        out = anonymous;
      }
      room.deliver(r, out);
    }
  }

  /** The occupant's own copy, with 110 and whatever else applies. */
  void self(Occupant o, boolean unavailable, List<Integer> codes, String newNick) {
    self(o, unavailable, codes, newNick, null);
  }

  void self(Occupant o, boolean unavailable, List<Integer> codes, String newNick, String reason) {
    Element p = of(o, unavailable, true, codes, newNick, reason);
    p.attr("to", o.realJid());
    room.service().router().deliverTo(o.realJid(), p);
  }

  /** §7.2.3: every present occupant's presence to a newcomer, before their own. */
  void existingTo(Occupant newcomer) {
    for (Occupant o : room.occupants()) {
      if (o == newcomer || !broadcastTo(o, newcomer)) continue;
      Element p = of(o, false, seesJids(newcomer), List.of(), null);
      p.attr("to", newcomer.realJid());
      room.service().router().deliverTo(newcomer.realJid(), p);
    }
  }

}
