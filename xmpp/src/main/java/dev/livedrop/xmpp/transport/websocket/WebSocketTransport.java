package dev.livedrop.xmpp.transport.websocket;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.stream.Session;
import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.stream.StreamErrorCondition;
import dev.livedrop.xmpp.stream.StreamParser;
import dev.livedrop.xmpp.stream.Transport;
import dev.livedrop.xmpp.transport.ChannelWriter;
import dev.livedrop.xmpp.transport.RecipientCache;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.XmlWriter;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;

/**
 * RFC 7395: XMPP over WebSocket. Every message is one whole element: {@code <open/>} and
 * {@code <close/>} in the framing namespace instead of a stream header, stanzas each with their
 * own {@code xmlns}. It only frames; the session does the rest. Outgoing messages are encoded as
 * frames here and written through a {@link ChannelWriter} (flushed once per turn of the event
 * loop); Vert.x still reads, answers pings and closes.
 */
final class WebSocketTransport implements Transport, StreamParser.Handler {
  static final int WRITE_QUEUE_BYTES = 256 * 1024;
  private final ServerWebSocket ws;
  private final Vertx vertx;
  private final Context context;
  private final SessionContext ctx;
  private final Session session;
  private final StreamParser parser;
  private final boolean secure;
  private final ChannelWriter out;
  private final RecipientCache recipient = new RecipientCache();
  private volatile boolean closed;

  WebSocketTransport(Vertx vertx, ServerWebSocket ws, Channel channel, SessionContext ctx, boolean secure) {
    this.vertx = vertx;
    this.ws = ws;
    this.context = vertx.getOrCreateContext();
    this.ctx = ctx;
    this.secure = secure;
    ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    this.out = new ChannelWriter(channel);
    this.session = new Session(ctx, this);
    this.parser = new StreamParser(this, ctx.config().maxStanzaBytes(), true);
    ws.textMessageHandler(this::onMessage);
    ws.binaryMessageHandler(b -> session.fail(new StreamError(StreamErrorCondition.BAD_FORMAT,
        "RFC 7395 §3.2: XMPP messages are text frames.")));
    ws.closeHandler(v -> {
      closed = true;
      session.transportClosed();
    });
    ws.exceptionHandler(e -> ws.close());
  }

  private void onMessage(String text) {
    if (closed) return;
    try {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      parser.feed(bytes, 0, bytes.length);
      if (parser.depth() != 1) {
        // §3.3.3: a message holds exactly one complete element; half of one is a framing error.
        throw new StreamError(StreamErrorCondition.NOT_WELL_FORMED, "A WebSocket message must hold one whole element.");
      }
    } catch (StreamError e) {
      session.fail(e);
    }
  }

  @Override
  public void streamOpened(Element header) {
    // Framed mode never reports a header: <open/> arrives as a stanza.
  }

  @Override
  public void stanza(Element e) {
    if (e.namespace().equals(Namespaces.FRAMING)) {
      switch (e.name()) {
        case "open" -> session.streamOpened(e);
        case "close" -> session.streamClosed();
        default -> session.fail(new StreamError(StreamErrorCondition.BAD_FORMAT, "Unknown framing element."));
      }
      return;
    }
    session.element(e);
  }

  @Override
  public void streamClosed() {
    session.streamClosed();
  }

  @Override
  public void openStream(String streamId, String from, String to, String lang) {
    Element open = new Element("open", Namespaces.FRAMING).attr("from", from).attr("id", streamId)
        .attr("version", "1.0").attr("xml:lang", "en");
    if (to != null) open.attr("to", to);
    write(XmlWriter.toXml(open, ""));
  }

  @Override
  public void send(Element element) {
    write(XmlWriter.toXml(element, ""));
  }

  @Override
  public void send(Outbound outbound, String to) {
    if (closed) return;
    byte[] escaped = recipient.escaped(to);
    out.write(TextFrames.of(out.alloc(), outbound.framedHead(), escaped, outbound.tail()));
  }

  @Override
  public void fail(StreamError error) {
    if (closed) return;
    write(XmlWriter.toXml(error.toElement(), ""));
    close();
  }

  @Override
  public void close() {
    if (closed) return;
    write(XmlWriter.toXml(new Element("close", Namespaces.FRAMING), ""));
    closed = true;
    // §3.6: after <close/>, the WebSocket connection itself is closed.
    vertx.setTimer(200, t -> ws.close());
  }

  @Override
  public boolean secure() {
    return secure;
  }

  @Override
  public boolean restartsWithHeader() {
    return true;
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
    return "websocket";
  }

  @Override
  public String remoteAddress() {
    return ws.remoteAddress() == null ? "unknown" : ws.remoteAddress().hostAddress();
  }

  private void write(String text) {
    if (closed && !text.startsWith("<close")) return;
    out.write(TextFrames.of(out.alloc(), text.getBytes(StandardCharsets.UTF_8)));
  }

}
