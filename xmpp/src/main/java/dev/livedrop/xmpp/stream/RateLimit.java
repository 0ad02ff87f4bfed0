package dev.livedrop.xmpp.stream;

/** A token bucket: {@code perSecond} stanzas sustained, twice that in a burst. Single-threaded use. */
final class RateLimit {
  private final double perMilli;
  private final double burst;
  private double tokens;
  private long last = System.currentTimeMillis();

  RateLimit(int perSecond) {
    this.perMilli = perSecond / 1000.0;
    this.burst = perSecond * 2.0;
    this.tokens = burst;
  }

  boolean tryAcquire() {
    long now = System.currentTimeMillis();
    tokens = Math.min(burst, tokens + (now - last) * perMilli);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }
}
