package dev.livedrop.storage.blob;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per content hash while anyone holds it, so a commit and a clean-up of the same content
 * in this process never interleave, and a long upload to S3 blocks only commits of the same bytes.
 * (Across processes the grace period does that job: decision 0018.)
 */
final class HashLocks {
  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users;
  }

  private final ConcurrentHashMap<String, Entry> held = new ConcurrentHashMap<>();

  /** Released by closing it. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  Held hold(String sha256) {
    Entry e = held.compute(sha256, (k, v) -> {
      Entry entry = v == null ? new Entry() : v;
      entry.users++;
      return entry;
    });
    e.lock.lock();
    return () -> {
      e.lock.unlock();
      held.compute(sha256, (k, v) -> --v.users == 0 ? null : v);
    };
  }
}
