package dev.livedrop.storage.jdbc;

import dev.livedrop.access.NameProbeLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link NameProbeLimiter} in the table {@code name_probes}, shared by every node: one upsert per
 * miss refills the bucket for the time gone by and spends a token, atomically on the row.
 */
public final class JdbcNameProbeLimiter implements NameProbeLimiter {
  private final Jdbi jdbi;
  private final int probes;
  private final double millisPerToken;
  private final long fillMillis;
  private final Clock clock;
  private final AtomicLong lastCleanup = new AtomicLong();

  /** {@code probes} 0 turns the limit off. */
  public JdbcNameProbeLimiter(DataSource dataSource, int probes, Duration window, Clock clock) {
    this.jdbi = Jdbi.create(dataSource);
    this.probes = probes;
    this.millisPerToken = probes > 0 ? (double) window.toMillis() / probes : 0;
    this.fillMillis = window.toMillis();
    this.clock = clock;
  }

  @Override
  public boolean allowed(String client) {
    if (probes <= 0) return true;
    return tokens(client, clock.millis()) >= 1;
  }

  @Override
  public void missed(String client) {
    if (probes <= 0) return;
    long now = clock.millis();
    forgetFullBuckets(now);
    // The bucket as refilled up to now (never above full), less this miss; CASE rather than
    // LEAST/MIN, which the two databases spell differently.
    String refilled = "name_probes.tokens + (:now - name_probes.updated_at) / :perToken";
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO name_probes (client, tokens, updated_at) VALUES (:client, :full - 1, :now)"
            + " ON CONFLICT (client) DO UPDATE SET tokens = CASE WHEN " + refilled + " > :full THEN :full ELSE "
            + refilled + " END - 1, updated_at = :now")
        .bind("client", client).bind("now", now).bind("perToken", millisPerToken).bind("full", (double) probes)
        .execute());
  }

  @Override
  public Duration retryAfter(String client) {
    double missing = 1 - tokens(client, clock.millis());
    long millis = (long) Math.ceil(missing * millisPerToken);
    return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
  }

  private double tokens(String client, long now) {
    return jdbi.withHandle(h -> h.createQuery("SELECT tokens, updated_at FROM name_probes WHERE client = :client")
        .bind("client", client)
        .map((rs, ctx) -> Math.min(probes, rs.getDouble("tokens") + (now - rs.getLong("updated_at")) / millisPerToken))
        .findOne().orElse((double) probes));
  }

  /** At most once a window, buckets that have filled up again go: the same as having none. */
  private void forgetFullBuckets(long now) {
    long last = lastCleanup.get();
    if (now - last < fillMillis || !lastCleanup.compareAndSet(last, now)) return;
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM name_probes WHERE updated_at <= :full")
        .bind("full", now - fillMillis - (long) Math.ceil(probes * millisPerToken)).execute());
  }
}
