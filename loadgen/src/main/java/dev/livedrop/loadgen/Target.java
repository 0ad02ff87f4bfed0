package dev.livedrop.loadgen;

import dev.livedrop.loadgen.client.Login;
import dev.livedrop.loadgen.transport.BoshConnection;
import dev.livedrop.loadgen.transport.Connection;
import dev.livedrop.loadgen.transport.TcpConnection;
import dev.livedrop.loadgen.transport.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.URI;

/** The server under load: where to connect over each transport, and how to log in. */
public record Target(String name, String domain, String mucDomain, String tcpHost, int tcpPort, URI websocket, URI bosh,
    Login login, String httpBase) {

  /** Makes connections of one transport; clients are shared by all connections of a run. */
  public static final class Connections {
    private final Target target;
    private final String transport;
    private final NetClient tcp;
    private final WebSocketClient ws;
    private final HttpClient http;

    public Connections(Vertx vertx, Target target, String transport) {
      this.target = target;
      this.transport = transport;
      this.tcp = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000));
      // The default caps WebSockets per host at 50; a load generator needs tens of thousands.
      this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000_000).setMaxFrameSize(1 << 20)
          .setMaxMessageSize(4 << 20).setConnectTimeout(30_000));
      // Every BOSH session keeps up to two requests open: the pool must never make one wait.
      this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
          .setConnectTimeout(30_000), new PoolOptions().setHttp1MaxSize(1_000_000).setMaxWaitQueueSize(-1));
    }

    /** Closes the shared clients, and with them every connection they pooled. */
    public io.vertx.core.Future<Void> close() {
      return io.vertx.core.Future.join(tcp.close(), ws.close(), http.close()).mapEmpty();
    }

    public Connection create() {
      return switch (transport) {
        case "tcp" -> new TcpConnection(tcp, target.tcpHost(), target.tcpPort());
        case "ws", "websocket" -> new WebSocketConnection(ws, target.websocket());
        case "bosh" -> new BoshConnection(http, target.bosh());
        default -> throw new IllegalArgumentException("transport is tcp, ws or bosh, not " + transport);
      };
    }
  }
}
