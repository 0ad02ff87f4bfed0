package dev.livedrop.xmpp.transport.http;

import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.transport.websocket.WebSocketEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.ArrayList;

/**
 * The XMPP endpoints that live on the application's HTTP server: WebSocket and XEP-0156
 * discovery (BOSH joins them at {@link #BOSH_PATH}).
 */
public final class XmppHttp {
  public static final String BOSH_PATH = "/http-bind";

  private XmppHttp() {}

  /** The HTTP server must announce the "xmpp" WebSocket subprotocol (RFC 7395 §3.1). */
  public static HttpServerOptions configure(HttpServerOptions options) {
    var protocols = new ArrayList<>(options.getWebSocketSubProtocols() == null ? java.util.List.<String>of()
        : options.getWebSocketSubProtocols());
    if (!protocols.contains(WebSocketEndpoint.SUBPROTOCOL)) protocols.add(WebSocketEndpoint.SUBPROTOCOL);
    return options.setWebSocketSubProtocols(protocols);
  }

  public static void mount(Router router, Vertx vertx, SessionContext ctx) {
    var ws = new WebSocketEndpoint(vertx, ctx);
    router.get(WebSocketEndpoint.PATH).handler(ws::handle);
    var bosh = new dev.livedrop.xmpp.transport.bosh.BoshEndpoint(vertx, ctx);
    router.route(BOSH_PATH).handler(bosh::handle);
    var hostMeta = new HostMeta(BOSH_PATH, WebSocketEndpoint.PATH);
    router.get("/.well-known/host-meta").handler(hostMeta::xml);
    router.get("/.well-known/host-meta.json").handler(hostMeta::json);
  }
}
