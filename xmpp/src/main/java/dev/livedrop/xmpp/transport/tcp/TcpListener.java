package dev.livedrop.xmpp.transport.tcp;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.stream.StreamErrorCondition;
import dev.livedrop.xmpp.transport.ServerInstances;
import dev.livedrop.xmpp.transport.admission.ConnectionAdmission;
import dev.livedrop.xmpp.transport.admission.Refusal;
import dev.livedrop.xmpp.xml.XmlWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The c2s listener (RFC 6120 over TCP, port 5222 by default), TLS by STARTTLS only, one instance
 * per event loop (transport/ServerInstances) so TCP sessions spread over the cores.
 */
public final class TcpListener {
  private final Vertx vertx;
  private final SessionContext ctx;
  private final TlsMaterial tls;
  private final ConnectionAdmission admission;
  private final byte[] tooManyFromAddress;
  private final byte[] outOfFiles;
  private List<NetServer> servers = List.of();

  public TcpListener(Vertx vertx, SessionContext ctx, TlsMaterial tls, ConnectionAdmission admission) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.tls = tls;
    this.admission = admission;
    this.tooManyFromAddress = refusal(ctx.config().domain(), new StreamError(StreamErrorCondition.POLICY_VIOLATION,
        "Too many connections from your address (at most " + admission.limits().maxPerAddress() + ")."));
    this.outOfFiles = refusal(ctx.config().domain(), new StreamError(StreamErrorCondition.RESOURCE_CONSTRAINT,
        "The server is out of connections; try again later."));
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
                .connectHandler(socket -> accepted(socket, startTls))
                .listen())
        .map(started -> {
          servers = started;
          return started.get(0).actualPort();
        });
  }

  private void accepted(NetSocket socket, StartTls startTls) {
    Refusal refusal = admission.admit(((NetSocketInternal) socket).channelHandlerContext().channel());
    if (refusal == null) {
      new TcpTransport(vertx, socket, ctx, startTls);
      return;
    }
    try {
      socket.write(Buffer.buffer(refusal == Refusal.PER_ADDRESS ? tooManyFromAddress : outOfFiles));
    } finally {
      socket.close();
    }
  }

  /**
   * RFC 6120 §4.9.1.1: the error goes in a stream of our own, opened for it. Made once, at start:
   * near the open-files limit, loading a class for it could fail for want of a file, and the
   * connection would be left open.
   */
  private static byte[] refusal(String domain, StreamError error) {
    return (TcpTransport.streamHeader("refused", domain, null) + XmlWriter.toXml(error.toElement(), Namespaces.CLIENT)
        + "</stream:stream>").getBytes(StandardCharsets.UTF_8);
  }

  public Future<Void> close() {
    return Future.all(servers.stream().map(NetServer::close).toList()).mapEmpty();
  }
}
