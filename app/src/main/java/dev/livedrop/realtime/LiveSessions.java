package dev.livedrop.realtime;

import dev.livedrop.drops.ChangeLog;
import dev.livedrop.drops.DropService;
import dev.livedrop.drops.Role;
import dev.livedrop.drops.StoredDrop;
import dev.livedrop.drops.Viewer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Hands a drop's viewer what they need to follow it live over XMPP: where to connect, a login of
 * their own (a generated localpart and a ticket as its password), the room and its password, and
 * the sequence number the REST state they load next is at least as new as.
 */
public final class LiveSessions {
  /** Every ticket login's localpart starts with this, so it never collides with an account. */
  public static final String LOCALPART_PREFIX = "v-";
  private static final Duration TICKET_TTL = Duration.ofHours(12);
  private final DropService drops;
  private final ChangeLog changes;
  private final DropRooms rooms;
  private final RoomSync sync;
  private final XmppTickets tickets;
  private final Endpoints endpoints;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Where clients connect, as seen from outside (the public URL and the XMPP TCP port). */
  public record Endpoints(String websocket, String bosh, String tcpHost, int tcpPort) {
    public static Endpoints of(String publicUrl, int tcpPort) {
      URI u = URI.create(publicUrl);
      String ws = ("https".equals(u.getScheme()) ? "wss" : "ws") + publicUrl.substring(u.getScheme().length());
      return new Endpoints(ws + "/xmpp-websocket", publicUrl + "/http-bind", u.getHost(), tcpPort);
    }
  }

  public record Session(String domain, String websocket, String bosh, String tcpHost, int tcpPort, String jid,
      String username, String password, String room, String roomPassword, String nick, String role, long seq,
      Instant expiresAt) {}

  LiveSessions(DropService drops, ChangeLog changes, DropRooms rooms, RoomSync sync, XmppTickets tickets,
      Endpoints endpoints, Clock clock) {
    this.drops = drops;
    this.changes = changes;
    this.rooms = rooms;
    this.sync = sync;
    this.tickets = tickets;
    this.endpoints = endpoints;
    this.clock = clock;
  }

  /**
   * Blocking (reads the database): call off the event loop. The drop is read once, after the last
   * seq, so that what the session says of it is at least as new as that seq; {@code admit} decides
   * who is asking against that same read.
   */
  public Session open(String drop, Function<StoredDrop, Viewer> admit) {
    long seq = changes.lastSeq(drop);
    StoredDrop stored = drops.live(drop);
    Viewer viewer = admit.apply(stored);
    String name = stored.drop().name();
    // The room normally exists already; a session asked for before the drop's creation event
    // was published opens it here rather than failing.
    sync.open(stored);
    Instant expires = earliest(clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(TICKET_TTL),
        stored.drop().expiresAt(), viewer.admittedUntil());
    byte[] id = new byte[8];
    random.nextBytes(id);
    String localpart = LOCALPART_PREFIX + HexFormat.of().formatHex(id);
    String ticket = tickets.issue(new XmppTickets.Ticket(localpart, name, stored.secrets().incarnation(),
        viewer.role(), viewer.nickname(), stored.secrets().accessVersion(), expires));
    String bare = localpart + "@" + rooms.domain();
    if (viewer.role() == Role.ADMIN) rooms.grantModerator(name, bare);
    return new Session(rooms.domain(), endpoints.websocket(), endpoints.bosh(), endpoints.tcpHost(), endpoints.tcpPort(),
        bare, localpart, ticket, rooms.roomJid(name), sync.roomPassword(stored),
        viewer.nickname(), viewer.role().name().toLowerCase(java.util.Locale.ROOT), seq, expires);
  }

  /** A ticket outlives neither the drop nor the token it was asked for with. */
  private static Instant earliest(Instant ttl, Instant dropExpires, Instant admittedUntil) {
    Instant e = ttl;
    if (dropExpires != null && dropExpires.isBefore(e)) e = dropExpires;
    if (admittedUntil != null && admittedUntil.isBefore(e)) e = admittedUntil;
    return e;
  }
}
