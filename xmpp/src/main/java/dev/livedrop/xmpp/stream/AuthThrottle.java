package dev.livedrop.xmpp.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code limit} failed SASL attempts from one address within
 * the window, further attempts fail at once with {@code temporary-auth-failure}.
 */
public final class AuthThrottle {
  private final int limit;
  private final long windowMillis;
  private final Map<String, long[]> failures = new ConcurrentHashMap<>();

  public AuthThrottle(int limit, long windowMillis) {
    this.limit = limit;
    this.windowMillis = windowMillis;
  }

  public boolean blocked(String address) {
    long[] f = failures.get(address);
    if (f == null) return false;
    if (System.currentTimeMillis() - f[1] > windowMillis) {
      failures.remove(address);
      return false;
    }
    return f[0] >= limit;
  }

  public void failed(String address) {
    long now = System.currentTimeMillis();
    failures.compute(address, (k, f) -> f == null || now - f[1] > windowMillis ? new long[] {1, now} : new long[] {f[0] + 1, f[1]});
    if (failures.size() > 100_000) failures.entrySet().removeIf(e -> now - e.getValue()[1] > windowMillis);
  }

  public void succeeded(String address) {
    failures.remove(address);
  }
}
