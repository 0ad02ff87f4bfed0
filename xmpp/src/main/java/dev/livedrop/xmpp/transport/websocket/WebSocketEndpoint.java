package dev.livedrop.xmpp.transport.websocket;

import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.transport.http.HttpOrigin;
import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.ConnectionBase;
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

  /**
   * The upgraded connection's Netty channel, so that the transport can write frames itself: Vert.x
   * Web wraps the WebSocket and hides its connection, but the request's connection is the same
   * channel, whose pipeline now ends in the WebSocket handler.
   */
  private static Channel channelOf(RoutingContext rc) {
    return ((ConnectionBase) rc.request().connection()).channel();
  }

  public void handle(RoutingContext rc) {
    boolean secure = HttpOrigin.confidential(rc.request());
    rc.request().toWebSocket().onSuccess(ws -> {
      if (!SUBPROTOCOL.equals(ws.subProtocol())) {
        // §3.1: without the xmpp subprotocol the peer is not speaking RFC 7395.
        ws.close((short) 1002, "Sec-WebSocket-Protocol must include 'xmpp'");
        return;
      }
      new WebSocketTransport(vertx, ws, channelOf(rc), ctx, secure);
    }).onFailure(e -> {
      if (!rc.response().ended()) rc.response().setStatusCode(400).end("WebSocket upgrade required.");
    });
  }
}
