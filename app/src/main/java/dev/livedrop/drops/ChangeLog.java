package dev.livedrop.drops;

import java.time.Instant;
import java.util.List;

/**
 * The outbox side of the change log: changes are appended by {@link DropStore.Tx#recordChange}
 * in the transaction that makes them; here the realtime layer reads those not yet published, in
 * order, and marks them published once they are in the drop's room.
 */
public interface ChangeLog {
  /** Unpublished changes, oldest first and in {@code seq} order within each drop. */
  List<Change> unpublished(int limit);

  void markPublished(List<Change> changes, Instant at);

  /** The highest sequence number recorded for the drop, 0 if none. */
  long lastSeq(String drop);

  /** Called after every commit that recorded at least one change (from the committing thread). */
  void onCommitted(Runnable listener);
}
