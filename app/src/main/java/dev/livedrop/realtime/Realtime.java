package dev.livedrop.realtime;

import dev.livedrop.drops.ChangeLog;
import dev.livedrop.drops.DropService;
import dev.livedrop.drops.DropStore;
import dev.livedrop.xmpp.XmppServer;
import java.time.Clock;

/**
 * The realtime layer, assembled: drop rooms, viewers' XMPP logins, and the publisher that turns
 * every recorded change into a message in the drop's room.
 */
public final class Realtime implements AutoCloseable {
  private final DropStore store;
  private final RoomSync sync;
  private final EventPublisher publisher;
  private final LiveSessions sessions;
  private final DropRooms rooms;
  private final ExpiredTickets expiredTickets;
  private final Clock clock;

  private Realtime(DropStore store, RoomSync sync, EventPublisher publisher, LiveSessions sessions, DropRooms rooms,
      ExpiredTickets expiredTickets, Clock clock) {
    this.store = store;
    this.sync = sync;
    this.publisher = publisher;
    this.sessions = sessions;
    this.rooms = rooms;
    this.expiredTickets = expiredTickets;
    this.clock = clock;
  }

  /** On the XMPP server in this JVM; plugs the viewers' login into it. */
  public static Realtime embedded(XmppServer xmpp, DropStore store, ChangeLog changes, DropService drops,
      byte[] serverKey, LiveSessions.Endpoints endpoints, Clock clock) {
    var tickets = new XmppTickets(serverKey, clock);
    var access = new LiveAccess();
    var logins = new ViewerLogins(tickets, access, clock);
    xmpp.addAuthenticator(logins);
    DropRooms rooms = new EmbeddedDropRooms(xmpp.muc(), xmpp.config().domain(), logins);
    var sync = new RoomSync(store, rooms, access, tickets, logins);
    var publisher = new EventPublisher(changes, rooms, sync, clock);
    var sessions = new LiveSessions(drops, changes, rooms, sync, tickets, endpoints, clock);
    var expiredTickets = new ExpiredTickets(access, rooms, logins);
    return new Realtime(store, sync, publisher, sessions, rooms, expiredTickets, clock);
  }

  /** Opens every live drop's room, then starts publishing what is waiting (from before a restart, too). */
  public void start() {
    sync.openAll(store.liveDrops(clock.instant()));
    publisher.start();
    expiredTickets.start();
  }

  public LiveSessions sessions() {
    return sessions;
  }

  public EventPublisher publisher() {
    return publisher;
  }

  public DropRooms rooms() {
    return rooms;
  }

  @Override
  public void close() {
    expiredTickets.close();
    publisher.close();
  }
}
