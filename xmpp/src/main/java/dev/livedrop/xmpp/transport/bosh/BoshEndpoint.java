package dev.livedrop.xmpp.transport.bosh;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.stream.StreamParser;
import dev.livedrop.xmpp.transport.http.HttpOrigin;
import dev.livedrop.xmpp.xml.Element;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /http-bind}: the BOSH connection manager (XEP-0124 over XEP-0206). Parses each POSTed
 * {@code <body/>}, finds or creates its session, answers CORS preflights for allowed origins.
 */
public final class BoshEndpoint {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Vertx vertx;
  private final SessionContext ctx;
  private final BoshLimits limits;
  private final Map<String, BoshSession> sessions = new ConcurrentHashMap<>();

  public BoshEndpoint(Vertx vertx, SessionContext ctx) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.limits = BoshLimits.DEFAULT;
  }

  public int sessionCount() {
    return sessions.size();
  }

  public void handle(RoutingContext rc) {
    var req = rc.request();
    cors(rc);
    if (req.method() == HttpMethod.OPTIONS) {
      rc.response().setStatusCode(204).end();
      return;
    }
    if (req.method() != HttpMethod.POST) {
      rc.response().setStatusCode(405).putHeader("Allow", "POST, OPTIONS").end();
      return;
    }
    long max = ctx.config().maxStanzaBytes() + 4096L;
    String length = req.getHeader("Content-Length");
    if (length != null && parseLong(length) > max) {
      respond(rc.response().setStatusCode(413), BoshResponse.terminate(BoshConditions.POLICY_VIOLATION, ""));
      return;
    }
    Buffer body = Buffer.buffer();
    req.handler(chunk -> {
      if (body.length() + chunk.length() > max) {
        req.handler(null);
        respond(rc.response().setStatusCode(413), BoshResponse.terminate(BoshConditions.POLICY_VIOLATION, ""));
        req.connection().close();
        return;
      }
      body.appendBuffer(chunk);
    });
    req.endHandler(v -> {
      if (!rc.response().ended()) dispatch(rc, body);
    });
    req.resume();
  }

  private void dispatch(RoutingContext rc, Buffer raw) {
    Element body;
    try {
      body = parse(raw.getBytes());
    } catch (StreamError e) {
      respond(rc.response().setStatusCode(400), BoshResponse.terminate(BoshConditions.BAD_REQUEST, ""));
      return;
    }
    if (body == null || !body.is("body", Namespaces.HTTPBIND)) {
      respond(rc.response().setStatusCode(400), BoshResponse.terminate(BoshConditions.BAD_REQUEST, ""));
      return;
    }
    long rid = parseLong(body.attr("rid"));
    if (rid < 0) {
      respond(rc.response(), BoshResponse.terminate(BoshConditions.BAD_REQUEST, ""));
      return;
    }
    String sid = body.attr("sid");
    if (sid == null) {
      create(rc, body, rid);
      return;
    }
    BoshSession session = sessions.get(sid);
    if (session == null) {
      respond(rc.response(), BoshResponse.terminate(BoshConditions.ITEM_NOT_FOUND, "")); // §17.2
      return;
    }
    session.request(body, rid, rc.response());
  }

  private void create(RoutingContext rc, Element body, long rid) {
    if (body.attr("to") == null) {
      respond(rc.response(), BoshResponse.terminate(BoshConditions.BAD_REQUEST, ""));
      return;
    }
    if (!body.attr("to").equalsIgnoreCase(ctx.config().domain())) {
      respond(rc.response(), BoshResponse.terminate(BoshConditions.HOST_UNKNOWN, ""));
      return;
    }
    String sid = newSid();
    var remote = rc.request().remoteAddress();
    var session = new BoshSession(sid, vertx, this, ctx, body, rid, remote == null ? "unknown" : remote.hostAddress(),
        HttpOrigin.confidential(rc.request()), limits);
    sessions.put(sid, session);
    session.created(body, rc.response());
  }

  /** Parses one request body: exactly one element, restricted XML, size-limited. */
  private Element parse(byte[] bytes) {
    return StreamParser.parseOne(bytes, ctx.config().maxStanzaBytes() + 4096);
  }

  void respond(HttpServerResponse response, String body) {
    if (response.ended() || response.closed()) return;
    response.putHeader("Content-Type", "text/xml; charset=utf-8").putHeader("Cache-Control", "no-store").end(body);
  }

  void remove(String sid) {
    sessions.remove(sid);
  }

  /** CORS for browsers on other origins: the configured allowlist ("*" for any). */
  private void cors(RoutingContext rc) {
    String origin = rc.request().getHeader("Origin");
    if (origin == null) return;
    List<String> allowed = ctx.config().corsOrigins();
    if (!allowed.contains("*") && !allowed.contains(origin)) return;
    var res = rc.response();
    res.putHeader("Access-Control-Allow-Origin", allowed.contains("*") ? "*" : origin);
    if (!allowed.contains("*")) res.putHeader("Vary", "Origin");
    if (rc.request().method() == HttpMethod.OPTIONS) {
      res.putHeader("Access-Control-Allow-Methods", "POST, OPTIONS")
          .putHeader("Access-Control-Allow-Headers", "Content-Type")
          .putHeader("Access-Control-Max-Age", "86400");
    }
  }

  private static String newSid() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static long parseLong(String s) {
    if (s == null) return -1;
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
