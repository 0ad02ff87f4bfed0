package dev.livedrop.storage.jdbc;

import dev.livedrop.access.AttemptThrottle;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link AttemptThrottle} in the table {@code secret_attempts}, shared by every node. A check is
 * reserved by one conditional UPDATE, which the database applies to the row atomically: two nodes
 * racing for the last check cannot both get it.
 */
public final class JdbcAttemptThrottle implements AttemptThrottle {
  private final Jdbi jdbi;
  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final AtomicLong lastCleanup = new AtomicLong();

  public JdbcAttemptThrottle(DataSource dataSource, int limit, Duration window, Clock clock) {
    this.jdbi = Jdbi.create(dataSource);
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  @Override
  public boolean tryReserve(String drop, String client) {
    long now = clock.millis();
    long stale = now - windowMillis; // a window that began at or before this has passed
    forgetPassedWindows(now, stale);
    return jdbi.withHandle(h -> {
      h.createUpdate("INSERT INTO secret_attempts (drop_name, client, window_start, used) VALUES (:drop, :client, :now, 0)"
          + " ON CONFLICT (drop_name, client) DO NOTHING")
          .bind("drop", drop).bind("client", client).bind("now", now).execute();
      // Every right-hand side reads the row as it was: a passed window starts again with this check.
      return h.createUpdate("UPDATE secret_attempts SET"
          + " used = CASE WHEN window_start <= :stale THEN 1 ELSE used + 1 END,"
          + " window_start = CASE WHEN window_start <= :stale THEN :now ELSE window_start END"
          + " WHERE drop_name = :drop AND client = :client AND (window_start <= :stale OR used < :limit)")
          .bind("drop", drop).bind("client", client).bind("now", now).bind("stale", stale).bind("limit", limit)
          .execute() == 1;
    });
  }

  @Override
  public void succeeded(String drop, String client) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM secret_attempts WHERE drop_name = :drop AND client = :client")
        .bind("drop", drop).bind("client", client).execute());
  }

  @Override
  public Duration retryAfter(String drop, String client) {
    long now = clock.millis();
    long left = jdbi.withHandle(h -> h.createQuery(
            "SELECT window_start FROM secret_attempts WHERE drop_name = :drop AND client = :client")
        .bind("drop", drop).bind("client", client).mapTo(Long.class).findOne())
        .map(start -> start + windowMillis - now).orElse(0L);
    return Duration.ofSeconds(Math.max(1, (left + 999) / 1000));
  }

  /** At most once a window, the rows of windows that have passed go (as the memory cache's keys do). */
  private void forgetPassedWindows(long now, long stale) {
    long last = lastCleanup.get();
    if (now - last < windowMillis || !lastCleanup.compareAndSet(last, now)) return;
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM secret_attempts WHERE window_start <= :stale")
        .bind("stale", stale).execute());
  }
}
