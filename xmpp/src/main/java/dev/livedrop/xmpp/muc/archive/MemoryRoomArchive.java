package dev.livedrop.xmpp.muc.archive;

import dev.livedrop.xmpp.stream.Outbound;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The archive of a server that keeps nothing across restarts: each room's newest messages in a
 * {@link HistoryLog} ring of bytes (nothing allocated per message once the ring has grown).
 */
public final class MemoryRoomArchive implements RoomArchive {
  private final int maxPerRoom;
  private final Map<String, HistoryLog> rooms = new ConcurrentHashMap<>();

  public MemoryRoomArchive(int maxPerRoom) {
    this.maxPerRoom = maxPerRoom;
  }

  @Override
  public void append(String room, String stanzaId, long atMillis, String nick, Outbound sent) {
    HistoryLog log = rooms.computeIfAbsent(room, r -> new HistoryLog());
    UUID id = uuid(stanzaId);
    synchronized (log) {
      log.add(sent, atMillis * 1_000_000, maxPerRoom, id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
  }

  @Override
  public void flush() {
    // Nothing is more durable than memory here.
  }

  @Override
  public CompletionStage<ArchivePage> query(String room, ArchiveQuery q) {
    try {
      return CompletableFuture.completedFuture(select(room, q));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private ArchivePage select(String room, ArchiveQuery q) {
    HistoryLog log = rooms.get(room);
    if (log == null) {
      if (q.after() != null) throw new UnknownId(q.after());
      if (q.before() != null && !q.before().isEmpty()) throw new UnknownId(q.before());
      return new ArchivePage(List.of(), true, 0, 0);
    }
    synchronized (log) {
      int n = log.size();
      // Positions from the oldest (0) to the newest (n - 1); after/before bound them exclusively.
      int from = q.after() == null ? 0 : position(log, q.after()) + 1;
      int to = q.before() == null || q.before().isEmpty() ? n : position(log, q.before());
      var range = new ArrayList<Integer>();
      for (int i = 0; i < n; i++) if (q.inRange(log.atEpochNanos(n - 1 - i) / 1_000_000)) range.add(i);
      int lo = 0;
      while (lo < range.size() && range.get(lo) < from) lo++;
      int hi = range.size();
      while (hi > lo && range.get(hi - 1) >= to) hi--;
      int candidates = hi - lo;
      int take = Math.min(q.max(), candidates);
      int first = q.backwards() ? hi - take : lo;
      var page = new ArrayList<ArchivedMessage>(take);
      for (int k = first; k < first + take; k++) {
        int back = n - 1 - range.get(k);
        String id = new UUID(log.idHigh(back), log.idLow(back)).toString();
        page.add(new ArchivedMessage(id, log.atEpochNanos(back) / 1_000_000, log.xml(back)));
      }
      return new ArchivePage(page, take == candidates, range.size(), first);
    }
  }

  private static int position(HistoryLog log, String id) {
    UUID u;
    try {
      u = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new UnknownId(id);
    }
    int back = log.backOf(u.getMostSignificantBits(), u.getLeastSignificantBits());
    if (back < 0) throw new UnknownId(id);
    return log.size() - 1 - back;
  }

  @Override
  public List<ArchivedMessage> newest(String room, int n) {
    HistoryLog log = rooms.get(room);
    if (log == null) return List.of();
    synchronized (log) {
      var out = new ArrayList<ArchivedMessage>();
      for (int back = Math.min(n, log.size()) - 1; back >= 0; back--) {
        out.add(new ArchivedMessage(new UUID(log.idHigh(back), log.idLow(back)).toString(),
            log.atEpochNanos(back) / 1_000_000, log.xml(back)));
      }
      return out;
    }
  }

  @Override
  public void clear(String room) {
    rooms.remove(room);
  }

  @Override
  public Set<String> rooms() {
    return Set.copyOf(rooms.keySet());
  }

  /** Ids are the stanza-ids the room stamps, UUIDs; anything else is kept under the nil UUID (never found). */
  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return new UUID(0, 0);
    }
  }
}
