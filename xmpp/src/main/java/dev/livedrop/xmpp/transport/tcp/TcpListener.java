package dev.livedrop.xmpp.transport.tcp;

import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.transport.ServerInstances;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.List;

/**
 * The c2s listener (RFC 6120 over TCP, port 5222 by default), TLS by STARTTLS only, one instance
 * per event loop (transport/ServerInstances) so TCP sessions spread over the cores.
 */
public final class TcpListener {
  private final Vertx vertx;
  private final SessionContext ctx;
  private final TlsMaterial tls;
  private List<NetServer> servers = List.of();

  public TcpListener(Vertx vertx, SessionContext ctx, TlsMaterial tls) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.tls = tls;
  }

  static boolean tlsConfigured(SessionContext ctx) {
    return true;
  }

  /** Listens with {@code instances} servers on the configured port; the future holds the port. */
  public Future<Integer> listen(int instances) {
    StartTls startTls;
    try {
      startTls = new StartTls(vertx, tls);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    // STARTTLS upgrades in place (RFC 6120 §5) with our own handler; Vert.x itself runs no TLS here.
    var options = new NetServerOptions().setHost(ctx.config().bindHost()).setTcpNoDelay(true).setSsl(false);
    return ServerInstances.listen(vertx, "XMPP over TCP", instances, ctx.config().bindHost(), ctx.config().tcpPort(),
            port -> vertx.createNetServer(new NetServerOptions(options).setPort(port))
                .connectHandler(socket -> new TcpTransport(vertx, socket, ctx, startTls))
                .listen())
        .map(started -> {
          servers = started;
          return started.get(0).actualPort();
        });
  }

  public Future<Void> close() {
    return Future.all(servers.stream().map(NetServer::close).toList()).mapEmpty();
  }
}
