package dev.livedrop.loadgen.transport;

import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.stream.StreamParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/** XMPP over a plain TCP stream (RFC 6120), for servers where the benchmark turns TLS off. */
public final class TcpConnection extends AbstractConnection {
  private final NetClient client;
  private final String host;
  private final int port;
  private NetSocket socket;
  private StreamParser parser;
  private String domain;

  public TcpConnection(NetClient client, String host, int port) {
    this.client = client;
    this.host = host;
    this.port = port;
  }

  @Override
  public void open(String domain, Listener listener) {
    this.domain = domain;
    listen(listener);
    client.connect(port, host).onComplete(ar -> {
      if (ar.failed()) {
        finish("connect failed: " + ar.cause().getMessage());
        return;
      }
      socket = ar.result();
      socket.handler(this::received);
      socket.closeHandler(v -> finish(closed ? null : "connection closed by server"));
      socket.exceptionHandler(e -> finish("socket error: " + e.getMessage()));
      startStream();
    });
  }

  private void startStream() {
    parser = parser(false, this::deliver, this::opened, this::close);
    socket.write("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
        + domain + "' version='1.0'>");
  }

  private void received(Buffer b) {
    try {
      parser.feed(b.getBytes());
    } catch (StreamError e) {
      finish("unparsable stream: " + e.getMessage());
      socket.close();
    }
  }

  @Override
  public void send(String xml) {
    if (socket != null && !closed) socket.write(xml);
  }

  @Override
  public void restart() {
    startStream();
  }

  @Override
  public void close() {
    if (closed || socket == null) return;
    closed = true;
    socket.write("</stream:stream>").onComplete(v -> socket.close());
  }

}
