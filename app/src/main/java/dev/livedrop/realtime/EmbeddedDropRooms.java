package dev.livedrop.realtime;

import dev.livedrop.drops.Change;
import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.muc.Affiliation;
import dev.livedrop.xmpp.muc.MucService;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomConfig;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.muc.RoomFeature;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.function.Predicate;

/** Drop rooms on the XMPP server running in this JVM. */
public final class EmbeddedDropRooms implements DropRooms {
  /** How many messages (events and chat) a newcomer gets on joining. */
  static final int HISTORY = 50;
  private final MucService muc;
  private final String domain;
  private final ViewerLogins logins;
  private final RoomFeature eventsFromServiceOnly = new EventsFromServiceOnly();
  /** Which incarnation of its drop each room was opened for. */
  private final Map<String, String> incarnations = new ConcurrentHashMap<>();

  public EmbeddedDropRooms(MucService muc, String domain, ViewerLogins logins) {
    this.muc = muc;
    this.domain = domain;
    this.logins = logins;
  }

  @Override
  public String domain() {
    return domain;
  }

  @Override
  public String roomJid(String drop) {
    return drop + "@" + muc.domain();
  }

  @Override
  public void open(String drop, String incarnation, String title, String roomPassword) {
    var config = new RoomConfig();
    config.name = title == null || title.isBlank() ? drop : title;
    config.persistent = true; // a drop's room outlives its last viewer; it goes with the drop
    config.publicRoom = false;
    config.password = roomPassword;
    config.whoisAnyone = false; // real JIDs to moderators only
    config.historyLength = HISTORY;
    config.allowPrivateMessages = true;
    config.changeSubject = false;
    String previous = incarnations.get(drop);
    if (previous != null && !previous.equals(incarnation)) {
      muc.destroyRoom(drop, "This drop was deleted.", null);
    }
    muc.room(drop).filter(r -> !r.isAtLeast(muc.domain(), Affiliation.OWNER)).ifPresent(squatted ->
        // A user's room (LIVEDROP_XMPP_USER_ROOMS) took the name before the drop did: the drop's wins.
        muc.destroyRoom(drop, "This name now belongs to a drop.", null));
    incarnations.put(drop, incarnation);
    Room room = muc.createRoom(drop, config, List.of(),
        List.of(new TicketHoldersOnly(drop, incarnation, domain, logins), eventsFromServiceOnly));
    room.reconfigure(c -> {
      c.name = config.name;
      c.password = roomPassword;
    });
    room.enterAsService(LiveProtocol.SERVICE_NICK);
  }

  @Override
  public void grantModerator(String drop, String bareJid) {
    muc.room(drop).ifPresent(r -> {
      if (!r.isAtLeast(bareJid, Affiliation.ADMIN)) r.setAffiliation(bareJid, Affiliation.ADMIN);
    });
  }

  @Override
  public int changeAccess(String drop, String roomPassword, Predicate<String> stillAdmitted, String reason) {
    muc.room(drop).ifPresent(r -> r.reconfigure(c -> c.password = roomPassword));
    return removeUnless(drop, stillAdmitted, reason);
  }

  @Override
  public int removeUnless(String drop, Predicate<String> stillAdmitted, String reason) {
    return muc.room(drop).map(r -> r.kick(o -> {
      String bare = o.realBareJid();
      int at = bare.indexOf('@');
      return at > 0 && !stillAdmitted.test(bare.substring(0, at));
    }, reason)).orElse(0);
  }

  @Override
  public void publish(Change change, String humanText) {
    if (muc.room(change.drop()).isEmpty()) return; // the drop and its room are gone
    Element m = new Element("message", Namespaces.CLIENT).attr("type", "groupchat").attr("id", change.eventId());
    m.addChild("body").text(humanText);
    m.addChild(LiveProtocol.EVENT_ELEMENT, LiveProtocol.EVENT_NS)
        .attr("type", change.type().code())
        .attr("seq", Long.toString(change.seq()))
        .attr("at", DateTimeFormatter.ISO_INSTANT.format(change.at()))
        .text(change.payloadJson());
    m.addChild("origin-id", LiveProtocol.ORIGIN_ID_NS).attr("id", change.eventId());
    muc.post(change.drop(), LiveProtocol.SERVICE_NICK, m);
  }

  @Override
  public void awaitArchived() {
    muc.archive().flush();
  }

  @Override
  public void forgetAllBut(Set<String> liveDrops) {
    Set<String> keep = liveDrops.stream().map(this::roomJid).collect(Collectors.toSet());
    for (String room : muc.archive().rooms()) {
      if (!keep.contains(room)) muc.archive().clear(room);
    }
  }

  @Override
  public void close(String drop, String reason) {
    incarnations.remove(drop);
    muc.destroyRoom(drop, reason, null);
  }

  @Override
  public List<String> occupants(String drop) {
    return muc.room(drop).map(Room::nicknames).orElse(List.of());
  }
}
