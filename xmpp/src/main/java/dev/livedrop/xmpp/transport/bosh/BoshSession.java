package dev.livedrop.xmpp.transport.bosh;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.stream.Session;
import dev.livedrop.xmpp.stream.SessionContext;
import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.stream.Transport;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.XmlWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One BOSH session (XEP-0124, XEP-0206): the request window by {@code rid}, requests processed in
 * order, held requests answered when stanzas arrive or {@code wait} runs out, cached responses
 * for retransmitted rids, and the inactivity clock. Every method runs under this object's lock:
 * HTTP requests arrive on any event loop and the router delivers from any thread.
 */
final class BoshSession implements Transport {
  /** An HTTP request waiting for its answer. */
  private record Held(long rid, HttpServerResponse response, long timer) {}

  private final String sid;
  private final String domain;
  private final Vertx vertx;
  private final Context context;
  private final BoshEndpoint endpoint;
  private final Session session;
  private final String remoteAddress;
  private final boolean secure;
  private final int wait;
  private final int hold;
  private final int requests;
  private final BoshLimits limits;
  private final long maxQueuedBytes;
  private final StringBuilder queue = new StringBuilder();
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final TreeMap<Long, Element> early = new TreeMap<>();
  /** The HTTP requests of {@link #early}: their rid is ahead of a gap in the window (§14). */
  private final Map<Long, HttpServerResponse> pendingResponses = new TreeMap<>();
  private final Map<Long, String> answered = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
      return size() > requests + 1;
    }
  };
  private long lastRid;
  private long inactivityTimer = -1;
  private long lastEmptyPoll;
  private int pauseSeconds;
  private String terminateCondition;
  private boolean terminated;

  BoshSession(String sid, Vertx vertx, BoshEndpoint endpoint, SessionContext ctx, Element create, long rid,
      String remoteAddress, boolean secure, BoshLimits limits) {
    this.sid = sid;
    this.domain = ctx.config().domain();
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.endpoint = endpoint;
    this.remoteAddress = remoteAddress;
    this.secure = secure;
    this.limits = limits;
    this.wait = clamp(create.attr("wait"), 1, limits.maxWaitSeconds(), limits.maxWaitSeconds());
    this.hold = clamp(create.attr("hold"), 0, limits.maxHold(), 1);
    this.requests = hold + 1;
    this.maxQueuedBytes = 4L * ctx.config().maxStanzaBytes();
    this.lastRid = rid;
    this.session = new Session(ctx, this);
  }

  String sid() {
    return sid;
  }

  /** XEP-0124 §7.1 / XEP-0206 §5: answers the session creation request. */
  synchronized void created(Element create, HttpServerResponse response) {
    Element header = new Element("stream", Namespaces.STREAMS).attr("to", create.attr("to"))
        .attr("version", orDefault(create.attr("{" + Namespaces.XBOSH + "}version"), "1.0"))
        .attr("xml:lang", create.attr("xml:lang"));
    session.streamOpened(header);
    String attrs = "sid='" + sid + "' wait='" + wait + "' hold='" + hold + "' requests='" + requests
        + "' inactivity='" + limits.inactivitySeconds() + "' polling='" + limits.pollingSeconds()
        + "' maxpause='" + limits.maxPauseSeconds() + "' ver='1.11' from='" + escape(domain)
        + "' ack='" + lastRid + "' xmlns:xmpp='" + Namespaces.XBOSH + "' xmpp:version='1.0' xmpp:restartlogic='true'";
    String payload = drainQueue();
    if (terminated) {
      reply(response, lastRid, BoshResponse.terminate(terminateCondition, payload));
      return;
    }
    reply(response, lastRid, BoshResponse.wrap(attrs, payload));
    startInactivityClockIfIdle();
  }

  /** A request in this session: the rid window of §14, then in-order processing. */
  synchronized void request(Element body, long rid, HttpServerResponse response) {
    if (terminated) {
      endpoint.respond(response, BoshResponse.terminate(BoshConditions.ITEM_NOT_FOUND, ""));
      return;
    }
    cancelInactivityClock();
    if (rid <= lastRid) {
      String cached = answered.get(rid);
      if (cached != null) {
        endpoint.respond(response, cached); // §14.3: the client lost our answer; send it again
        return;
      }
      if (!replaceHeld(rid, response)) terminate(BoshConditions.ITEM_NOT_FOUND, response);
      return;
    }
    if (rid > lastRid + requests) {
      terminate(BoshConditions.ITEM_NOT_FOUND, response); // §14.1: outside the window
      return;
    }
    if (held.size() + early.size() >= requests) {
      terminate(BoshConditions.POLICY_VIOLATION, response); // §11: overactivity
      return;
    }
    early.put(rid, body);
    pendingResponses.put(rid, response);
    while (!terminated && early.containsKey(lastRid + 1)) {
      long next = lastRid + 1;
      lastRid = next;
      process(early.remove(next), next, pendingResponses.remove(next));
    }
  }

  private void process(Element body, long rid, HttpServerResponse response) {
    String pause = body.attr("pause");
    if (pause != null) pauseSeconds = clamp(pause, 0, limits.maxPauseSeconds(), 0);
    boolean empty = body.elements().findAny().isEmpty();
    if (hold == 0 && empty && body.attr("{" + Namespaces.XBOSH + "}restart") == null) {
      long now = System.currentTimeMillis();
      if (now - lastEmptyPoll < limits.pollingSeconds() * 1000L) {
        terminate(BoshConditions.POLICY_VIOLATION, response); // §12: polling too often
        return;
      }
      lastEmptyPoll = now;
    }
    if ("true".equals(body.attr("{" + Namespaces.XBOSH + "}restart"))) {
      // XEP-0206 §5: a stream restart after SASL, answered with the new stream's features.
      Element header = new Element("stream", Namespaces.STREAMS).attr("to", body.attr("to"))
          .attr("version", "1.0").attr("xml:lang", body.attr("xml:lang"));
      session.streamOpened(header);
    }
    body.elements().forEach(e -> {
      if (!terminated) session.element(asClientStanza(e));
    });
    if ("terminate".equals(body.attr("type"))) {
      session.streamClosed(); // §16: the session ends; this request gets the terminate reply
      end(null); // already done through close() unless a stream error ended it first
      reply(response, rid, BoshResponse.terminate(terminateCondition, drainQueue()));
      return;
    }
    if (terminated) {
      reply(response, rid, BoshResponse.terminate(terminateCondition, drainQueue()));
      return;
    }
    long timer = vertx.setTimer(wait * 1000L, t -> expire(rid));
    held.addLast(new Held(rid, response, timer));
    response.closeHandler(v -> abandoned(rid));
    flush();
  }

  /** Answers held requests: the oldest gets what is queued; beyond {@code hold}, older ones go empty. */
  private void flush() {
    while (!held.isEmpty() && (queue.length() > 0 || held.size() > hold)) {
      Held h = held.pollFirst();
      vertx.cancelTimer(h.timer());
      reply(h.response(), h.rid(), BoshResponse.wrap("", drainQueue()));
    }
    startInactivityClockIfIdle();
  }

  private synchronized void expire(long rid) {
    for (Held h : held) {
      if (h.rid() == rid) {
        held.remove(h);
        reply(h.response(), rid, BoshResponse.wrap("", drainQueue()));
        break;
      }
    }
    startInactivityClockIfIdle();
  }

  private synchronized void abandoned(long rid) {
    held.removeIf(h -> {
      if (h.rid() != rid) return false;
      vertx.cancelTimer(h.timer());
      return true;
    });
    startInactivityClockIfIdle();
  }

  private boolean replaceHeld(long rid, HttpServerResponse response) {
    for (Held h : held) {
      if (h.rid() == rid) {
        held.remove(h);
        vertx.cancelTimer(h.timer());
        endpoint.respond(h.response(), BoshResponse.wrap("", ""));
        long timer = vertx.setTimer(wait * 1000L, t -> expire(rid));
        held.addFirst(new Held(rid, response, timer));
        return true;
      }
    }
    return false;
  }

  private void reply(HttpServerResponse response, long rid, String body) {
    answered.put(rid, body);
    endpoint.respond(response, body);
  }

  private String drainQueue() {
    String s = queue.toString();
    queue.setLength(0);
    return s;
  }

  // --- inactivity (§8): no request held for longer than inactivity (+ pause) ends the session ---

  private void startInactivityClockIfIdle() {
    if (terminated || !held.isEmpty() || inactivityTimer >= 0) return;
    long seconds = limits.inactivitySeconds() + pauseSeconds;
    inactivityTimer = vertx.setTimer(seconds * 1000L, t -> inactive());
  }

  private void cancelInactivityClock() {
    if (inactivityTimer >= 0) vertx.cancelTimer(inactivityTimer);
    inactivityTimer = -1;
  }

  private synchronized void inactive() {
    inactivityTimer = -1;
    if (terminated || !held.isEmpty()) return;
    // §8: the client is presumed gone; a request still waiting for a gap in its rids is answered
    // as if the session did not exist.
    end(BoshConditions.ITEM_NOT_FOUND);
  }

  /** A binding error in {@code response}'s request (§17.2): the session ends and that request says why. */
  private void terminate(String condition, HttpServerResponse response) {
    end(condition);
    endpoint.respond(response, BoshResponse.terminate(condition, ""));
  }

  // --- teardown: the one way every session ends ----------------------------------------------

  /**
   * Ends the session, once, whatever ended it (client terminate, stream error, binding error,
   * inactivity, shutdown). Every request the client is waiting on is answered with
   * {@code type='terminate'} (XEP-0124 §17; XEP-0206 §7): the oldest held one carries what is
   * queued (a stream error, the last stanzas); the other held ones and those waiting for a gap in
   * the rids (§14) get the bare condition. With nothing held, the queue stays for the request that
   * ended it (or the creation response). Then the timers stop, the sid is forgotten and the XMPP
   * session is told (a no-op when it is what ended us).
   */
  private void end(String condition) {
    if (terminated) return;
    terminated = true;
    terminateCondition = condition;
    cancelInactivityClock();
    endpoint.remove(sid);
    Held first = held.pollFirst();
    if (first != null) {
      vertx.cancelTimer(first.timer());
      reply(first.response(), first.rid(), BoshResponse.terminate(condition, drainQueue()));
    }
    for (Held h : held) {
      vertx.cancelTimer(h.timer());
      reply(h.response(), h.rid(), BoshResponse.terminate(condition, ""));
    }
    held.clear();
    pendingResponses.values().forEach(r -> endpoint.respond(r, BoshResponse.terminate(condition, "")));
    pendingResponses.clear();
    early.clear();
    session.transportClosed();
  }

  // --- Transport ----------------------------------------------------------------------------

  @Override
  public void openStream(String streamId, String from, String to, String lang) {
    // The session attributes of the creation response stand for the stream header.
  }

  @Override
  public synchronized void send(Element element) {
    if (terminated) return;
    XmlWriter.write(queue, element, "");
    flush();
  }

  @Override
  public synchronized void send(Outbound outbound, String to) {
    if (terminated) return;
    queue.append(outbound.framedText(to));
    flush();
  }

  @Override
  public synchronized void fail(StreamError error) {
    if (terminated) return;
    // XEP-0206 §7: a stream error ends the session as remote-stream-error, with the error inside.
    XmlWriter.write(queue, error.toElement(), Namespaces.HTTPBIND);
    end(switch (error.condition()) {
      case HOST_UNKNOWN -> BoshConditions.HOST_UNKNOWN;
      case SYSTEM_SHUTDOWN -> BoshConditions.SYSTEM_SHUTDOWN;
      default -> BoshConditions.REMOTE_STREAM_ERROR;
    });
  }

  @Override
  public synchronized void close() {
    end(null); // §16: a clean end carries no condition
  }

  @Override
  public boolean secure() {
    return secure;
  }

  @Override
  public boolean restartsWithHeader() {
    return false;
  }

  @Override
  public synchronized boolean congested() {
    return queue.length() > maxQueuedBytes;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public String kind() {
    return "bosh";
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  /**
   * A stanza written inside {@code <body/>} without its own xmlns inherits the body's namespace;
   * ejabberd and Prosody read it as jabber:client, and load tools (Tsung) send it so.
   */
  private static Element asClientStanza(Element e) {
    return e.namespace().equals(Namespaces.HTTPBIND) ? e.copyMovingNamespace(Namespaces.HTTPBIND, Namespaces.CLIENT) : e;
  }

  private static int clamp(String value, int min, int max, int fallback) {
    if (value == null) return fallback;
    try {
      return Math.max(min, Math.min(max, Integer.parseInt(value.trim())));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String orDefault(String v, String d) {
    return v == null ? d : v;
  }

  private static String escape(String s) {
    var sb = new StringBuilder();
    XmlWriter.escapeAttr(sb, s);
    return sb.toString();
  }
}
