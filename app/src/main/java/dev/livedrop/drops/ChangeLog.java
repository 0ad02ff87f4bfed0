package dev.livedrop.drops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outbox side of the change log: changes are appended by {@link DropStore.Tx#recordChange}
 * in the transaction that makes them; here the realtime layer reads those not yet published, in
 * order, and marks them published once they are in the drop's room.
 */
public interface ChangeLog {
  /** Unpublished changes, oldest first and in {@code seq} order within each drop. */
  List<Change> unpublished(int limit);

  /**
   * Claims the drops of {@code read} for this node's publisher until the claim is closed: no other
   * node posts their changes meanwhile. The claim's changes are those drops' unpublished changes
   * as they are once the claim is taken (another node may have posted some since they were read),
   * in order; drops another node holds are left out. With a database of its own, the claim is
   * {@code read} itself.
   */
  Claim claim(List<Change> read, int limit);

  /** Some drops' unpublished changes, this node's to post and mark until {@link #close}. */
  interface Claim extends AutoCloseable {
    List<Change> changes();

    @Override
    void close();
  }

  void markPublished(List<Change> changes, Instant at);

  /** The highest sequence number recorded for the drop, 0 if none. */
  long lastSeq(String drop);

  /** What waits to be published: how many changes, since when, and how many per drop (the most first). */
  Backlog backlog(int drops);

  /** The outbox's backlog; {@code oldest} is null when nothing waits. */
  record Backlog(long changes, Instant oldest, Map<String, Long> byDrop) {}

  /** Called after every commit that recorded at least one change (from the committing thread). */
  void onCommitted(Runnable listener);
}
