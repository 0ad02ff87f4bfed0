package dev.livedrop.loadgen.transport;

import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.xml.Element;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** XMPP over WebSocket (RFC 7395): subprotocol {@code xmpp}, one element per text message. */
public final class WebSocketConnection extends AbstractConnection {
  private static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
  private final WebSocketClient client;
  private final URI uri;
  private WebSocket ws;
  private final java.util.function.Consumer<Element> onElement = this::element;
  /** The frames so far of a message that spans several. */
  private Buffer partial;
  private String domain;

  public WebSocketConnection(WebSocketClient client, URI uri) {
    this.client = client;
    this.uri = uri;
  }

  @Override
  public void open(String domain, Listener listener) {
    this.domain = domain;
    listen(listener);
    var options = new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
        .setURI(uri.getRawPath()).addSubProtocol("xmpp").setSsl("wss".equals(uri.getScheme()));
    client.connect(options).onComplete(ar -> {
      if (ar.failed()) {
        finish("connect failed: " + ar.cause().getMessage());
        return;
      }
      ws = ar.result();
      // §3.3.2: one complete element per message. A message may span frames: they are joined
      // first, then the whole message goes to this thread's shared parser.
      ws.frameHandler(frame -> {
        if (!(frame.isText() || frame.isContinuation())) {
          if (frame.isBinary()) fail("binary message (RFC 7395 §3.2: XMPP messages are text)");
          return;
        }
        byte[] data = frame.binaryData().getBytes();
        if (!frame.isFinal()) {
          if (partial == null) partial = Buffer.buffer();
          partial.appendBytes(data);
          return;
        }
        if (partial != null) {
          data = partial.appendBytes(data).getBytes();
          partial = null;
        }
        if (TRACE) System.err.println("<< " + new String(data, StandardCharsets.UTF_8));
        try {
          SharedFramedParser.forThisThread().parse(data, onElement);
        } catch (StreamError e) {
          fail("unparsable message: " + e.getMessage());
        }
      });
      ws.closeHandler(v -> finish(closed ? null : "closed by server: " + ws.closeStatusCode() + " " + ws.closeReason()));
      ws.exceptionHandler(e -> finish("websocket error: " + e.getMessage()));
      sendOpen();
    });
  }

  private void element(Element e) {
    if (e.is("open", FRAMING)) opened();
    else if (e.is("close", FRAMING)) close();
    else deliver(e);
  }

  private void fail(String reason) {
    finish(reason);
    ws.close();
  }

  private void sendOpen() {
    ws.writeTextMessage("<open xmlns='" + FRAMING + "' to='" + domain + "' version='1.0'/>");
  }

  @Override
  public void send(String xml) {
    if (TRACE) System.err.println(">> " + xml);
    if (ws != null && !closed) ws.writeTextMessage(xml);
  }

  @Override
  public void restart() {
    sendOpen();
  }

  @Override
  public void close() {
    if (closed || ws == null) return;
    closed = true;
    ws.writeTextMessage("<close xmlns='" + FRAMING + "'/>").onComplete(v -> ws.close());
  }

}
