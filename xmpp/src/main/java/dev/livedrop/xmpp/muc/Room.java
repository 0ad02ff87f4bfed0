package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Delivery;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The small core of a multi-user chat room (XEP-0045): occupants, affiliations, entering,
 * leaving, nickname changes and groupchat broadcast. Everything else is a {@link RoomFeature}.
 * All state changes happen under the room's lock.
 */
public final class Room {
  private final String jid;
  private final MucService service;
  private final RoomConfig config;
  private final List<RoomFeature> features;
  /** Occupants by the comparable form of their nickname ({@link Nicknames#comparable}). */
  private final Map<String, Occupant> byNick = new LinkedHashMap<>();
  private final Map<String, Occupant> byRealJid = new HashMap<>();
  private final Map<String, Affiliation> affiliations = new ConcurrentHashMap<>();
  private final RoomPresence presence = new RoomPresence(this);
  private boolean locked;
  private boolean destroyed;

  Room(String jid, MucService service, RoomConfig config, List<RoomFeature> features) {
    this.jid = jid;
    this.service = service;
    this.config = config;
    this.features = features;
  }

  public String jid() {
    return jid;
  }

  public String localpart() {
    return jid.substring(0, jid.indexOf('@'));
  }

  public RoomConfig config() {
    return config;
  }

  MucService service() {
    return service;
  }

  List<RoomFeature> features() {
    return features;
  }

  public synchronized int occupantCount() {
    return byNick.size();
  }

  public synchronized List<Occupant> occupants() {
    return new ArrayList<>(byNick.values());
  }

  public synchronized List<String> nicknames() {
    return byNick.values().stream().map(Occupant::nick).toList();
  }

  Occupant occupantByNick(String nick) {
    try {
      return byNick.get(Nicknames.comparable(nick));
    } catch (StanzaError notANickname) {
      return null;
    }
  }

  Occupant occupantByRealJid(String realJid) {
    return byRealJid.get(realJid);
  }

  /** Whether this full JID is in the room now (call under the room's lock). */
  public boolean isOccupant(String realJid) {
    return realJid != null && byRealJid.containsKey(realJid);
  }

  synchronized List<String> realJids() {
    return List.copyOf(byRealJid.keySet());
  }

  Collection<Occupant> occupantsOf(String bareJid) {
    return byNick.values().stream().filter(o -> o.realBareJid().equals(bareJid)).toList();
  }

  public Affiliation affiliation(String bareJid) {
    return affiliations.getOrDefault(bareJid, Affiliation.NONE);
  }

  public synchronized void setAffiliation(String bareJid, Affiliation a) {
    if (a == Affiliation.NONE) affiliations.remove(bareJid);
    else affiliations.put(bareJid, a);
  }

  Map<String, Affiliation> affiliations() {
    return affiliations;
  }

  public synchronized boolean locked() {
    return locked;
  }

  public synchronized void locked(boolean l) {
    locked = l;
  }

  /** One stanza to one occupant's real JID. */
  public void sendTo(Occupant o, Element stanza) {
    stanza.attr("to", o.realJid());
    service.router().deliverTo(o.realJid(), stanza);
  }

  /** Occupants whose affiliation is at least {@code a} (for features that check membership). */
  public boolean isAtLeast(String bareJid, Affiliation a) {
    return affiliation(bareJid).atLeast(a);
  }

  RoomPresence presence() {
    return presence;
  }

  // --- stanzas addressed to the room -----------------------------------------------------

  public synchronized void receive(Element stanza) {
    if (destroyed) throw new StanzaError(Condition.ITEM_NOT_FOUND, "The room is gone.");
    String nick = Jids.resource(stanza.attr("to"));
    if (Stanzas.isPresence(stanza)) {
      if (nick == null) throw new StanzaError(Condition.JID_MALFORMED, "Enter a room as room@service/nickname.");
      presence(stanza, nick);
    } else if (Stanzas.isMessage(stanza)) {
      if (nick == null) groupMessage(stanza);
      else privateMessage(stanza, nick);
    } else if (Stanzas.isIq(stanza)) {
      RoomQueries.handle(this, stanza);
    }
  }

  private void presence(Element p, String nick) {
    String from = p.attr("from");
    Occupant existing = byRealJid.get(from);
    String type = p.attr("type");
    if ("unavailable".equals(type)) {
      if (existing != null) leave(existing, List.of(), null);
      return;
    }
    if ("error".equals(type)) {
      if (existing != null) leave(existing, List.of(), null); // §7.14: an error means the client is gone
      return;
    }
    if (type != null) return; // subscription requests to a room mean nothing
    if (existing == null) {
      join(p, nick, from, false);
    } else if (!existing.nick().equals(nick)) {
      changeNick(existing, nick);
    } else {
      existing.presence(p.copy());
      presence.changed(existing);
    }
  }

  /** §7.2: enters the room, or throws the error that refuses it. */
  void join(Element p, String nick, String realJid, boolean creating) {
    String nickNorm = Nicknames.display(nick);
    String bare = Jids.bare(realJid);
    var request = new JoinRequest(nickNorm, realJid, bare, affiliation(bare), p, creating);
    Occupant holder = byNick.get(Nicknames.comparable(nickNorm));
    if (holder != null) {
      // §7.2.9. One occupant per nickname: this service does not merge several sessions into one
      // occupant (multi-session nicks), so another session of the same user is refused too,
      // rather than taking the nickname over and leaving the first session deaf to the room.
      throw new StanzaError(Condition.CONFLICT, holder.realBareJid().equals(bare)
          ? "That nickname is in use by another of your sessions." : "That nickname is in use.");
    }
    for (RoomFeature f : features) f.preJoin(this, request);
    Delivery d = service.router().find(realJid);
    var occupant = new Occupant(nickNorm, realJid, roleFor(request.affiliation()), p.copy());
    add(occupant);
    occupant.delivery(d);
    presence.existingTo(occupant);
    var statuses = new ArrayList<MucStatus>();
    for (RoomFeature f : features) f.selfPresenceStatuses(this, request, statuses);
    presence.joined(occupant, statuses);
    for (RoomFeature f : features) f.joined(this, occupant, p);
  }

  private void changeNick(Occupant o, String newNick) {
    String n = Nicknames.display(newNick);
    Occupant holder = byNick.get(Nicknames.comparable(n));
    if (holder != null && holder != o) throw new StanzaError(Condition.CONFLICT, "That nickname is in use.");
    for (RoomFeature f : features) f.preNickChange(this, o, n);
    // §7.6: unavailable with 303 and the new nick, then available under the new one.
    presence.leavingNick(o, n);
    byNick.remove(Nicknames.comparable(o.nick()));
    o.nick(n);
    byNick.put(Nicknames.comparable(n), o);
    presence.changed(o);
  }

  /** The role an occupant with this affiliation has here, as the room's features shape it (§5.1). */
  Role roleFor(Affiliation affiliation) {
    Role role = affiliation.baseRole();
    for (RoomFeature f : features) role = f.role(this, affiliation, role);
    return role;
  }

  /** Whether {@code recipient} is shown real JIDs (§7.2.3-4): the room's anonymity, as its features say. */
  boolean showsRealJidsTo(Occupant recipient) {
    for (RoomFeature f : features) if (f.showsRealJids(this, recipient)) return true;
    return false;
  }

  /** Every occupant enters here and goes through {@link #remove}, so the service knows who is where. */
  private void add(Occupant o) {
    byNick.put(Nicknames.comparable(o.nick()), o);
    byRealJid.put(o.realJid(), o);
    service.occupantEntered(o.realJid(), this);
  }

  private void remove(Occupant o) {
    byNick.remove(Nicknames.comparable(o.nick()));
    byRealJid.remove(o.realJid());
    service.occupantLeft(o.realJid(), this);
  }

  /** Removes an occupant, telling everyone; {@code why} is empty when it left of its own accord. */
  void leave(Occupant o, List<MucStatus> why, String reason) {
    presence.left(o, why, reason);
    remove(o);
    if (byNick.isEmpty() && !config.persistent) service.discard(this);
  }

  // --- the application's API ------------------------------------------------------------------

  /** Changes the configuration under the room's lock (a new password takes effect for the next join). */
  public synchronized void reconfigure(Consumer<RoomConfig> change) {
    change.accept(config);
  }

  /**
   * Kicks (§8.2, status 307) every occupant the predicate picks, telling everyone why; returns how
   * many left. The application uses it when someone's access to what the room is about ends.
   */
  public synchronized int kick(Predicate<Occupant> who, String reason) {
    int n = 0;
    for (Occupant o : new ArrayList<>(byNick.values())) {
      if (who.test(o) && !o.realJid().equals(serviceJid())) {
        leave(o, List.of(MucStatus.KICKED), reason);
        n++;
      }
    }
    return n;
  }

  /**
   * Puts the service itself in the room as an occupant with this nickname, so that everyone sees
   * who posts the room's events. It has no session: stanzas to it go nowhere.
   */
  public synchronized void enterAsService(String nick) {
    String nickNorm = Nicknames.display(nick);
    if (byNick.containsKey(Nicknames.comparable(nickNorm))) return;
    String realJid = serviceJid();
    Element p = new Element("presence", Namespaces.CLIENT);
    var occupant = new Occupant(nickNorm, realJid, Role.MODERATOR, p);
    setAffiliation(Jids.bare(realJid), Affiliation.OWNER);
    add(occupant);
    presence.announced(occupant);
  }

  private String serviceJid() {
    return service.domain() + "/room-service";
  }

  /** The real user's session went away without leaving (connection lost). */
  synchronized void sessionEnded(String realJid) {
    Occupant o = byRealJid.get(realJid);
    if (o != null) leave(o, List.of(), null);
  }

  private void groupMessage(Element m) {
    Occupant sender = byRealJid.get(m.attr("from"));
    if (!"groupchat".equals(m.attr("type"))) {
      if (m.child("x", Namespaces.MUC_USER).isPresent()) {
        RoomInvites.handle(this, m, sender);
        return;
      }
      throw new StanzaError(Condition.BAD_REQUEST, "Messages to a room are type='groupchat'.");
    }
    if (sender == null) throw new StanzaError(Condition.NOT_ACCEPTABLE, "Only occupants may speak here."); // §7.4
    for (RoomFeature f : features) f.preMessage(this, sender, m);
    broadcastMessage(sender.nick(), m);
  }

  /**
   * Broadcasts a groupchat message from {@code nick} (or the room itself if null), stamped with a
   * XEP-0359 stanza-id, serialized once for every occupant.
   */
  public synchronized Element broadcastMessage(String nick, Element m) {
    Element out = new Element("message", Namespaces.CLIENT).attr("type", "groupchat")
        .attr("from", nick == null ? jid : jid + "/" + nick).attr("id", m.attr("id"));
    if (m.attr("xml:lang") != null) out.attr("xml:lang", m.attr("xml:lang"));
    for (Node n : m.children()) {
      if (!(n instanceof Element child)) continue;
      // §3 of XEP-0359: a stanza-id claimed by the sender for this room is a forgery; drop it.
      if (child.is("stanza-id", Namespaces.STANZA_ID) && jid.equals(child.attr("by"))) continue;
      out.add(child.copy());
    }
    out.addChild("stanza-id", Namespaces.STANZA_ID).attr("id", UUID.randomUUID().toString()).attr("by", jid);
    var outbound = new Outbound(out);
    for (Occupant o : byNick.values()) deliver(o, outbound);
    for (RoomFeature f : features) f.broadcasted(this, out, outbound);
    return out;
  }

  private void privateMessage(Element m, String nick) {
    Occupant sender = byRealJid.get(m.attr("from"));
    Occupant recipient = byNick.get(Nicknames.comparable(Nicknames.display(nick)));
    if (sender == null) throw new StanzaError(Condition.NOT_ACCEPTABLE, "Only occupants may send private messages.");
    if (recipient == null) throw new StanzaError(Condition.ITEM_NOT_FOUND, "No occupant has that nickname.");
    if ("groupchat".equals(m.attr("type"))) throw new StanzaError(Condition.BAD_REQUEST, "A private message is not groupchat.");
    for (RoomFeature f : features) f.prePrivateMessage(this, sender, recipient);
    Element out = m.copy();
    out.attr("from", jid + "/" + sender.nick()).attr("to", recipient.realJid());
    out.addChild("x", Namespaces.MUC_USER);
    service.router().deliverTo(recipient.realJid(), out);
  }

  void deliver(Occupant o, Outbound out) {
    Delivery d = o.delivery();
    if (d == null) {
      // Joined before its session was routable (a component's occupant): look it up until it is.
      d = service.router().find(o.realJid());
      o.delivery(d);
    }
    if (d != null) d.deliver(out, o.realJid());
  }

  /** §10.9: everyone leaves with the reason and an optional alternate venue; the room is gone. */
  public synchronized void destroy(String reason, String alternateVenue) {
    Element destroy = new Element("destroy", Namespaces.MUC_USER);
    if (alternateVenue != null) destroy.attr("jid", alternateVenue);
    if (reason != null) destroy.addChild("reason").text(reason);
    for (Occupant o : new ArrayList<>(byNick.values())) {
      Element p = presence.gone(o);
      p.child("x", Namespaces.MUC_USER).ifPresent(x -> {
        x.child("item", Namespaces.MUC_USER).ifPresent(i -> i.attr("affiliation", "none"));
        x.add(destroy.copy());
      });
      p.attr("to", o.realJid());
      service.router().deliverTo(o.realJid(), p);
    }
    destroyed = true;
    service.discard(this); // before the maps are emptied: the service forgets who was inside
    byNick.clear();
    byRealJid.clear();
  }

  public synchronized boolean destroyed() {
    return destroyed;
  }
}
