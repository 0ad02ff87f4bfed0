package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;
import java.util.List;

/**
 * The {@code muc#admin} IQ (§8, §9): kick, voice, and affiliation changes (ban, member, admin,
 * owner), with the privilege rules of §5: moderators change roles of those not above them; admins
 * change affiliations up to member and ban; owners may do everything.
 */
final class AdminQueries {
  private AdminQueries() {}

  static Element handle(Room room, Element iq, Element query) {
    Occupant actor = room.occupantByRealJid(iq.attr("from"));
    String actorBare = Jids.bare(iq.attr("from"));
    Affiliation actorAff = room.affiliation(actorBare);
    Element item = query.child("item", Namespaces.MUC_ADMIN)
        .orElseThrow(() -> new StanzaError(Condition.BAD_REQUEST, "An admin query holds an item."));
    if ("get".equals(iq.attr("type"))) return list(room, iq, item, actor, actorAff);
    String reason = item.childText("reason", Namespaces.MUC_ADMIN);
    if (item.attr("role") != null) {
      if (actor == null || actor.role() != Role.MODERATOR) throw forbidden();
      setRole(room, item, Role.parse(item.attr("role")), actorAff, reason);
    } else if (item.attr("affiliation") != null) {
      setAffiliation(room, item, Affiliation.parse(item.attr("affiliation")), actorAff, reason);
    } else {
      throw new StanzaError(Condition.BAD_REQUEST, "Set a role or an affiliation.");
    }
    return Stanzas.result(iq, room.jid());
  }

  private static void setRole(Room room, Element item, Role role, Affiliation actorAff, String reason) {
    if (role == null) throw new StanzaError(Condition.BAD_REQUEST, "Unknown role.");
    String nick = item.attr("nick");
    Occupant target = nick == null ? null : room.occupantByNick(nick);
    if (target == null) throw new StanzaError(Condition.ITEM_NOT_FOUND, "No occupant has that nickname.");
    Affiliation targetAff = room.affiliation(target.realBareJid());
    // §5.1.1 / §8.2: nobody changes the role of someone with a higher affiliation, or an admin's/owner's
    // unless they are an owner or an admin acting on a plain occupant.
    if (targetAff.compareTo(actorAff) > 0 || (targetAff.atLeast(Affiliation.ADMIN) && role != Role.MODERATOR)) {
      throw new StanzaError(Condition.NOT_ALLOWED, "You may not change that occupant's role.");
    }
    if (role == Role.MODERATOR && !actorAff.atLeast(Affiliation.ADMIN)) throw forbidden();
    if (role == Role.NONE) {
      room.leave(target, List.of(MucStatus.KICKED), reason); // §8.2
      return;
    }
    target.role(role);
    room.presence().changed(target);
  }

  private static void setAffiliation(Room room, Element item, Affiliation aff, Affiliation actorAff, String reason) {
    if (aff == null) throw new StanzaError(Condition.BAD_REQUEST, "Unknown affiliation.");
    String jid = item.attr("jid");
    if (jid == null && item.attr("nick") != null) {
      Occupant o = room.occupantByNick(item.attr("nick"));
      if (o != null) jid = o.realBareJid();
    }
    if (jid == null) throw new StanzaError(Condition.BAD_REQUEST, "Name the user by jid.");
    String bare = Jids.bare(jid);
    Affiliation current = room.affiliation(bare);
    boolean ownerTerritory = aff.atLeast(Affiliation.ADMIN) || current.atLeast(Affiliation.ADMIN);
    if (ownerTerritory ? actorAff != Affiliation.OWNER : !actorAff.atLeast(Affiliation.ADMIN)) throw forbidden();
    if (current == Affiliation.OWNER && aff != Affiliation.OWNER && room.affiliations().values().stream()
        .filter(a -> a == Affiliation.OWNER).count() == 1) {
      throw new StanzaError(Condition.CONFLICT, "A room keeps at least one owner."); // §10.6
    }
    room.setAffiliation(bare, aff);
    MucStatus removal = null;
    for (RoomFeature f : room.features()) {
      if ((removal = f.removesOn(room, aff)) != null) break;
    }
    for (Occupant o : List.copyOf(room.occupantsOf(bare))) {
      if (removal != null) {
        room.leave(o, List.of(removal), reason);
      } else {
        o.role(room.roleFor(aff));
        room.presence().changed(o);
      }
    }
  }

  private static Element list(Room room, Element iq, Element item, Occupant actor, Affiliation actorAff) {
    Element result = Stanzas.result(iq, room.jid());
    Element q = result.addChild("query", Namespaces.MUC_ADMIN);
    if (item.attr("affiliation") != null) {
      Affiliation wanted = Affiliation.parse(item.attr("affiliation"));
      if (wanted == null) throw new StanzaError(Condition.BAD_REQUEST, "Unknown affiliation.");
      if (!actorAff.atLeast(Affiliation.ADMIN)) throw forbidden();
      room.affiliations().forEach((jid, a) -> {
        if (a == wanted) q.addChild("item").attr("jid", jid).attr("affiliation", a.code());
      });
    } else {
      Role wanted = Role.parse(item.attr("role"));
      if (wanted == null) throw new StanzaError(Condition.BAD_REQUEST, "Unknown role.");
      if (actor == null || actor.role() != Role.MODERATOR) throw forbidden();
      for (Occupant o : room.occupants()) {
        if (o.role() == wanted) q.addChild("item").attr("nick", o.nick()).attr("role", o.role().code())
            .attr("jid", o.realJid()).attr("affiliation", room.affiliation(o.realBareJid()).code());
      }
    }
    return result;
  }

  private static StanzaError forbidden() {
    return new StanzaError(Condition.FORBIDDEN, "Your affiliation or role does not allow that.");
  }
}
