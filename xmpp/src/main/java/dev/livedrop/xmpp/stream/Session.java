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
 * One client's stream, whatever carries it, as a state machine: {@link Negotiation} until SASL
 * succeeds, then binding (RFC 6120 §7), then stanzas, checked ({@link IqRules}, a rate limit),
 * stamped with the session's JID and handed to the router. Transports call in on their own
 * context; the router calls {@link #deliver} from any thread, held back by {@link SlowReaderGuard}.
 * {@link IdlePings} tells when the client is gone.
 */
public final class Session implements Delivery {
  private static final Logger log = LoggerFactory.getLogger(Session.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  enum State { AWAIT_OPEN, NEGOTIATING, AUTHENTICATED, BOUND, CLOSED }

  private final SessionContext ctx;
  private final Transport transport;
  private final Negotiation negotiation;
  private final RateLimit rate;
  private final SlowReaderGuard slowReader;
  private final IdlePings idle;
  private volatile State state = State.AWAIT_OPEN;
  private Identity identity;
  private volatile String fullJid;
  private String bareJid;
  private volatile boolean available;
  private volatile int priority;
  private final AuthDeadline authDeadline;

  public Session(SessionContext ctx, Transport transport) {
    this.ctx = ctx;
    this.transport = transport;
    this.negotiation = new Negotiation(ctx, transport);
    this.rate = new RateLimit(ctx.config().stanzasPerSecond());
    this.slowReader = new SlowReaderGuard(transport);
    this.idle = new IdlePings(transport);
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
    idle.heard();
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
    transport.send(switch (state) {
      case NEGOTIATING -> negotiation.features();
      case AUTHENTICATED -> Negotiation.featuresAfterAuthentication();
      default -> new Element("stream:features", Namespaces.STREAMS); // a bound stream reopened: nothing left to offer
    });
  }

  /** A top-level element of the stream. */
  public void element(Element e) {
    if (state == State.CLOSED) return;
    idle.heardElement();
    try {
      switch (state) {
        case AWAIT_OPEN -> throw new StreamError(StreamErrorCondition.BAD_FORMAT, "The stream has not been opened.");
        case NEGOTIATING -> negotiation.handle(e, () -> state = State.NEGOTIATING).ifPresent(this::authenticated);
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

  // --- after negotiation ----------------------------------------------------------------

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
    ctx.sessions().stats().stanzaIn();
    if (!rate.tryAcquire()) {
      throw new StreamError(StreamErrorCondition.POLICY_VIOLATION, "Too many stanzas; slow down.");
    }
    Element stanza = withFrom(e);
    if (Stanzas.isIq(stanza)) IqRules.check(stanza);
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
    ctx.sessions().stats().stanzaOut();
    transport.send(stanza);
  }

  @Override
  public void deliver(Outbound stanza, String to) {
    if (state == State.CLOSED || !admit(stanza.head().length + stanza.tail().length + to.length())) return;
    ctx.sessions().stats().stanzaOut();
    transport.send(stanza, to);
  }

  /** Whether one more stanza may be queued; a reader too slow for it is disconnected (see {@link SlowReaderGuard}). */
  private boolean admit(int bytes) {
    if (slowReader.admit(bytes)) return true;
    transport.context().runOnContext(v -> {
      if (state != State.CLOSED) ctx.sessions().stats().slowReaderDisconnected();
      fail(SlowReaderGuard.error());
    });
    return false;
  }

  private static final int ELEMENT_ESTIMATE = 512;

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

  int idleSlot() {
    return idle.slot();
  }

  /** Called on the session's context by the idle round. */
  void checkIdle(long now, long pingAfterMillis, long idleMillis) {
    if (state == State.CLOSED) return;
    String bound = state == State.BOUND ? fullJid : null;
    if (idle.check(now, pingAfterMillis, idleMillis, ctx.config().domain(), bound, "ping-" + newId()) == IdlePings.Verdict.GONE) {
      fail(new StreamError(StreamErrorCondition.CONNECTION_TIMEOUT, "No traffic for " + idle.quietFor(now) / 1000 + " s."));
    }
  }

  private static String newId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
