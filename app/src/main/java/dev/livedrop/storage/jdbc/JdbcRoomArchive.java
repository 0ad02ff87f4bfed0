package dev.livedrop.storage.jdbc;

import dev.livedrop.xmpp.muc.archive.ArchivePage;
import dev.livedrop.xmpp.muc.archive.ArchiveQuery;
import dev.livedrop.xmpp.muc.archive.ArchivedMessage;
import dev.livedrop.xmpp.muc.archive.RoomArchive;
import dev.livedrop.xmpp.stream.Outbound;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms' archive in the table {@code room_archive}, in SQL that SQLite and PostgreSQL both
 * speak. One writer thread does everything in the order it was asked: appends from the event
 * loops are queued (a loop never waits for the database) and written in one transaction per
 * batch; queries, flushes and clears take their turn behind the appends before them, so a query
 * sees every message broadcast before it.
 *
 * <p>The price: a chat line is in the database a few milliseconds after it went out (longer while
 * another writer holds SQLite's lock), and a crash in between loses it from the archive. Events
 * do not have that window: the publisher {@link #flush flushes} before it marks them published.
 */
public final class JdbcRoomArchive implements RoomArchive {
  private static final Logger log = LoggerFactory.getLogger(JdbcRoomArchive.class);
  /** Appends waiting for the writer beyond which new ones are dropped (the database has stalled). */
  private static final int QUEUE = 100_000;
  private static final int BATCH = 1_000;
  private static final long WAIT_SECONDS = 30;

  private final Jdbi jdbi;
  private final int maxPerRoom;
  private final BlockingQueue<Object> tasks = new LinkedBlockingQueue<>(QUEUE);
  private final Thread writer;
  /** The newest position written per room (writer thread only). */
  private final Map<String, Long> lastPos = new HashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  /** Write batches that failed: a flush after one fails, so the publisher posts its events again. */
  private final AtomicLong failedWrites = new AtomicLong();

  private record Append(String room, String id, long at, String nick, String xml) {}

  private record Clear(String room) {}

  private record Read(Function<Handle, Object> work, CompletableFuture<Object> done) {}

  private record Stop() {}

  public JdbcRoomArchive(DataSource dataSource, int maxPerRoom) {
    this.jdbi = Jdbi.create(dataSource);
    // One query text serves every combination of filters; the ones it does not use stay unbound.
    jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
    this.maxPerRoom = maxPerRoom;
    this.writer = Thread.ofPlatform().name("room-archive").daemon().start(this::loop);
  }

  @Override
  public void append(String room, String stanzaId, long atMillis, String nick, Outbound sent) {
    int head = sent.unaddressedHeadLength();
    int tail = sent.unaddressedTailLength();
    byte[] xml = new byte[head + tail];
    System.arraycopy(sent.framedHead(), 0, xml, 0, head);
    System.arraycopy(sent.tail(), sent.tail().length - tail, xml, head, tail);
    if (!tasks.offer(new Append(room, stanzaId, atMillis, nick, new String(xml, StandardCharsets.UTF_8)))) {
      if (dropped.getAndIncrement() % 1000 == 0) log.warn("room archive queue full; {} messages not archived", dropped.get());
    }
  }

  @Override
  public void clear(String room) {
    if (!tasks.offer(new Clear(room))) log.warn("room archive queue full; the archive of {} is not cleared", room);
  }

  @Override
  public void flush() {
    long failedBefore = failedWrites.get();
    await(submit(h -> null));
    if (failedWrites.get() != failedBefore) throw new IllegalStateException("writing the room archive failed");
  }

  @Override
  public CompletionStage<ArchivePage> query(String room, ArchiveQuery q) {
    var done = new CompletableFuture<Object>();
    if (!tasks.offer(new Read(h -> select(h, room, q), done))) return CompletableFuture.failedFuture(new Busy());
    return done.thenApply(ArchivePage.class::cast);
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<ArchivedMessage> newest(String room, int n) {
    return (List<ArchivedMessage>) await(submit(h -> {
      List<ArchivedMessage> out = new ArrayList<>(h.createQuery("SELECT stanza_id, sent_at, xml FROM room_archive"
              + " WHERE room = :room ORDER BY pos DESC LIMIT :n")
          .bind("room", room).bind("n", n).map((rs, ctx) -> message(rs)).list());
      Collections.reverse(out);
      return out;
    }));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Set<String> rooms() {
    return Set.copyOf((List<String>) await(submit(h ->
        h.createQuery("SELECT DISTINCT room FROM room_archive").mapTo(String.class).list())));
  }

  private CompletableFuture<Object> submit(Function<Handle, Object> work) {
    var done = new CompletableFuture<Object>();
    try {
      if (!tasks.offer(new Read(work, done), WAIT_SECONDS, TimeUnit.SECONDS)) throw new Busy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return done;
  }

  private static Object await(CompletableFuture<Object> f) {
    try {
      return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the room archive did not answer within " + WAIT_SECONDS + " s", e);
    }
  }

  // --- the writer thread ---------------------------------------------------------------------------

  private void loop() {
    var batch = new ArrayList<Object>(BATCH);
    while (true) {
      try {
        batch.add(tasks.take());
        tasks.drainTo(batch, BATCH - 1);
        if (!run(batch)) return;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("room archive writer failed", e);
      } finally {
        batch.clear();
      }
    }
  }

  /** Runs the tasks in order, the writes between two reads in one transaction; false on stop. */
  private boolean run(List<Object> batch) {
    var writes = new ArrayList<Object>();
    for (Object t : batch) {
      if (t instanceof Append || t instanceof Clear) {
        writes.add(t);
        continue;
      }
      write(writes);
      if (t instanceof Stop) return false;
      Read r = (Read) t;
      try {
        r.done().complete(jdbi.withHandle(h -> r.work().apply(h)));
      } catch (RuntimeException e) {
        r.done().completeExceptionally(e);
      }
    }
    write(writes);
    return true;
  }

  private void write(List<Object> writes) {
    if (writes.isEmpty()) return;
    try {
      jdbi.useTransaction(h -> {
        Set<String> grown = new LinkedHashSet<>();
        var appends = new ArrayList<Append>();
        for (Object w : writes) {
          if (w instanceof Clear c) {
            insert(h, appends); // keep the order: what came before the clear goes with it
            h.createUpdate("DELETE FROM room_archive WHERE room = :room").bind("room", c.room()).execute();
            lastPos.put(c.room(), 0L);
            grown.remove(c.room());
          } else if (w instanceof Append a) {
            appends.add(a);
            grown.add(a.room());
          }
        }
        insert(h, appends);
        for (String room : grown) {
          long cut = lastPos.get(room) - maxPerRoom;
          if (cut > 0) h.createUpdate("DELETE FROM room_archive WHERE room = :room AND pos <= :cut")
              .bind("room", room).bind("cut", cut).execute();
        }
      });
    } catch (RuntimeException e) {
      failedWrites.incrementAndGet();
      lastPos.clear(); // read again from the database: the failed transaction wrote nothing
      log.error("{} room archive writes failed", writes.size(), e);
    } finally {
      writes.clear();
    }
  }

  private void insert(Handle h, List<Append> appends) {
    if (appends.isEmpty()) return;
    var insert = h.prepareBatch("INSERT INTO room_archive (room, pos, stanza_id, sent_at, nick, xml)"
        + " VALUES (:room, :pos, :id, :at, :nick, :xml)");
    for (Append a : appends) {
      insert.bind("room", a.room()).bind("pos", nextPos(h, a.room())).bind("id", a.id()).bind("at", a.at())
          .bind("nick", a.nick()).bind("xml", a.xml()).add();
    }
    insert.execute();
    appends.clear();
  }

  private long nextPos(Handle h, String room) {
    Long last = lastPos.get(room);
    if (last == null) {
      last = h.createQuery("SELECT COALESCE(MAX(pos), 0) FROM room_archive WHERE room = :room")
          .bind("room", room).mapTo(Long.class).one();
    }
    lastPos.put(room, last + 1);
    return last + 1;
  }

  private static ArchivePage select(Handle h, String room, ArchiveQuery q) {
    Long after = q.after() == null ? null : position(h, room, q.after());
    Long before = q.before() == null || q.before().isEmpty() ? null : position(h, room, q.before());
    String range = " FROM room_archive WHERE room = :room"
        + (q.startMillis() != null ? " AND sent_at >= :start" : "")
        + (q.endMillis() != null ? " AND sent_at <= :end" : "");
    String page = range + (after != null ? " AND pos > :after" : "") + (before != null ? " AND pos < :before" : "");
    int count = bind(h.createQuery("SELECT COUNT(*)" + range), room, q).mapTo(Integer.class).one();
    // One more than asked for: whether the page reaches the end of the range in its direction.
    List<Object[]> rows = bind(h.createQuery("SELECT stanza_id, sent_at, xml, pos" + page
            + " ORDER BY pos " + (q.backwards() ? "DESC" : "ASC") + " LIMIT :limit"), room, q)
        .bind("after", after).bind("before", before).bind("limit", q.max() + 1)
        .map((rs, ctx) -> new Object[] {message(rs), rs.getLong("pos")}).list();
    boolean complete = rows.size() <= q.max();
    List<Object[]> kept = new ArrayList<>(rows.subList(0, Math.min(rows.size(), q.max())));
    if (q.backwards()) Collections.reverse(kept);
    var messages = kept.stream().map(r -> (ArchivedMessage) r[0]).toList();
    int firstIndex = kept.isEmpty() ? 0 : bind(h.createQuery("SELECT COUNT(*)" + range + " AND pos < :first"), room, q)
        .bind("first", (Long) kept.getFirst()[1]).mapTo(Integer.class).one();
    return new ArchivePage(messages, complete, count, firstIndex);
  }

  private static Query bind(Query query, String room, ArchiveQuery q) {
    return query.bind("room", room).bind("start", q.startMillis()).bind("end", q.endMillis());
  }

  private static long position(Handle h, String room, String id) {
    return h.createQuery("SELECT pos FROM room_archive WHERE room = :room AND stanza_id = :id")
        .bind("room", room).bind("id", id).mapTo(Long.class).findOne().orElseThrow(() -> new UnknownId(id));
  }

  private static ArchivedMessage message(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new ArchivedMessage(rs.getString("stanza_id"), rs.getLong("sent_at"), rs.getString("xml").getBytes(StandardCharsets.UTF_8));
  }

  /** Messages not archived because the writer's queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  public void close() {
    try {
      tasks.put(new Stop());
      writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
