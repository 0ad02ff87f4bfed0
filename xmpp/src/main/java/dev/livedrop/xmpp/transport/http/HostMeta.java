package dev.livedrop.xmpp.transport.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** XEP-0156 §3: {@code /.well-known/host-meta} (XRD) and {@code host-meta.json} (JRD). */
public final class HostMeta {
  static final String BOSH_REL = "urn:xmpp:alt-connections:xbosh";
  static final String WEBSOCKET_REL = "urn:xmpp:alt-connections:websocket";
  private final String boshPath;
  private final String websocketPath;

  public HostMeta(String boshPath, String websocketPath) {
    this.boshPath = boshPath;
    this.websocketPath = websocketPath;
  }

  public void xml(RoutingContext rc) {
    String bosh = HttpOrigin.base(rc.request(), false) + boshPath;
    String ws = HttpOrigin.base(rc.request(), true) + websocketPath;
    String body = "<?xml version='1.0' encoding='utf-8'?>\n"
        + "<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n"
        + "  <Link rel='" + BOSH_REL + "' href='" + escape(bosh) + "'/>\n"
        + "  <Link rel='" + WEBSOCKET_REL + "' href='" + escape(ws) + "'/>\n"
        + "</XRD>\n";
    rc.response().putHeader("Content-Type", "application/xrd+xml; charset=utf-8")
        .putHeader("Access-Control-Allow-Origin", "*").end(body);
  }

  public void json(RoutingContext rc) {
    var links = new JsonArray()
        .add(new JsonObject().put("rel", BOSH_REL).put("href", HttpOrigin.base(rc.request(), false) + boshPath))
        .add(new JsonObject().put("rel", WEBSOCKET_REL).put("href", HttpOrigin.base(rc.request(), true) + websocketPath));
    rc.response().putHeader("Content-Type", "application/json")
        .putHeader("Access-Control-Allow-Origin", "*").end(new JsonObject().put("links", links).encode());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
  }
}
