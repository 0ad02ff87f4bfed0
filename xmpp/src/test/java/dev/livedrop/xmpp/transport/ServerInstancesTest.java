package dev.livedrop.xmpp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real servers on 127.0.0.1: connections spread over every event loop, one port, all closed. */
class ServerInstancesTest {
  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void connectionsAreSpreadOverTheLoopsOfTheInstancesOnOnePort() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Set<String> threads = ConcurrentHashMap.newKeySet();
    var accepted = new CountDownLatch(6);
    List<NetServer> servers = ServerInstances.listen(vertx, "test", 2, "127.0.0.1", 0,
            port -> vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(port))
                .connectHandler(socket -> {
                  threads.add(Thread.currentThread().getName());
                  accepted.countDown();
                })
                .listen())
        .await(10, TimeUnit.SECONDS);

    assertThat(servers).hasSize(2);
    int port = servers.get(0).actualPort();
    assertThat(port).isPositive();
    assertThat(servers.get(1).actualPort()).isEqualTo(port);
    var sockets = new ArrayList<Socket>();
    try {
      for (int i = 0; i < 6; i++) sockets.add(new Socket("127.0.0.1", port));
      assertThat(accepted.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      for (Socket s : sockets) s.close();
    }
    assertThat(threads).as("event loops that accepted a connection").hasSize(2);
  }

  @Test
  void aPortInUseFailsTheWholeListen() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      var result = ServerInstances.listen(vertx, "test", 2, "127.0.0.1", taken.getLocalPort(),
          port -> vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(port))
              .connectHandler(socket -> {})
              .listen());
      assertThat(result.toCompletionStage().toCompletableFuture())
          .failsWithin(10, TimeUnit.SECONDS);
    }
  }
}
