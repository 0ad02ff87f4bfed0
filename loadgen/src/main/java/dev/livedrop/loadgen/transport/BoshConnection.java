package dev.livedrop.loadgen.transport;

import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.xml.Element;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * XMPP over BOSH (XEP-0124, XEP-0206) as a browser does it: {@code hold=1}, so the server keeps
 * one request to answer when it has something; a second request carries what the client sends
 * (at most {@code requests} in flight); {@code rid} increases by one per request.
 */
public final class BoshConnection extends AbstractConnection {
  private static final String HTTPBIND = "http://jabber.org/protocol/httpbind";
  private static final String XBOSH = "urn:xmpp:xbosh";
  private static final int WAIT_SECONDS = 60;
  private final HttpClient http;
  private final URI uri;
  private final ArrayDeque<String> outbox = new ArrayDeque<>();
  private String domain;
  private String sid;
  private long rid = ThreadLocalRandom.current().nextLong(1_000_000, 1L << 40);
  private int inFlight;
  private int maxRequests = 2;
  private boolean restartPending;

  public BoshConnection(HttpClient http, URI uri) {
    this.http = http;
    this.uri = uri;
  }

  @Override
  public void open(String domain, Listener listener) {
    this.domain = domain;
    listen(listener);
    post("<body xmlns='" + HTTPBIND + "' xmlns:xmpp='" + XBOSH + "' content='text/xml; charset=utf-8' hold='1' wait='"
        + WAIT_SECONDS + "' rid='" + (rid++) + "' to='" + domain + "' ver='1.11' xml:lang='en' xmpp:version='1.0'/>", true);
  }

  @Override
  public void send(String xml) {
    if (closed) return;
    outbox.add(xml);
    pump();
  }

  @Override
  public void restart() {
    restartPending = true;
    pump();
  }

  @Override
  public void close() {
    if (closed || sid == null) return;
    closed = true;
    StringBuilder payload = new StringBuilder();
    while (!outbox.isEmpty()) payload.append(outbox.poll());
    post(bodyStart("type='terminate' ") + ">" + payload + "</body>", false);
  }

  /** Sends what is waiting if a request slot is free; keeps one request held for the server. */
  private void pump() {
    if (sid == null || closed) return;
    if (restartPending && inFlight < maxRequests) {
      restartPending = false;
      post(bodyStart("xmpp:restart='true' xmlns:xmpp='" + XBOSH + "' xml:lang='en' to='" + domain + "' ") + "/>", false);
      return;
    }
    if (!outbox.isEmpty() && inFlight < maxRequests) {
      StringBuilder payload = new StringBuilder();
      while (!outbox.isEmpty()) payload.append(outbox.poll());
      post(bodyStart("") + ">" + payload + "</body>", false);
    } else if (inFlight == 0) {
      post(bodyStart("") + "/>", false);
    }
  }

  private String bodyStart(String extra) {
    return "<body xmlns='" + HTTPBIND + "' rid='" + (rid++) + "' sid='" + sid + "' " + extra;
  }

  private void post(String body, boolean creating) {
    inFlight++;
    var options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
        .setURI(uri.getRawPath()).putHeader("Content-Type", "text/xml; charset=utf-8")
        .setIdleTimeout((WAIT_SECONDS + 30) * 1000L);
    http.request(options)
        .compose(req -> req.send(Buffer.buffer(body)).compose(resp -> {
          if (resp.statusCode() != 200) {
            return resp.body().compose(b -> io.vertx.core.Future.failedFuture("HTTP " + resp.statusCode()));
          }
          return resp.body();
        }))
        .onComplete(ar -> {
          inFlight--;
          if (ar.failed()) {
            finish(closed ? null : "BOSH request failed: " + ar.cause().getMessage());
            return;
          }
          received(ar.result(), creating);
        });
  }

  private void received(Buffer b, boolean creating) {
    Element body;
    try {
      body = parseBody(b);
    } catch (StreamError e) {
      finish("unparsable BOSH body: " + e.getMessage());
      return;
    }
    if (creating) {
      sid = body.attr("sid");
      String requests = body.attr("requests");
      if (requests != null) maxRequests = Math.max(1, Integer.parseInt(requests));
      if (sid == null) {
        finish("no sid in the session creation response");
        return;
      }
    }
    if (!reporting()) return;
    // Features come with the creation response or the restart's; either means the stream is open.
    boolean opened = creating || body.elements().anyMatch(e -> e.name().equals("features"));
    if (opened) opened();
    body.elements().forEach(this::deliver);
    if ("terminate".equals(body.attr("type"))) {
      finish(body.attr("condition") == null ? null : "terminated: " + body.attr("condition"));
      return;
    }
    pump();
  }

  private static Element parseBody(Buffer b) {
    Element[] out = new Element[1];
    var parser = parser(true, e -> out[0] = e, () -> {}, () -> {});
    parser.feed(b.getBytes());
    if (out[0] == null || !out[0].name().equals("body")) throw new StreamError(
        dev.livedrop.xmpp.stream.StreamErrorCondition.BAD_FORMAT, "not a BOSH body");
    return out[0];
  }

}
