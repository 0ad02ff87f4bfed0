package dev.livedrop.realtime;

import dev.livedrop.drops.Change;
import dev.livedrop.drops.DropStore;
import dev.livedrop.drops.StoredDrop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each drop's room in step with the drop as its changes are published: opens it when the
 * drop appears, renames it and changes its password (locking out whoever no longer qualifies)
 * when the drop's settings change, destroys it when the drop goes.
 */
final class RoomSync {
  private static final Logger log = LoggerFactory.getLogger(RoomSync.class);
  private final DropStore store;
  private final DropRooms rooms;
  private final LiveAccess access;
  private final XmppTickets tickets;
  private final ViewerLogins logins;

  RoomSync(DropStore store, DropRooms rooms, LiveAccess access, XmppTickets tickets, ViewerLogins logins) {
    this.store = store;
    this.rooms = rooms;
    this.access = access;
    this.tickets = tickets;
    this.logins = logins;
  }

  /** At start: every live drop's room, as the drop is now. */
  void openAll(Iterable<StoredDrop> drops) {
    var names = new java.util.HashSet<String>();
    drops.forEach(d -> names.add(d.drop().name()));
    // A drop deleted just before a crash left its messages behind; a new drop of its name must not find them.
    rooms.forgetAllBut(names);
    for (StoredDrop d : drops) open(d);
  }

  void open(StoredDrop d) {
    access.put(d);
    rooms.open(d.drop().name(), d.secrets().incarnation(), d.drop().title(), roomPassword(d));
  }

  /** Before the event goes out: the room must exist (created) and be as the drop now is (updated). */
  void beforePublish(Change c) {
    switch (c.type()) {
      case DROP_CREATED -> store.findDrop(c.drop()).ifPresent(this::open);
      case DROP_UPDATED -> store.findDrop(c.drop()).ifPresent(this::update);
      default -> {
        // the room is as it was
      }
    }
  }

  /**
   * After the event went out: a deleted drop's room goes, its occupants told why. If a new drop
   * of the same name exists already, opening it replaces the old incarnation's room.
   */
  void afterPublish(Change c) {
    if (c.type() != dev.livedrop.drops.ChangeType.DROP_DELETED) return;
    store.findDrop(c.drop()).ifPresentOrElse(this::open, () -> {
      access.remove(c.drop());
      rooms.close(c.drop(), EventText.of(c));
    });
  }

  String roomPassword(StoredDrop d) {
    return tickets.roomPassword(d.drop().name(), d.secrets().incarnation(), d.secrets().accessVersion());
  }

  private void update(StoredDrop d) {
    String name = d.drop().name();
    open(d);
    // Whether access changed is not compared with what we knew: a session handed out since the
    // change may already have refreshed that. Checking every occupant is cheap and always right.
    int kicked = rooms.changeAccess(name, roomPassword(d),
        localpart -> logins.admitted(localpart).isPresent(),
        "The drop's password has changed; enter it again to come back.");
    if (kicked > 0) log.info("drop {}: access changed, {} occupants no longer admitted", name, kicked);
  }
}
