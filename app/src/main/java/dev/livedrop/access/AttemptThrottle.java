package dev.livedrop.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed password attempts per drop and client; past the limit, further attempts are
 * refused until the window since the first failure has passed. Bounded in memory: entries expire
 * with their window and the cache holds at most 100,000 keys.
 */
public final class AttemptThrottle {
  private final int limit;
  private final Duration window;
  private final Cache<String, AtomicInteger> failures;

  public AttemptThrottle(int limit, Duration window) {
    this.limit = limit;
    this.window = window;
    this.failures = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
  }

  public boolean blocked(String drop, String client) {
    AtomicInteger n = failures.getIfPresent(key(drop, client));
    return n != null && n.get() >= limit;
  }

  public void failed(String drop, String client) {
    // compute() only on the first failure, so the window runs from the first, not the last, one.
    failures.asMap().computeIfAbsent(key(drop, client), k -> new AtomicInteger()).incrementAndGet();
  }

  public void succeeded(String drop, String client) {
    failures.invalidate(key(drop, client));
  }

  public Duration window() {
    return window;
  }

  private static String key(String drop, String client) {
    return drop + '\n' + client;
  }
}
