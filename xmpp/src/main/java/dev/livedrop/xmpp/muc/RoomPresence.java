package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.xml.Element;
import java.util.ArrayList;
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

  /**
   * What one presence says of its occupant: whether it is leaving (or leaving its old nickname),
   * why, and under which new nickname.
   */
  private record Shape(boolean unavailable, List<MucStatus> statuses, String newNick, String reason) {
    static final Shape HERE = new Shape(false, List.of(), null, null);

    Shape withSelf() {
      var all = new ArrayList<MucStatus>(statuses.size() + 1);
      all.addAll(statuses);
      all.add(MucStatus.SELF_PRESENCE);
      return new Shape(unavailable, all, newNick, reason);
    }
  }

  private Element of(Occupant o, Shape shape, boolean withJid) {
    Element p = new Element("presence", Namespaces.CLIENT).attr("from", room.jid() + "/" + o.nick());
    if (shape.unavailable()) p.attr("type", "unavailable");
    if (o.presence() != null && !shape.unavailable()) {
      o.presence().elements()
          .filter(e -> e.namespace().equals(Namespaces.CLIENT) && (e.name().equals("show") || e.name().equals("status") || e.name().equals("priority")))
          .forEach(e -> p.add(e.copy()));
    }
    Element x = p.addChild("x", Namespaces.MUC_USER);
    Element item = x.addChild("item").attr("affiliation", room.affiliation(o.realBareJid()).code())
        .attr("role", shape.unavailable() && shape.newNick() == null ? Role.NONE.code() : o.role().code());
    if (withJid) item.attr("jid", o.realJid());
    if (shape.newNick() != null) item.attr("nick", shape.newNick());
    if (shape.reason() != null) item.addChild("reason").text(shape.reason());
    for (MucStatus status : shape.statuses()) x.addChild("status").attr("code", String.valueOf(status.code()));
    return p;
  }

  // --- what happened to an occupant, told to everyone and to the occupant itself ---------------

  /** A newcomer is in: everyone else sees it arrive; its own copy carries {@code statuses} too. */
  void joined(Occupant o, List<MucStatus> statuses) {
    broadcast(o, Shape.HERE);
    self(o, new Shape(false, statuses, null, null).withSelf());
  }

  /** Its presence, role or affiliation changed while it stays (§7.7, §8-9). */
  void changed(Occupant o) {
    broadcast(o, Shape.HERE);
    self(o, Shape.HERE.withSelf());
  }

  /** §7.6: the occupant is about to take {@code newNick}: its old nickname goes unavailable. */
  void leavingNick(Occupant o, String newNick) {
    var shape = new Shape(true, List.of(MucStatus.NEW_NICK), newNick, null);
    broadcast(o, shape);
    self(o, shape.withSelf());
  }

  /** The occupant leaves; {@code why} is empty for leaving of its own accord. */
  void left(Occupant o, List<MucStatus> why, String reason) {
    var shape = new Shape(true, why, null, reason);
    broadcast(o, shape);
    self(o, shape.withSelf());
  }

  /** An occupant without a session of its own (the room's service) is in: only others are told. */
  void announced(Occupant o) {
    broadcast(o, Shape.HERE);
  }

  /** The occupant as gone, without its real JID: the base of the presences a destroyed room sends. */
  Element gone(Occupant o) {
    return of(o, new Shape(true, List.of(), null, null), false);
  }

  /** Whether {@code recipient} may see real JIDs (§7.2.3/§7.2.4). */
  boolean seesJids(Occupant recipient) {
    return room.showsRealJidsTo(recipient);
  }

  /** Whether {@code o}'s comings and goings are broadcast to {@code recipient}. */
  boolean broadcastTo(Occupant o, Occupant recipient) {
    if (recipient == o) return true;
    if (!room.config().presenceBroadcast.contains(o.role())) return recipient.role() == Role.MODERATOR;
    return room.occupantCount() <= room.service().maxUsersPresence() || recipient.role() == Role.MODERATOR;
  }

  /** Sends {@code o}'s presence to every occupant but {@code o} who is to hear of it. */
  private void broadcast(Occupant o, Shape shape) {
    Outbound withJid = null;
    Outbound anonymous = null;
    for (Occupant r : room.occupants()) {
      if (r == o || !broadcastTo(o, r)) continue;
      Outbound out;
      if (seesJids(r)) {
        if (withJid == null) withJid = new Outbound(of(o, shape, true));
        out = withJid;
      } else {
        if (anonymous == null) anonymous = new Outbound(of(o, shape, false));
        out = anonymous;
      }
      room.deliver(r, out);
    }
  }

  /** The occupant's own copy, always with its real JID. */
  private void self(Occupant o, Shape shape) {
    Element p = of(o, shape, true);
    p.attr("to", o.realJid());
    room.service().router().deliverTo(o.realJid(), p);
  }

  /** §7.2.3: every present occupant's presence to a newcomer, before their own. */
  void existingTo(Occupant newcomer) {
    for (Occupant o : room.occupants()) {
      if (o == newcomer || !broadcastTo(o, newcomer)) continue;
      Element p = of(o, Shape.HERE, seesJids(newcomer));
      p.attr("to", newcomer.realJid());
      room.service().router().deliverTo(newcomer.realJid(), p);
    }
  }

}
