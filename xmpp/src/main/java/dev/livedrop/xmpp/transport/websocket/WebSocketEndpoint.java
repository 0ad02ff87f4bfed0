package dev.livedrop.xmpp.transport.websocket;

import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.transport.http.HttpOrigin;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** {@code /xmpp-websocket}: upgrades to a WebSocket speaking the "xmpp" subprotocol (RFC 7395 §3.1). */
public final class WebSocketEndpoint {
  public static final String PATH = "/xmpp-websocket";
  public static final String SUBPROTOCOL = "xmpp";
  private final Vertx vertx;
  private final SessionContext ctx;

  public WebSocketEndpoint(Vertx vertx, SessionContext ctx) {
    this.vertx = vertx;
    this.ctx = ctx;
  }

  public void handle(RoutingContext rc) {
    boolean secure = HttpOrigin.confidential(rc.request());
    rc.request().toWebSocket().onSuccess(ws -> {
      if (!SUBPROTOCOL.equals(ws.subProtocol())) {
        // §3.1: without the xmpp subprotocol the peer is not speaking RFC 7395.
        ws.close((short) 1002, "Sec-WebSocket-Protocol must include 'xmpp'");
        return;
      }
      new WebSocketTransport(vertx, ws, ctx, secure);
    }).onFailure(e -> {
      if (!rc.response().ended()) rc.response().setStatusCode(400).end("WebSocket upgrade required.");
    });
  }
}
