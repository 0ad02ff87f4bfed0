package dev.livedrop.xmpp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One per event loop: bytes for its connections written from other threads, and the connections
 * written to during the current turn of the loop, flushed together when the turn's work is done.
 *
 * <p>Why: a room's message to 5,000 occupants was one {@code send()} system call per occupant the
 * moment it was written. Flushing at the end of the turn costs nothing when the server is idle (the
 * turn ends right after the write) and, when it falls behind, lets every message read in the same
 * turn leave in one system call per connection: the busier the server, the larger the batches. Writes
 * from other loops arrive as one queue per loop and one task per burst, not one task per connection.
 * See docs/decisions/0022-write-path-and-memory-of-the-xmpp-server.md.
 */
final class LoopOutbox {
  private static final FastThreadLocal<LoopOutbox> CURRENT = new FastThreadLocal<>();

  private final EventExecutor loop;
  private final Queue<Pending> inbox = PlatformDependent.newMpscQueue();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drain = this::drain;
  private final Runnable flush = this::flushDirty;
  // Touched on the loop's thread only.
  private ArrayList<ChannelWriter> dirty = new ArrayList<>();
  private ArrayList<ChannelWriter> flushing = new ArrayList<>();
  private boolean flushScheduled;

  private LoopOutbox(EventExecutor loop) {
    this.loop = loop;
  }

  /** The outbox of {@code loop}; must be called on that loop's thread. */
  static LoopOutbox of(EventExecutor loop) {
    if (!loop.inEventLoop()) throw new IllegalStateException("A connection's writer is created on its own event loop.");
    LoopOutbox box = CURRENT.get();
    if (box == null) {
      box = new LoopOutbox(loop);
      CURRENT.set(box);
    }
    return box;
  }

  EventExecutor loop() {
    return loop;
  }

  /** From any thread: {@code buf} is written to {@code writer}'s channel on the loop, in order. */
  void enqueue(ChannelWriter writer, ByteBuf buf) {
    inbox.add(new Pending(writer, buf));
    if (drainScheduled.compareAndSet(false, true)) loop.execute(drain);
  }

  /** On the loop: {@code writer} has unflushed bytes; flush it once this turn's work is done. */
  void markDirty(ChannelWriter writer) {
    dirty.add(writer);
    if (!flushScheduled) {
      flushScheduled = true;
      loop.execute(flush);
    }
  }

  private void drain() {
    drainScheduled.set(false);
    Pending p;
    while ((p = inbox.poll()) != null) p.writer().writeQueued(p.buf());
  }

  private void flushDirty() {
    flushScheduled = false;
    // A flush can make a channel writable again and so trigger more writes: they go to the next list.
    var batch = dirty;
    dirty = flushing;
    flushing = batch;
    for (int i = 0; i < batch.size(); i++) batch.get(i).flushNow();
    batch.clear();
  }

  private record Pending(ChannelWriter writer, ByteBuf buf) {}
}
