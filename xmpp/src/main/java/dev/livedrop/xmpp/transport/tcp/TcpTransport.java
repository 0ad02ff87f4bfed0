package dev.livedrop.xmpp.transport.tcp;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.stream.Session;
import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.stream.StreamParser;
import dev.livedrop.xmpp.stream.Transport;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.XmlWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/**
 * RFC 6120 over TCP: a byte stream with a stream header each way, STARTTLS, whitespace keepalives.
 * It only frames; the session does the rest.
 */
final class TcpTransport implements Transport, StreamParser.Handler {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TcpTransport.class);
  private static final int WRITE_QUEUE_BYTES = 256 * 1024;
  private final NetSocket socket;
  private final Context context;
  private final Vertx vertx;
  private final SessionContext ctx;
  private final Session session;
  private StreamParser parser;
  private boolean headerSent;
  private volatile boolean closed;

  TcpTransport(Vertx vertx, NetSocket socket, SessionContext ctx) {
    this.vertx = vertx;
    this.socket = socket;
    this.context = vertx.getOrCreateContext();
    this.ctx = ctx;
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    this.session = new Session(ctx, this);
    this.parser = newParser();
    socket.handler(this::onData);
    socket.closeHandler(v -> {
      closed = true;
      session.transportClosed();
    });
    socket.exceptionHandler(e -> socket.close());
  }

  private StreamParser newParser() {
    return new StreamParser(this, ctx.config().maxStanzaBytes(), false);
  }

  private void onData(Buffer buf) {
    if (closed) return;
    try {
      byte[] bytes = buf.getBytes();
      parser.feed(bytes, 0, bytes.length);
    } catch (StreamError e) {
      session.fail(e);
    }
  }

  // StreamParser.Handler

  @Override
  public void streamOpened(Element header) {
    headerSent = false;
    if (!header.is("stream", Namespaces.STREAMS)) {
      session.fail(new StreamError(dev.livedrop.xmpp.stream.StreamErrorCondition.INVALID_NAMESPACE,
          "The stream element is <stream:stream xmlns:stream='" + Namespaces.STREAMS + "'>."));
      return;
    }
    session.streamOpened(header);
  }

  @Override
  public void stanza(Element stanza) {
    session.element(stanza);
  }

  @Override
  public void streamClosed() {
    session.streamClosed();
  }

  // Transport

  @Override
  public void openStream(String streamId, String from, String to, String lang) {
    var sb = new StringBuilder(256).append("<?xml version='1.0'?><stream:stream xmlns='").append(Namespaces.CLIENT)
        .append("' xmlns:stream='").append(Namespaces.STREAMS).append("' id='").append(streamId)
        .append("' from='");
    XmlWriter.escapeAttr(sb, from);
    sb.append('\'');
    if (to != null) {
      sb.append(" to='");
      XmlWriter.escapeAttr(sb, to);
      sb.append('\'');
    }
    sb.append(" version='1.0' xml:lang='en'>");
    headerSent = true;
    write(sb.toString());
  }

  @Override
  public void send(Element element) {
    write(XmlWriter.toXml(element, Namespaces.CLIENT));
  }

  @Override
  public void send(Outbound outbound, String to) {
    if (closed) return;
    Buffer b = Buffer.buffer(outbound.head().length + outbound.tail().length + 64)
        .appendBytes(outbound.head()).appendBytes(Outbound.escapedJid(to)).appendBytes(outbound.tail());
    socket.write(b);
  }

  @Override
  public void fail(StreamError error) {
    if (closed) return;
    if (!headerSent) openStream("error", ctx.config().domain(), null, null);
    write(XmlWriter.toXml(error.toElement(), Namespaces.CLIENT) + "</stream:stream>");
    closeSoon();
  }

  @Override
  public void close() {
    if (closed) return;
    write("</stream:stream>");
    closeSoon();
  }

  /** RFC 6120 §4.4: give the peer a moment to close its side, then close the socket anyway. */
  private void closeSoon() {
    socket.handler(b -> { });
    vertx.setTimer(1000, t -> socket.close());
    socket.end();
  }

  @Override
  public boolean secure() {
    return socket.isSsl();
  }

  @Override
  public boolean canStartTls() {
    return TcpListener.tlsConfigured(ctx);
  }

  @Override
  public void startTls(Runnable onSecure) {
    socket.upgradeToSsl().onSuccess(v -> onSecure.run()).onFailure(e -> {
      log.info("TLS handshake with {} failed: {}", remoteAddress(), e.toString());
      socket.close();
    });
  }

  @Override
  public void expectRestart() {
    parser = newParser();
  }

  @Override
  public void keepalive() {
    write(" ");
  }

  @Override
  public boolean congested() {
    return socket.writeQueueFull();
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public String remoteAddress() {
    return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
  }

  private void write(String s) {
    if (closed) return;
    socket.write(Buffer.buffer(s.getBytes(StandardCharsets.UTF_8)));
  }
}
