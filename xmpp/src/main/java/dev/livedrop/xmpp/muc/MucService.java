package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Component;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.muc.features.Anonymity;
import dev.livedrop.xmpp.muc.features.Bans;
import dev.livedrop.xmpp.muc.features.Basics;
import dev.livedrop.xmpp.muc.features.History;
import dev.livedrop.xmpp.muc.features.Lock;
import dev.livedrop.xmpp.muc.features.MaxUsers;
import dev.livedrop.xmpp.muc.features.MembersOnly;
import dev.livedrop.xmpp.muc.features.Moderation;
import dev.livedrop.xmpp.muc.features.PasswordProtection;
import dev.livedrop.xmpp.muc.features.PrivateMessages;
import dev.livedrop.xmpp.muc.features.Subject;
import dev.livedrop.xmpp.muc.archive.ArchivedMessage;
import dev.livedrop.xmpp.muc.archive.MemoryRoomArchive;
import dev.livedrop.xmpp.muc.archive.RoomArchive;
import dev.livedrop.xmpp.muc.mam.Mam;
import dev.livedrop.xmpp.muc.mam.MamQueries;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The multi-user chat service at {@code rooms.{domain}} (XEP-0045): routes stanzas to rooms,
 * answers disco for itself, creates rooms for users (if allowed) and for the application, which
 * drives it through the public methods here.
 */
public final class MucService implements Component {
  /** How many messages a room's archive keeps in memory, when no durable archive is plugged in. */
  public static final int MEMORY_ARCHIVE_MESSAGES = 1000;
  private final String domain;
  private final Router router;
  private final boolean userRooms;
  private final int maxUsersPresence;
  private final Map<String, Room> rooms = new ConcurrentHashMap<>();
  /**
   * Real full JID to the rooms where it is an occupant, kept by the rooms as occupants enter and
   * leave, so that a session's end visits its few rooms instead of every room of the service.
   */
  private final Map<String, Set<Room>> roomsByOccupant = new ConcurrentHashMap<>();
  private final Mam mam = new Mam(new MemoryRoomArchive(MEMORY_ARCHIVE_MESSAGES));
  private final MamQueries mamQueries;
  private final List<RoomFeature> features;

  public MucService(String domain, Router router, boolean userRooms, int maxUsersPresence) {
    this.domain = domain;
    this.router = router;
    this.userRooms = userRooms;
    this.maxUsersPresence = maxUsersPresence;
    // Order matters where hooks refuse: the checks of §7.2 in the order the XEP lists them.
    this.features = List.of(new Bans(), new MembersOnly(), new PasswordProtection(), new MaxUsers(), new Lock(),
        new Moderation(), new Anonymity(), new PrivateMessages(), new Basics(), mam, new History(), new Subject());
    this.mamQueries = new MamQueries(router, mam);
  }

  @Override
  public String domain() {
    return domain;
  }

  Router router() {
    return router;
  }

  int maxUsersPresence() {
    return maxUsersPresence;
  }

  MamQueries mamQueries() {
    return mamQueries;
  }

  /** Rooms now open, for operators. */
  public int roomCount() {
    return rooms.size();
  }

  /** Occupants of every room now (each room's service occupant included); a walk over the rooms, for an occasional scrape. */
  public long occupantCount() {
    long n = 0;
    for (Room r : rooms.values()) n += r.occupantCount();
    return n;
  }

  /** Where rooms keep their messages (XEP-0313, and history across restarts). */
  public RoomArchive archive() {
    return mam.archive();
  }

  /** Plugs in another archive (a durable one); before any room exists, so none is split across two. */
  public void useArchive(RoomArchive archive) {
    if (!rooms.isEmpty()) throw new IllegalStateException("the archive is chosen before any room exists");
    mam.use(archive);
  }

  // --- the application's API ------------------------------------------------------------------

  /**
   * Creates (or returns) an unlocked room the application owns; {@code owners} get affiliation
   * owner. A new room's history is the newest of what its archive holds (blocking: it may read
   * storage, so call it off the event loops).
   */
  public Room createRoom(String localpart, RoomConfig config, List<String> owners) {
    return createRoom(localpart, config, owners, List.of());
  }

  /**
   * As {@link #createRoom(String, RoomConfig, List)}, with features of the application's own that
   * only this room has; they are asked before the service's own at every hook.
   */
  public Room createRoom(String localpart, RoomConfig config, List<String> owners, List<RoomFeature> own) {
    String jid = roomJid(localpart);
    Room existing = rooms.get(jid);
    if (existing != null) return existing;
    List<ArchivedMessage> kept = config.historyLength > 0 ? mam.archive().newest(jid, config.historyLength) : List.of();
    return rooms.computeIfAbsent(jid, j -> {
      var all = new ArrayList<RoomFeature>(own);
      all.addAll(features);
      Room r = new Room(j, this, config.copy(), List.copyOf(all));
      owners.forEach(o -> r.setAffiliation(Jids.bare(o), Affiliation.OWNER));
      for (RoomFeature f : r.features()) f.restored(r, kept);
      return r;
    });
  }

  public Optional<Room> room(String localpart) {
    return Optional.ofNullable(rooms.get(roomJid(localpart)));
  }

  /** §10.9: tells occupants, with an optional reason and alternate venue, and forgets the room. */
  public boolean destroyRoom(String localpart, String reason, String alternateVenue) {
    String jid = roomJid(localpart);
    Room r = rooms.get(jid);
    if (r == null) {
      mam.archive().clear(jid); // a restart may have lost the room but not what it archived
      return false;
    }
    r.destroy(reason, alternateVenue);
    return true;
  }

  /** Posts a groupchat message to a room as {@code nick} (not necessarily an occupant). */
  public Element post(String localpart, String nick, Element message) {
    Room r = room(localpart).orElseThrow(() -> new IllegalArgumentException("no room " + localpart));
    return r.broadcastMessage(nick, message);
  }

  private String roomJid(String localpart) {
    Jids.Parsed p = Jids.parse(localpart + "@" + domain);
    if (p == null || p.localpart() == null) throw new IllegalArgumentException("not a room name: " + localpart);
    return p.bare();
  }

  void discard(Room room) {
    rooms.remove(room.jid(), room);
    // Whoever is still inside: a destroyed room's occupants, or a creator whose join failed halfway.
    for (String realJid : room.realJids()) occupantLeft(realJid, room);
    for (RoomFeature f : room.features()) f.discarded(room);
  }

  // --- Component --------------------------------------------------------------------------

  @Override
  public void receive(Element stanza) {
    try {
      Jids.Parsed to = Jids.parse(stanza.attr("to"));
      if (to.localpart() == null) {
        serviceStanza(stanza);
        return;
      }
      Room room = rooms.get(to.bare());
      if (room == null) {
        room = maybeCreate(stanza, to);
        if (room == null) return;
      }
      room.receive(stanza);
    } catch (StanzaError e) {
      router.bounce(stanza, e);
    }
  }

  /** §10.1.1: a user's presence to a room that does not exist creates it, locked, if allowed. */
  private Room maybeCreate(Element stanza, Jids.Parsed to) {
    boolean join = Stanzas.isPresence(stanza) && stanza.attr("type") == null && to.resource() != null;
    if (!join || !userRooms) {
      if (Stanzas.isPresence(stanza) && "unavailable".equals(stanza.attr("type"))) return null;
      throw new StanzaError(Condition.ITEM_NOT_FOUND, "No such room.");
    }
    Room created = new Room(to.bare(), this, new RoomConfig(), features);
    synchronized (created) { // nobody speaks in it before it is set up
      Room existing = rooms.putIfAbsent(to.bare(), created);
      if (existing != null) return existing;
      mam.archive().clear(created.jid()); // a new room: whatever a durable archive kept under its name is another's
      created.setAffiliation(Jids.bare(stanza.attr("from")), Affiliation.OWNER);
      created.locked(true);
      try {
        created.join(stanza, to.resource(), stanza.attr("from"), true);
      } catch (StanzaError e) {
        discard(created);
        throw e;
      }
    }
    return null;
  }

  private void serviceStanza(Element stanza) {
    if (!Stanzas.isIq(stanza)) {
      if (Stanzas.isMessage(stanza) && !Stanzas.isError(stanza)) throw new StanzaError(Condition.SERVICE_UNAVAILABLE, null);
      return;
    }
    String type = stanza.attr("type");
    if ("result".equals(type) || "error".equals(type)) return;
    Element payload = stanza.firstChild().orElseThrow(() -> new StanzaError(Condition.BAD_REQUEST, null));
    Element result = Stanzas.result(stanza, domain);
    switch (payload.namespace()) {
      case Namespaces.DISCO_INFO -> {
        Element q = result.addChild("query", Namespaces.DISCO_INFO);
        q.addChild("identity").attr("category", "conference").attr("type", "text").attr("name", "Rooms");
        q.addChild("feature").attr("var", Namespaces.MUC);
        q.addChild("feature").attr("var", Namespaces.DISCO_INFO);
        q.addChild("feature").attr("var", Namespaces.DISCO_ITEMS);
        q.addChild("feature").attr("var", Namespaces.STANZA_ID);
      }
      case Namespaces.DISCO_ITEMS -> {
        Element q = result.addChild("query", Namespaces.DISCO_ITEMS);
        rooms.values().stream().filter(r -> r.config().publicRoom && !r.locked()).sorted(java.util.Comparator.comparing(Room::jid))
            .limit(1000).forEach(r -> q.addChild("item").attr("jid", r.jid())
                .attr("name", r.config().name.isEmpty() ? r.localpart() : r.config().name));
      }
      case Namespaces.PING -> { }
      default -> throw new StanzaError(Condition.SERVICE_UNAVAILABLE, null);
    }
    router.deliverTo(stanza.attr("from"), result);
  }

  // --- who is where ----------------------------------------------------------------------------

  /** Called by a room, under its lock, when {@code realJid} becomes one of its occupants. */
  void occupantEntered(String realJid, Room room) {
    // compute, not computeIfAbsent-then-add: a concurrent last leave could drop the set in between.
    roomsByOccupant.compute(realJid, (j, in) -> {
      if (in == null) in = ConcurrentHashMap.newKeySet();
      in.add(room);
      return in;
    });
  }

  /** Called by a room, under its lock, when {@code realJid} is no longer one of its occupants. */
  void occupantLeft(String realJid, Room room) {
    roomsByOccupant.computeIfPresent(realJid, (j, in) -> {
      in.remove(room);
      return in.isEmpty() ? null : in;
    });
  }

  /** The rooms where {@code realJid} is an occupant, as of now. */
  List<Room> roomsOf(String realJid) {
    Set<Room> in = roomsByOccupant.get(realJid);
    return in == null ? List.of() : List.copyOf(in);
  }

  /** How many real JIDs the index holds (each with at least one room). */
  int indexedOccupants() {
    return roomsByOccupant.size();
  }

  @Override
  public void sessionEnded(String fullJid) {
    for (Room r : roomsOf(fullJid)) r.sessionEnded(fullJid);
  }
}
