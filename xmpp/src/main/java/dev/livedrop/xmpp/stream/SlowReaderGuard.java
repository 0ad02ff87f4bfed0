package dev.livedrop.xmpp.stream;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Back-pressure on one client's outgoing stanzas. A full write queue is tolerated for a moment (a
 * client busy for a second, a burst such as a room's occupant list on joining), but only up to
 * {@link #CONGESTED_BYTES} more and for {@link #CONGESTED_NANOS}: a reader slower than that is to
 * be disconnected, so it can never grow the heap without bound. Called from any thread.
 */
final class SlowReaderGuard {
  /** Beyond a full write queue, how much more a slow reader may have queued, and for how long. */
  static final int CONGESTED_BYTES = 1024 * 1024;
  static final long CONGESTED_NANOS = TimeUnit.SECONDS.toNanos(10);
  private final Transport transport;
  private final AtomicLong congestedSince = new AtomicLong();
  private final AtomicInteger congestedBytes = new AtomicInteger();

  SlowReaderGuard(Transport transport) {
    this.transport = transport;
  }

  /** Whether one more stanza of about {@code bytes} may be queued; false means the reader is too slow. */
  boolean admit(int bytes) {
    if (!transport.congested()) {
      if (congestedSince.get() != 0) {
        congestedSince.set(0);
        congestedBytes.set(0);
      }
      return true;
    }
    long now = System.nanoTime();
    congestedSince.compareAndSet(0, now);
    return congestedBytes.addAndGet(bytes) <= CONGESTED_BYTES && now - congestedSince.get() <= CONGESTED_NANOS;
  }

  static StreamError error() {
    return new StreamError(StreamErrorCondition.POLICY_VIOLATION, "You are not reading fast enough; stanzas would pile up.");
  }
}
