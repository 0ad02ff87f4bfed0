package dev.livedrop.storage.jdbc;

import dev.livedrop.drops.Change;
import dev.livedrop.drops.ChangeLog;
import dev.livedrop.drops.ChangeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox table {@code drop_changes}, read and marked by the publisher. On PostgreSQL, nodes
 * claim drops with a session advisory lock per drop, held on one connection from before the
 * changes are read again until they are marked (decision 0017).
 */
public final class JdbcChangeLog implements ChangeLog {
  private static final Logger log = LoggerFactory.getLogger(JdbcChangeLog.class);
  private static final String COLUMNS = "SELECT drop_name, seq, type, created_at, payload FROM drop_changes";
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  JdbcChangeLog(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  @Override
  public List<Change> unpublished(int limit) {
    // The order that matters is seq within a drop (times can step back; seq cannot).
    return jdbi.withHandle(h -> h.createQuery(COLUMNS + " WHERE published_at IS NULL ORDER BY drop_name, seq LIMIT :limit")
        .bind("limit", limit).map((rs, ctx) -> change(rs)).list());
  }

  @Override
  public Backlog backlog(int drops) {
    return jdbi.withHandle(h -> {
      var totals = h.createQuery("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM drop_changes WHERE published_at IS NULL")
          .map((rs, ctx) -> new long[] {rs.getLong("n"), rs.getLong("oldest"), rs.wasNull() ? 1 : 0}).one();
      var byDrop = new java.util.LinkedHashMap<String, Long>();
      h.createQuery("SELECT drop_name, COUNT(*) AS n FROM drop_changes WHERE published_at IS NULL"
              + " GROUP BY drop_name ORDER BY COUNT(*) DESC, drop_name LIMIT :limit")
          .bind("limit", drops).map((rs, ctx) -> Map.entry(rs.getString("drop_name"), rs.getLong("n")))
          .forEach(e -> byDrop.put(e.getKey(), e.getValue()));
      return new Backlog(totals[0], totals[2] == 1 ? null : Instant.ofEpochMilli(totals[1]), byDrop);
    });
  }

  @Override
  public Claim claim(List<Change> read, int limit) {
    if (!dialect.shared() || read.isEmpty()) return new HeldClaim(read, null);
    List<String> drops = read.stream().map(Change::drop).distinct().toList();
    Handle h = jdbi.open();
    try {
      // try, not wait: a drop another node is posting is its to finish; this node takes the rest.
      List<String> mine = h.createQuery("SELECT d FROM unnest(:drops) AS t(d) WHERE pg_try_advisory_lock(:ns, hashtext(d))")
          .bindArray("drops", String.class, drops).bind("ns", Dialect.LockSpace.PUBLISH).mapTo(String.class).list();
      List<Change> changes = mine.isEmpty() ? List.of() : h.createQuery(COLUMNS
              + " WHERE published_at IS NULL AND drop_name = ANY(:drops) ORDER BY drop_name, seq LIMIT :limit")
          .bindArray("drops", String.class, mine).bind("limit", limit).map((rs, ctx) -> change(rs)).list();
      return new HeldClaim(changes, h);
    } catch (RuntimeException e) {
      new HeldClaim(List.of(), h).close();
      throw e;
    }
  }

  /** The claimed changes and, on PostgreSQL, the connection that holds their drops' locks. */
  private record HeldClaim(List<Change> changes, Handle locks) implements Claim {
    @Override
    public void close() {
      if (locks == null) return;
      try {
        locks.execute("SELECT pg_advisory_unlock_all()");
      } catch (RuntimeException e) {
        log.debug("releasing publish claims failed (the connection is gone, and its locks with it)", e);
      } finally {
        locks.close();
      }
    }
  }

  private static Change change(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Change(rs.getString("drop_name"), rs.getLong("seq"), ChangeType.of(rs.getString("type")),
        Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("payload"));
  }

  @Override
  public void markPublished(List<Change> changes, Instant at) {
    if (changes.isEmpty()) return;
    jdbi.useTransaction(h -> {
      var batch = h.prepareBatch("UPDATE drop_changes SET published_at = :at WHERE drop_name = :drop AND seq = :seq");
      for (Change c : changes) batch.bind("at", at.toEpochMilli()).bind("drop", c.drop()).bind("seq", c.seq()).add();
      batch.execute();
    });
  }

  @Override
  public long lastSeq(String drop) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM drop_changes WHERE drop_name = :drop")
        .bind("drop", drop).mapTo(Long.class).one());
  }

  @Override
  public void onCommitted(Runnable listener) {
    listeners.add(listener);
  }

  /** A commit recorded changes, here or (told by PostgreSQL) on another node. */
  void committed() {
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        log.warn("change listener failed", e);
      }
    }
  }
}
