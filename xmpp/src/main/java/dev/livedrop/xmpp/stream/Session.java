package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Delivery;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.sasl.Identity;
import dev.livedrop.xmpp.xml.Element;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's stream, whatever carries it: negotiation (RFC 6120 §4-7: STARTTLS, SASL, bind),
 * then stanzas, stamped with the session's JID and handed to the router. Transports call in on
 * their own context; the router calls {@link #deliver} from any thread.
 */
public final class Session implements Delivery {
  private static final Logger log = LoggerFactory.getLogger(Session.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  enum State { AWAIT_OPEN, NEGOTIATING, AUTHENTICATED, BOUND, CLOSED }

  private final SessionContext ctx;
  private final Transport transport;
  private final SaslNegotiation sasl;
  private final RateLimit rate;
  private volatile State state = State.AWAIT_OPEN;
  private Identity identity;
  private volatile String fullJid;
  private String bareJid;
  private volatile boolean available;
  private volatile int priority;
  private volatile long lastActivity = System.currentTimeMillis();
  private boolean pingOutstanding;
  private final AuthDeadline authDeadline;
  private final int idleSlot = java.util.concurrent.ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);

  public Session(SessionContext ctx, Transport transport) {
    this.ctx = ctx;
    this.transport = transport;
    this.sasl = new SaslNegotiation(ctx, transport);
    this.rate = new RateLimit(ctx.config().stanzasPerSecond());
    ctx.sessions().add(this);
    long deadline = ctx.authTimeout().toMillis();
    this.authDeadline = new AuthDeadline(transport.context(), deadline, () -> {
      // RFC 6120 §4.9.3.14: a local policy, stated in the text.
      if (state != State.BOUND && state != State.CLOSED) fail(new StreamError(StreamErrorCondition.POLICY_VIOLATION,
          "Authenticate and bind a resource within " + Math.max(1, deadline / 1000) + " s of connecting."));
    });
  }

  public Transport transport() {
    return transport;
  }

  // --- from the transport ---------------------------------------------------------------

  /** A stream header (TCP), {@code <open/>} (WebSocket) or BOSH session request/restart. */
  public void streamOpened(Element header) {
    touch();
    String to = header.attr("to");
    String version = header.attr("version");
    String streamId = newId();
    transport.openStream(streamId, ctx.config().domain(), fullJid, header.attr("xml:lang"));
    if (to == null || !to.equalsIgnoreCase(ctx.config().domain())) {
      fail(new StreamError(StreamErrorCondition.HOST_UNKNOWN, "This server serves " + ctx.config().domain() + "."));
      return;
    }
    if (version == null || !version.startsWith("1.")) {
      fail(new StreamError(StreamErrorCondition.UNSUPPORTED_VERSION, "Only XMPP 1.0 streams are supported."));
      return;
    }
    if (state == State.AWAIT_OPEN) state = State.NEGOTIATING;
    transport.send(features());
  }

  private Element features() {
    Element f = new Element("stream:features", Namespaces.STREAMS);
    boolean tlsRequired = ctx.config().tls() == dev.livedrop.xmpp.XmppConfig.TlsMode.REQUIRED;
    if (state == State.NEGOTIATING) {
      if (transport.canStartTls() && !transport.secure()) {
        Element starttls = f.addChild("starttls", Namespaces.TLS);
        if (tlsRequired) {
          starttls.addChild("required");
          return f; // RFC 6120 §5.3.1: nothing else until TLS when it is required
        }
      }
      Element mechs = f.addChild("mechanisms", Namespaces.SASL);
      for (String m : ctx.sasl().offered(transport.secure())) mechs.addChild("mechanism").text(m);
      if (ctx.config().allowRegistration()) f.addChild("register", Namespaces.REGISTER_FEATURE);
    } else if (state == State.AUTHENTICATED) {
      f.addChild("bind", Namespaces.BIND);
      f.addChild("session", Namespaces.SESSION).addChild("optional");
    }
    return f;
  }

  /** A top-level element of the stream. */
  public void element(Element e) {
    if (state == State.CLOSED) return;
    touch();
    pingOutstanding = false;
    try {
      switch (state) {
        case AWAIT_OPEN -> throw new StreamError(StreamErrorCondition.BAD_FORMAT, "The stream has not been opened.");
        case NEGOTIATING -> negotiate(e);
        case AUTHENTICATED -> bindPhase(e);
        case BOUND -> stanza(e);
        case CLOSED -> { }
      }
    } catch (StreamError error) {
      fail(error);
    } catch (StanzaError error) {
      if (Stanzas.isStanza(e)) sendToSelf(error.replyTo(withFrom(e), ctx.config().domain()));
    }
  }

  /** The client closed its stream ({@code </stream:stream>}, {@code <close/>}, BOSH terminate). */
  public void streamClosed() {
    if (state == State.CLOSED) return;
    end();
    transport.close();
  }

  /** The connection is gone, whatever the reason. */
  public void transportClosed() {
    if (state != State.CLOSED) end();
  }

  /** Sends a stream error and ends the session. */
  public void fail(StreamError error) {
    if (state == State.CLOSED) return;
    log.debug("stream error {} to {}: {}", error.condition().element(), transport.remoteAddress(), error.getMessage());
    end();
    transport.fail(error);
  }

  private void end() {
    authDeadline.met();
    state = State.CLOSED;
    available = false;
    ctx.sessions().remove(this);
    if (fullJid != null) ctx.router().unbind(this);
  }

  // --- negotiation ----------------------------------------------------------------------

  private void negotiate(Element e) {
    if (e.is("starttls", Namespaces.TLS)) {
      if (!transport.canStartTls() || transport.secure()) {
        throw new StreamError(StreamErrorCondition.POLICY_VIOLATION, "STARTTLS is not available now.");
      }
      transport.send(new Element("proceed", Namespaces.TLS));
      transport.expectRestart();
      transport.startTls(() -> state = State.NEGOTIATING); // the client restarts the stream
      return;
    }
    boolean tlsRequired = ctx.config().tls() == dev.livedrop.xmpp.XmppConfig.TlsMode.REQUIRED;
    if (transport.canStartTls() && !transport.secure() && tlsRequired) {
      if (e.namespace().equals(Namespaces.SASL)) {
        Element failure = new Element("failure", Namespaces.SASL);
        failure.addChild("encryption-required");
        transport.send(failure);
        return;
      }
      throw new StreamError(StreamErrorCondition.POLICY_VIOLATION, "Use STARTTLS first; this server requires TLS.");
    }
    if (e.namespace().equals(Namespaces.SASL)) {
      sasl.handle(e).ifPresent(this::authenticated);
      return;
    }
    if (e.is("iq", Namespaces.CLIENT) && e.child("query", Namespaces.REGISTER).isPresent()) {
      // XEP-0077 §3.1: with registration off, the answer is service-unavailable, not a dead stream.
      transport.send(ctx.config().allowRegistration() ? ctx.registration().handleBeforeAuth(e)
          : new StanzaError(StanzaError.Condition.SERVICE_UNAVAILABLE, "In-band registration is off.").replyTo(e, null));
      return;
    }
    throw new StreamError(StreamErrorCondition.NOT_AUTHORIZED, "Authenticate first.");
  }

  private void authenticated(Identity id) {
    identity = id;
    bareJid = id.localpart() + "@" + ctx.config().domain();
    state = State.AUTHENTICATED;
    transport.expectRestart();
    // RFC 6120 §6.4.6: the client restarts the stream; BOSH does so with xmpp:restart.
  }

  private void bindPhase(Element e) {
    if (e.is("iq", Namespaces.CLIENT) && e.child("bind", Namespaces.BIND).isPresent() && "set".equals(e.attr("type"))) {
      bind(e);
      return;
    }
    if (e.is("iq", Namespaces.CLIENT)) {
      throw new StanzaError(StanzaError.Condition.NOT_AUTHORIZED, "Bind a resource first.");
    }
    throw new StreamError(StreamErrorCondition.NOT_AUTHORIZED, "Bind a resource before sending stanzas.");
  }

  private void bind(Element iq) {
    String requested = iq.child("bind", Namespaces.BIND).get().childText("resource", Namespaces.BIND);
    String resource;
    if (requested == null || requested.isBlank()) {
      resource = "ld-" + newId();
    } else {
      Jids.Parsed p = Jids.parse(bareJid + "/" + requested.strip());
      if (p == null || p.resource() == null) {
        throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "That resource is not valid (RFC 7622 §3.4).");
      }
      resource = p.resource();
    }
    fullJid = bareJid + "/" + resource;
    state = State.BOUND;
    authDeadline.met();
    Delivery old = ctx.router().bind(this);
    if (old instanceof Session previous) {
      // RFC 6120 §7.7.2.2: the newer session wins; the older one is told why it goes.
      previous.transport.context().runOnContext(v ->
          previous.fail(new StreamError(StreamErrorCondition.CONFLICT, "Replaced by a new connection with the same resource.")));
    }
    Element result = Stanzas.result(iq, null);
    result.attr("from", null).attr("to", null);
    result.addChild("bind", Namespaces.BIND).addChild("jid").text(fullJid);
    transport.send(result);
  }

  // --- stanzas --------------------------------------------------------------------------

  private void stanza(Element e) {
    if (!Stanzas.isStanza(e)) {
      throw new StreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "<" + e.name() + "/> is not a stanza here.");
    }
    if (!rate.tryAcquire()) {
      throw new StreamError(StreamErrorCondition.POLICY_VIOLATION, "Too many stanzas; slow down.");
    }
    Element stanza = withFrom(e);
    if (Stanzas.isIq(stanza)) checkIq(stanza);
    if (Stanzas.isIq(stanza) && stanza.child("session", Namespaces.SESSION).isPresent()) {
      transport.send(Stanzas.result(stanza, ctx.config().domain())); // RFC 6121 Appendix E: a no-op
      return;
    }
    if (Stanzas.isPresence(stanza) && stanza.attr("to") == null) trackAvailability(stanza);
    ctx.router().route(stanza);
  }

  /** RFC 6120 §8.1.2.1: the server stamps 'from'; a client may only claim its own JID. */
  private Element withFrom(Element e) {
    String claimed = e.attr("from");
    if (claimed != null && fullJid != null && !claimed.equals(fullJid) && !claimed.equals(bareJid)) {
      throw new StreamError(StreamErrorCondition.INVALID_FROM, "'from' must be your own JID.");
    }
    if (fullJid != null) e.attr("from", fullJid);
    return e;
  }

  private static void checkIq(Element iq) {
    String type = iq.attr("type");
    if (iq.attr("id") == null || type == null) {
      throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "An IQ needs an id and a type (RFC 6120 §8.2.3).");
    }
    if ((type.equals("get") || type.equals("set")) && iq.elements().count() != 1) {
      throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "An IQ get or set has exactly one child.");
    }
    if (!type.equals("get") && !type.equals("set") && !type.equals("result") && !type.equals("error")) {
      throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "Unknown IQ type '" + type + "'.");
    }
  }

  private void trackAvailability(Element presence) {
    String type = presence.attr("type");
    if (type == null) {
      available = true;
      String p = presence.childText("priority", Namespaces.CLIENT);
      try {
        priority = p == null ? 0 : Math.max(-128, Math.min(127, Integer.parseInt(p.strip())));
      } catch (NumberFormatException ex) {
        throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "<priority/> is an integer from -128 to 127.");
      }
    } else if (type.equals("unavailable")) {
      available = false;
    }
  }

  private void sendToSelf(Element stanza) {
    transport.send(stanza);
  }

  // --- delivery (any thread) ------------------------------------------------------------

  @Override
  public void deliver(Element stanza) {
    if (state == State.CLOSED || !admit(ELEMENT_ESTIMATE)) return;
    transport.send(stanza);
  }

  @Override
  public void deliver(Outbound stanza, String to) {
    if (state == State.CLOSED || !admit(stanza.head().length + stanza.tail().length + to.length())) return;
    transport.send(stanza, to);
  }

  /**
   * Whether one more stanza of about {@code bytes} may be queued. A full write queue is tolerated
   * for a moment (a client busy for a second, a burst such as a room's occupant list on joining),
   * but only up to {@link #CONGESTED_BYTES} more and for {@link #CONGESTED_NANOS}: a reader slower
   * than that is disconnected with policy-violation, so it can never grow the heap without bound.
   */
  private boolean admit(int bytes) {
    if (!transport.congested()) {
      if (congestedSince.get() != 0) {
        congestedSince.set(0);
        congestedBytes.set(0);
      }
      return true;
    }
    long now = System.nanoTime();
    congestedSince.compareAndSet(0, now);
    if (congestedBytes.addAndGet(bytes) > CONGESTED_BYTES || now - congestedSince.get() > CONGESTED_NANOS) {
      transport.context().runOnContext(v -> fail(slowReader()));
      return false;
    }
    return true;
  }

  /** Beyond a full write queue, how much more a slow reader may have queued, and for how long. */
  static final int CONGESTED_BYTES = 1024 * 1024;
  static final long CONGESTED_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
  private static final int ELEMENT_ESTIMATE = 512;
  private final java.util.concurrent.atomic.AtomicLong congestedSince = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger congestedBytes = new java.util.concurrent.atomic.AtomicInteger();

  private static StreamError slowReader() {
    return new StreamError(StreamErrorCondition.POLICY_VIOLATION, "You are not reading fast enough; stanzas would pile up.");
  }

  @Override
  public String fullJid() {
    return fullJid;
  }

  @Override
  public String bareJid() {
    return bareJid;
  }

  @Override
  public boolean available() {
    return available;
  }

  @Override
  public int priority() {
    return priority;
  }

  public boolean anonymous() {
    return identity != null && identity.anonymous();
  }

  // --- liveness -------------------------------------------------------------------------

  private void touch() {
    lastActivity = System.currentTimeMillis();
  }

  int idleSlot() {
    return idleSlot;
  }

  /** XEP-0199 §4.2: ping a quiet client; if it stays silent, it is gone. */
  void checkIdle(long now, long pingAfterMillis, long idleMillis) {
    if (state == State.CLOSED) return;
    long quiet = now - lastActivity;
    if (quiet > idleMillis || (pingOutstanding && quiet > pingAfterMillis * 2)) {
      fail(new StreamError(StreamErrorCondition.CONNECTION_TIMEOUT, "No traffic for " + quiet / 1000 + " s."));
      return;
    }
    if (quiet > pingAfterMillis / 2) transport.keepalive();
    if (quiet > pingAfterMillis && state == State.BOUND && !pingOutstanding) {
      pingOutstanding = true;
      Element ping = new Element("iq", Namespaces.CLIENT).attr("type", "get").attr("id", "ping-" + newId())
          .attr("from", ctx.config().domain()).attr("to", fullJid);
      ping.addChild("ping", Namespaces.PING);
      transport.send(ping);
    }
  }

  private static String newId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
