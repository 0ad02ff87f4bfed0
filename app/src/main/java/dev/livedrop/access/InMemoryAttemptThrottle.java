package dev.livedrop.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * {@link AttemptThrottle} in this node's memory, for a node with a database of its own. A check is
 * reserved in one atomic step per key.
 *
 * <p>Bounded in memory: a key is dropped once its window has passed and the cache holds at most
 * 100,000 keys, so an attacker rotating drop names or addresses cannot grow it without limit.
 */
public final class InMemoryAttemptThrottle implements AttemptThrottle {
  private static final long MAX_KEYS = 100_000;
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Cache<String, Window> windows;

  /** The checks used in one window, which began at {@code start}. */
  private record Window(Instant start, int used) {}

  public InMemoryAttemptThrottle(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
    // The cache runs on the same clock as the windows, so a key never outlives or undercuts its window.
    this.windows = Caffeine.newBuilder()
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .expireAfterWrite(window)
        .maximumSize(MAX_KEYS)
        .build();
  }

  @Override
  public boolean tryReserve(String drop, String client) {
    Instant now = clock.instant();
    boolean[] reserved = {false};
    windows.asMap().compute(key(drop, client), (k, w) -> {
      if (w == null || !now.isBefore(w.start().plus(window))) {
        reserved[0] = true;
        return new Window(now, 1);
      }
      if (w.used() < limit) {
        reserved[0] = true;
        return new Window(w.start(), w.used() + 1);
      }
      return w;
    });
    return reserved[0];
  }

  @Override
  public void succeeded(String drop, String client) {
    windows.invalidate(key(drop, client));
  }

  @Override
  public Duration retryAfter(String drop, String client) {
    Window w = windows.getIfPresent(key(drop, client));
    if (w == null) return Duration.ofSeconds(1);
    Duration left = Duration.between(clock.instant(), w.start().plus(window));
    long seconds = left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0);
    return Duration.ofSeconds(Math.max(1, seconds));
  }

  private static String key(String drop, String client) {
    return drop + '\n' + client;
  }
}
