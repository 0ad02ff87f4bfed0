package dev.livedrop.storage.jdbc;

import dev.livedrop.drops.Change;
import dev.livedrop.drops.ChangeLog;
import dev.livedrop.drops.ChangeType;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The outbox table {@code drop_changes}, read and marked by the publisher. */
public final class JdbcChangeLog implements ChangeLog {
  private static final Logger log = LoggerFactory.getLogger(JdbcChangeLog.class);
  private final Jdbi jdbi;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  JdbcChangeLog(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<Change> unpublished(int limit) {
    // The order that matters is seq within a drop (times can step back; seq cannot).
    return jdbi.withHandle(h -> h.createQuery("SELECT drop_name, seq, type, created_at, payload FROM drop_changes"
            + " WHERE published_at IS NULL ORDER BY drop_name, seq LIMIT :limit")
        .bind("limit", limit)
        .map((rs, ctx) -> new Change(rs.getString("drop_name"), rs.getLong("seq"), ChangeType.of(rs.getString("type")),
            Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("payload")))
        .list());
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
