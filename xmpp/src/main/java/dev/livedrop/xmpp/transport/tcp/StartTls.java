package dev.livedrop.xmpp.transport.tcp;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.function.Consumer;

/**
 * RFC 6120 §5: TLS on a connection that began in plain text, with a TLS handler of our own put in
 * front of everything else on the connection, from one server context built at start.
 *
 * <p>Why not Vert.x's {@code upgradeToSsl}: Vert.x 5.1 gives the extra instances of a shared
 * {@code NetServer} no TLS context, and an upgrade on a connection they accepted never completes,
 * which kept XMPP over TCP on one event loop. With this, the TCP listener runs one instance per
 * event loop like HTTP.
 */
final class StartTls {
  private final SslContext context;

  StartTls(Vertx vertx, TlsMaterial tls) throws Exception {
    // Vert.x reads the PEM files (PKCS#8, PKCS#1 and SEC1 keys alike); Netty makes the engines.
    var keys = new PemKeyCertOptions().setCertPath(tls.certificate().toString()).setKeyPath(tls.privateKey().toString())
        .getKeyManagerFactory(vertx);
    this.context = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build();
  }

  /**
   * Puts TLS at the head of {@code channel}'s pipeline and calls {@code done} on its event loop when
   * the client's handshake is over: with null on success, else with the cause. Called on the loop
   * right after {@code <proceed/>} is written, the handler is in place before the next byte (the
   * client's ClientHello) is read, and {@code done} runs before any byte after the handshake is,
   * so the session is secure before the client's restarted stream reaches it. The
   * {@code <proceed/>} itself is already queued below the handler and leaves in plain text
   * (§5.4.2.3).
   */
  void upgrade(Channel channel, Consumer<Throwable> done) {
    Runnable add = () -> {
      SslHandler handler = context.newHandler(channel.alloc());
      channel.pipeline().addFirst("starttls", handler);
      handler.handshakeFuture().addListener(f -> done.accept(f.isSuccess() ? null : f.cause()));
    };
    if (channel.eventLoop().inEventLoop()) {
      add.run();
    } else {
      channel.eventLoop().execute(add);
    }
  }
}
