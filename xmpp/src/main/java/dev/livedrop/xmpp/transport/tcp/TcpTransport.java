package dev.livedrop.xmpp.transport.tcp;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.stream.Session;
import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.stream.StreamParser;
import dev.livedrop.xmpp.stream.Transport;
import dev.livedrop.xmpp.transport.ChannelWriter;
import dev.livedrop.xmpp.transport.RecipientCache;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.XmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * RFC 6120 over TCP: a byte stream with a stream header each way, STARTTLS, whitespace keepalives.
 * It only frames; the session does the rest. Outgoing bytes go through a {@link ChannelWriter}
 * (flushed once per turn of the event loop), TLS is our own handler ({@link StartTls}); Vert.x
 * still reads and closes.
 */
final class TcpTransport implements Transport, StreamParser.Handler {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TcpTransport.class);
  private static final int WRITE_QUEUE_BYTES = 256 * 1024;
  private final NetSocket socket;
  private final Channel channel;
  private final StartTls tls;
  private final Context context;
  private final Vertx vertx;
  private final SessionContext ctx;
  private final Session session;
  private final ChannelWriter out;
  private final RecipientCache recipient = new RecipientCache();
  private StreamParser parser;
  private boolean headerSent;
  private volatile boolean secure;
  private volatile boolean closed;

  TcpTransport(Vertx vertx, NetSocket socket, SessionContext ctx, StartTls tls) {
    this.vertx = vertx;
    this.socket = socket;
    this.tls = tls;
    this.context = vertx.getOrCreateContext();
    this.ctx = ctx;
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    this.channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
    // Written to below Vert.x: the bytes still pass the TLS handler once STARTTLS has added it.
    this.out = new ChannelWriter(channel);
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
    headerSent = true;
    write(streamHeader(streamId, from, to));
  }

  /** RFC 6120 §4.7: the opening of the server's stream ({@code to} may be null). */
  static String streamHeader(String streamId, String from, String to) {
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
    return sb.append(" version='1.0' xml:lang='en'>").toString();
  }

  @Override
  public void send(Element element) {
    write(XmlWriter.toXml(element, Namespaces.CLIENT));
  }

  @Override
  public void send(Outbound outbound, String to) {
    if (closed) return;
    byte[] escaped = recipient.escaped(to);
    byte[] head = outbound.head();
    byte[] tail = outbound.tail();
    out.write(out.alloc().directBuffer(head.length + escaped.length + tail.length)
        .writeBytes(head).writeBytes(escaped).writeBytes(tail));
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
    return secure;
  }

  @Override
  public boolean canStartTls() {
    return TcpListener.tlsConfigured(ctx);
  }

  @Override
  public void startTls(Runnable onSecure) {
    tls.upgrade(channel, failure -> {
      if (failure == null) {
        secure = true;
        onSecure.run();
      } else {
        log.info("TLS handshake with {} failed: {}", remoteAddress(), failure.toString());
        socket.close();
      }
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
    return out.congested();
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public String kind() {
    return "tcp";
  }

  @Override
  public String remoteAddress() {
    return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
  }

  private void write(String s) {
    if (closed) return;
    ByteBuf buf = out.alloc().directBuffer(ByteBufUtil.utf8Bytes(s));
    ByteBufUtil.writeUtf8(buf, s);
    out.write(buf);
  }
}
