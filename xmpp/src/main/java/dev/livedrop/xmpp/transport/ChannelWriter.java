package dev.livedrop.xmpp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a connection's bytes from any thread, in the order they were handed over, and flushes
 * them once per turn of its event loop ({@link LoopOutbox}). The bytes are already framed by the
 * caller: they pass through the pipeline's TLS but through no codec (Netty's WebSocket and HTTP
 * encoders let raw buffers by). Anything written through Vert.x's own API on the same connection
 * (a pong, a close frame) is ordered independently of these.
 */
public final class ChannelWriter {
  private final Channel channel;
  private final LoopOutbox outbox;
  private final ChannelPromise quiet;
  /** Bytes of this connection waiting in the outbox: later writes queue behind them. */
  private final AtomicInteger queued = new AtomicInteger();
  private boolean dirty;

  /** Must be created on the connection's event loop. */
  public ChannelWriter(Channel channel) {
    this.channel = channel;
    this.outbox = LoopOutbox.of(channel.eventLoop());
    // A write to a connection that has just closed fails quietly: the close is reported elsewhere.
    this.quiet = new VoidChannelPromise(channel, false);
  }

  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  /** Takes ownership of {@code buf}. Any thread. */
  public void write(ByteBuf buf) {
    if (queued.get() == 0 && outbox.loop().inEventLoop()) {
      writeNow(buf);
    } else {
      queued.incrementAndGet();
      outbox.enqueue(this, buf);
    }
  }

  /** Whether the connection's outgoing buffer is over its high-water mark (a slow reader). */
  public boolean congested() {
    return !channel.isWritable();
  }

  void writeQueued(ByteBuf buf) {
    queued.decrementAndGet();
    writeNow(buf);
  }

  private void writeNow(ByteBuf buf) {
    channel.write(buf, quiet);
    if (!dirty) {
      dirty = true;
      outbox.markDirty(this);
    }
  }

  void flushNow() {
    dirty = false;
    channel.flush();
  }
}
