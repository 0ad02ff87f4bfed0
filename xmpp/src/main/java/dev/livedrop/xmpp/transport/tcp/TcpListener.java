package dev.livedrop.xmpp.transport.tcp;

import dev.livedrop.xmpp.stream.SessionContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Set;

/** The c2s listener (RFC 6120 over TCP, port 5222 by default), TLS by STARTTLS only. */
public final class TcpListener {
  private final Vertx vertx;
  private final SessionContext ctx;
  private final TlsMaterial tls;
  private NetServer server;

  public TcpListener(Vertx vertx, SessionContext ctx, TlsMaterial tls) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.tls = tls;
  }

  static boolean tlsConfigured(SessionContext ctx) {
    return true;
  }

  public Future<Integer> listen() {
    var options = new NetServerOptions()
        .setHost(ctx.config().bindHost())
        .setPort(ctx.config().tcpPort())
        .setTcpNoDelay(true)
        .setSsl(false) // STARTTLS upgrades in place (RFC 6120 §5); direct TLS is not offered
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(tls.certificate().toString())
            .setKeyPath(tls.privateKey().toString()));
    options.getSslOptions().setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
    // One instance, so one event loop, for every TCP session: Vert.x gives the extra instances of a
    // shared server no TLS context, and STARTTLS on a connection they accepted never completes
    // (Vert.x 5.1). HTTP (WebSocket, BOSH) listens on every loop (transport/ServerInstances).
    server = vertx.createNetServer(options).connectHandler(socket -> new TcpTransport(vertx, socket, ctx));
    return server.listen().map(NetServer::actualPort);
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
