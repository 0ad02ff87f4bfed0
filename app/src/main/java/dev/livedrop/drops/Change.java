package dev.livedrop.drops;

import java.time.Instant;

/**
 * One recorded change to a drop, numbered per drop ({@code seq} 1, 2, 3...), with the changed
 * object as JSON exactly as the REST API shows it.
 */
public record Change(String drop, long seq, ChangeType type, Instant at, String payloadJson) {
  /** Stable across restarts and re-deliveries, so receivers can drop duplicates (XEP-0359 origin-id). */
  public String eventId() {
    return "ev-" + drop + "-" + seq;
  }
}
