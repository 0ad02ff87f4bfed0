package dev.livedrop.xmpp.stream;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts for operators (exported by the embedding application): stanzas in and out of client
 * streams, and clients disconnected for reading too slowly. Adders, not atomics: every stanza of
 * every session bumps them, from many threads.
 */
public final class StreamStats {
  private final LongAdder stanzasIn = new LongAdder();
  private final LongAdder stanzasOut = new LongAdder();
  private final LongAdder slowReaders = new LongAdder();

  void stanzaIn() {
    stanzasIn.increment();
  }

  void stanzaOut() {
    stanzasOut.increment();
  }

  void slowReaderDisconnected() {
    slowReaders.increment();
  }

  /** Stanzas received from clients after binding. */
  public long stanzasIn() {
    return stanzasIn.sum();
  }

  /** Stanzas queued to clients (a room broadcast counts once per recipient). */
  public long stanzasOut() {
    return stanzasOut.sum();
  }

  public long slowReaderDisconnects() {
    return slowReaders.sum();
  }
}
