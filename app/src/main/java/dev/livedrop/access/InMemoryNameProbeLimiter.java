package dev.livedrop.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link NameProbeLimiter} in this node's memory, for a node with a database of its own.
 *
 * <p>A miss is counted after its answer, so concurrent misses may overdraw the bucket; the debt
 * is paid back in waiting time. Bounded in memory: at most 100,000 clients, each forgotten once
 * its bucket is full again.
 */
public final class InMemoryNameProbeLimiter implements NameProbeLimiter {
  private static final long MAX_CLIENTS = 100_000;
  private final int probes;
  private final double nanosPerToken;
  private final Clock clock;
  private final Cache<String, Bucket> buckets;

  /** Tokens left at {@code atNanos} (may be below zero after concurrent misses). */
  private record Bucket(double tokens, long atNanos) {}

  /** {@code probes} 0 turns the limit off. */
  public InMemoryNameProbeLimiter(int probes, Duration window, Clock clock) {
    this.probes = probes;
    this.nanosPerToken = probes > 0 ? (double) window.toNanos() / probes : 0;
    this.clock = clock;
    // A bucket is dropped when it has filled up again, which is the same as having none.
    this.buckets = Caffeine.newBuilder()
        .ticker(this::nanos)
        .expireAfter(Expiry.<String, Bucket>writing((client, b) ->
            Duration.ofNanos((long) Math.ceil((probes - b.tokens()) * nanosPerToken))))
        .maximumSize(MAX_CLIENTS)
        .build();
  }

  @Override
  public boolean allowed(String client) {
    if (probes <= 0) return true;
    Bucket b = buckets.getIfPresent(client);
    return b == null || tokensAt(b, nanos()) >= 1;
  }

  @Override
  public void missed(String client) {
    if (probes <= 0) return;
    long now = nanos();
    buckets.asMap().compute(client, (k, b) -> new Bucket((b == null ? probes : tokensAt(b, now)) - 1, now));
  }

  @Override
  public Duration retryAfter(String client) {
    Bucket b = buckets.getIfPresent(client);
    if (b == null) return Duration.ofSeconds(1);
    double missing = 1 - tokensAt(b, nanos());
    long nanos = (long) Math.ceil(missing * nanosPerToken);
    return Duration.ofSeconds(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L)));
  }

  private double tokensAt(Bucket b, long now) {
    return Math.min(probes, b.tokens() + (now - b.atNanos()) / nanosPerToken);
  }

  private long nanos() {
    return TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }
}
