package dev.livedrop.xmpp.transport.http;

import io.vertx.core.http.HttpServerRequest;

/** Facts about the HTTP request an XMPP session rides on. */
public final class HttpOrigin {
  private HttpOrigin() {}

  /**
   * Whether the client's connection is confidential: TLS here, TLS terminated by a proxy in front
   * (X-Forwarded-Proto), or loopback. Decides whether PLAIN is offered.
   */
  public static boolean confidential(HttpServerRequest req) {
    if (req.isSSL()) return true;
    if ("https".equalsIgnoreCase(req.getHeader("X-Forwarded-Proto"))) return true;
    var addr = req.remoteAddress();
    if (addr == null || addr.hostAddress() == null) return false;
    String ip = addr.hostAddress();
    return ip.startsWith("127.") || ip.equals("0:0:0:0:0:0:0:1") || ip.equals("::1");
  }

  /** The base URL the client used to reach us, for XEP-0156 links. */
  public static String base(HttpServerRequest req, boolean websocket) {
    boolean tls = req.isSSL() || "https".equalsIgnoreCase(req.getHeader("X-Forwarded-Proto"));
    String host = req.authority() == null ? "localhost" : req.authority().toString();
    String scheme = websocket ? (tls ? "wss" : "ws") : (tls ? "https" : "http");
    return scheme + "://" + host;
  }
}
