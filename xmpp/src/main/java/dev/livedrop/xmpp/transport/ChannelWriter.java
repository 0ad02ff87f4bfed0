package dev.livedrop.xmpp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a connection's bytes from any thread, in the order they were handed over, and flushes
 * them once per turn of its event loop ({@link LoopOutbox}). The bytes are already framed by the
 * caller, so they enter the pipeline just past TLS (or at the socket when there is none) and pass
 * no codec and no other handler. Anything written through Vert.x's own API on the same connection
 * (a pong, a close frame) is ordered independently of these.
 *
 * <p>Why enter there: a room's message is one write per occupant, and the whole pipeline cost each
 * a walk past Vert.x's handlers and a promise (see
 * docs/decisions/0022-write-path-and-memory-of-the-xmpp-server.md).
 * Skipping its idle-state handler means these writes do not count as activity for Vert.x's idle
 * timeout; reads still do, and the XMPP server pings a quiet client long before that timeout.
 */
public final class ChannelWriter {
  /** The pipeline entry of framed writes: a handler that handles nothing, marking a position. */
  static final String ENTRY = "livedrop-framed-writes";
  private static final ChannelHandler ENTRY_MARK = new EntryMark();

  private final Channel channel;
  private final ChannelHandlerContext entry;
  private final LoopOutbox outbox;
  private final ChannelPromise quiet;
  /** Bytes of this connection waiting in the outbox: later writes queue behind them. */
  private final AtomicInteger queued = new AtomicInteger();
  private boolean dirty;

  /** Must be created on the connection's event loop. */
  public ChannelWriter(Channel channel) {
    this.channel = channel;
    this.outbox = LoopOutbox.of(channel.eventLoop());
    this.entry = entryOf(channel.pipeline());
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
    entry.write(buf, quiet);
    if (!dirty) {
      dirty = true;
      outbox.markDirty(this);
    }
  }

  void flushNow() {
    dirty = false;
    entry.flush();
  }

  /**
   * Right after TLS if the connection has it now, else at the head: TLS added later (STARTTLS)
   * goes in at the head, between this mark and the socket, as Vert.x does it.
   */
  private static ChannelHandlerContext entryOf(ChannelPipeline pipeline) {
    ChannelHandlerContext existing = pipeline.context(ENTRY);
    if (existing != null) return existing;
    ChannelHandlerContext tls = pipeline.context(SslHandler.class);
    if (tls == null) tls = pipeline.context(AbstractSniHandler.class);
    if (tls != null) {
      pipeline.addAfter(tls.name(), ENTRY, ENTRY_MARK);
    } else {
      pipeline.addFirst(ENTRY, ENTRY_MARK);
    }
    return pipeline.context(ENTRY);
  }

  @ChannelHandler.Sharable
  private static final class EntryMark extends ChannelHandlerAdapter {}
}
