package dev.livedrop.drops;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How long a drop lives. Ordered from shortest to longest so a server cap is a simple compare. */
public enum Expiry {
  HOUR("1h", Duration.ofHours(1)),
  DAY("1d", Duration.ofDays(1)),
  WEEK("1w", Duration.ofDays(7)),
  MONTH("1m", Duration.ofDays(30)),
  YEAR("1y", Duration.ofDays(365)),
  NEVER("never", null);

  private final String code;
  private final Duration duration;

  Expiry(String code, Duration duration) {
    this.code = code;
    this.duration = duration;
  }

  public String code() {
    return code;
  }

  /** The moment a drop created at {@code from} expires, or null for never. */
  public Instant expiresAt(Instant from) {
    return duration == null ? null : from.plus(duration);
  }

  public boolean longerThan(Expiry other) {
    return compareTo(other) > 0;
  }

  public static Optional<Expiry> parse(String code) {
    return Arrays.stream(values()).filter(e -> e.code.equalsIgnoreCase(code)).findFirst();
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(Expiry::code).toList();
  }
}
