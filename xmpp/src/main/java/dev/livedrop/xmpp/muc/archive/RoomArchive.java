package dev.livedrop.xmpp.muc.archive;

import dev.livedrop.xmpp.stream.Outbound;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Where a room's groupchat messages are kept for catching up (XEP-0313 MAM, and the join history
 * of XEP-0045 §7.2.15 after a restart). The XMPP server knows only this port: by default
 * {@link MemoryRoomArchive}; an application that must not lose messages across restarts plugs in
 * a durable one. Rooms are named by their bare JID; each message by its XEP-0359 stanza-id, so a
 * MAM {@code after} works with the id a client saw live.
 */
public interface RoomArchive extends AutoCloseable {
  /**
   * Keeps one message as it was broadcast ({@code sent}, without a recipient). Called under the
   * room's lock on whichever thread broadcast it, often an event loop: it must not block.
   */
  void append(String room, String stanzaId, long atMillis, String nick, Outbound sent);

  /**
   * Returns once every message appended before the call is stored as durably as this archive
   * stores anything. Blocking: never on an event loop.
   */
  void flush();

  /** The messages the query selects (never blocks the caller; a durable archive reads elsewhere). */
  CompletionStage<ArchivePage> query(String room, ArchiveQuery query);

  /** The newest {@code n} messages, oldest first: a room's join history when it opens. Blocking. */
  List<ArchivedMessage> newest(String room, int n);

  /** Forgets the room's messages (the room is gone; a new room of that name starts empty). Must not block. */
  void clear(String room);

  /** The rooms that have messages here. Blocking. */
  Set<String> rooms();

  @Override
  default void close() {}

  /** A MAM {@code after} or {@code before} names an id the archive does not hold (XEP-0313 §4.3: item-not-found). */
  final class UnknownId extends RuntimeException {
    public UnknownId(String id) {
      super("No message in the archive has the id " + id + ".", null, false, false);
    }
  }

  /** The archive cannot take a query now (a durable archive's queue is full). */
  final class Busy extends RuntimeException {
    public Busy() {
      super("The archive is busy; try again shortly.", null, false, false);
    }
  }
}
