package dev.livedrop.xmpp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Over a real channel pair on a real event loop: order kept, one flush per turn, any thread. */
class ChannelWriterTest {
  private DefaultEventLoopGroup loops;
  private Channel server;
  private Channel client;
  private final List<Integer> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger flushes = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger skippedHandlerWrites = new AtomicInteger();

  @BeforeEach
  void connect() throws Exception {
    loops = new DefaultEventLoopGroup(2);
    var address = new LocalAddress("writer-" + System.nanoTime());
    server = new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                while (b.readableBytes() >= 4) received.add(b.readInt());
                b.release();
              }
            });
          }
        }).bind(address).sync().channel();
    // A handler the framed writes must skip, standing for Vert.x's codecs and idle-state handler.
    client = new Bootstrap().group(loops).channel(LocalChannel.class).handler(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        skippedHandlerWrites.incrementAndGet();
        ctx.write(msg, promise);
      }
    }).connect(address).sync().channel();
  }

  /** Counts what reaches the socket; added at the head after the writer, as STARTTLS adds TLS. */
  private final class AtTheSocket extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      writes.incrementAndGet();
      ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      flushes.incrementAndGet();
      ctx.flush();
    }
  }

  @AfterEach
  void close() throws Exception {
    client.close().sync();
    server.close().sync();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private ChannelWriter writerOnLoop() throws Exception {
    var f = new CompletableFuture<ChannelWriter>();
    client.eventLoop().execute(() -> {
      var writer = new ChannelWriter(client);
      client.pipeline().addFirst("at-the-socket", new AtTheSocket());
      f.complete(writer);
    });
    return f.get(5, TimeUnit.SECONDS);
  }

  private static ByteBuf number(int n) {
    return Unpooled.buffer(4).writeInt(n);
  }

  @Test
  void writesOnTheLoopInOneTurnLeaveInOneFlushInOrder() throws Exception {
    ChannelWriter w = writerOnLoop();
    var done = new CountDownLatch(1);
    client.eventLoop().execute(() -> {
      for (int i = 0; i < 100; i++) w.write(number(i));
      // Nothing is flushed while the turn's work goes on.
      assertThat(flushes.get()).isZero();
      done.countDown();
    });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    awaitReceived(100);
    assertThat(received).containsExactlyElementsOf(range(0, 100));
    assertThat(flushes.get()).isEqualTo(1);
  }

  @Test
  void writesFromOtherThreadsKeepEachThreadsOrder() throws Exception {
    ChannelWriter w = writerOnLoop();
    int threads = 4;
    int each = 5_000;
    var start = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      ts.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) w.write(number(base + i));
      }));
    }
    // The loop writes too, at the same time: its writes must not jump ahead of queued ones.
    client.eventLoop().execute(() -> {
      start.countDown();
      for (int i = 0; i < each; i++) w.write(number(threads * each + i));
    });
    for (Thread t : ts) t.join();
    awaitReceived((threads + 1) * each);
    for (int t = 0; t <= threads; t++) {
      int base = t * each;
      List<Integer> mine = received.stream().filter(n -> n >= base && n < base + each).toList();
      assertThat(mine).as("thread %d", t).containsExactlyElementsOf(range(base, base + each));
    }
    // Batched: far fewer flushes than writes.
    assertThat(flushes.get()).isLessThan(writes.get() / 10);
  }

  @Test
  void aWriteOnTheLoopWaitsBehindOneQueuedBeforeIt() throws Exception {
    // A room's message broadcast from another loop, then the next one from this loop: in order.
    ChannelWriter w = writerOnLoop();
    var queuedFromElsewhere = new CountDownLatch(1);
    client.eventLoop().execute(() -> {
      try {
        queuedFromElsewhere.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      w.write(number(2));
    });
    Thread.ofPlatform().start(() -> {
      w.write(number(1));
      queuedFromElsewhere.countDown();
    }).join();
    awaitReceived(2);
    assertThat(received).containsExactly(1, 2);
  }

  @Test
  void framedWritesReachTheSocketPastEveryOtherHandler() throws Exception {
    ChannelWriter w = writerOnLoop();
    for (int i = 0; i < 10; i++) w.write(number(i));
    awaitReceived(10);
    assertThat(writes.get()).isEqualTo(10);
    assertThat(skippedHandlerWrites.get()).isZero();
  }

  @Test
  void onAConnectionWithTlsFramedWritesEnterRightAfterIt() throws Exception {
    var engine = javax.net.ssl.SSLContext.getDefault().createSSLEngine();
    engine.setUseClientMode(true);
    var f = new CompletableFuture<List<String>>();
    client.eventLoop().execute(() -> {
      client.pipeline().addFirst("tls", new io.netty.handler.ssl.SslHandler(engine, true));
      new ChannelWriter(client);
      new ChannelWriter(client); // a second writer shares the entry
      f.complete(client.pipeline().names());
    });
    List<String> names = f.get(5, TimeUnit.SECONDS);
    assertThat(names.indexOf(ChannelWriter.ENTRY)).isEqualTo(names.indexOf("tls") + 1);
    assertThat(names.stream().filter(ChannelWriter.ENTRY::equals)).hasSize(1);
  }

  @Test
  void aWriterMustBeCreatedOnItsLoop() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChannelWriter(client))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void writingToAClosedChannelFailsQuietly() throws Exception {
    ChannelWriter w = writerOnLoop();
    client.close().sync();
    ByteBuf b = number(1);
    w.write(b);
    client.eventLoop().submit(() -> {}).sync();
    client.eventLoop().submit(() -> {}).sync();
    assertThat(b.refCnt()).isZero();
    assertThat(received).isEmpty();
  }

  private void awaitReceived(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (received.size() < n && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(received).hasSize(n);
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> l = new ArrayList<>();
    for (int i = from; i < to; i++) l.add(i);
    return l;
  }
}
