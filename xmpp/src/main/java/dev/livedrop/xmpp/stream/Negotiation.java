package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.sasl.Identity;
import dev.livedrop.xmpp.xml.Element;
import java.util.Optional;

/**
 * A stream before authentication (RFC 6120 §5-6): the features offered, STARTTLS, SASL, and
 * in-band registration (XEP-0077) where the server allows it. Binding comes after, in the session.
 */
final class Negotiation {
  private final SessionContext ctx;
  private final Transport transport;
  private final SaslNegotiation sasl;

  Negotiation(SessionContext ctx, Transport transport) {
    this.ctx = ctx;
    this.transport = transport;
    this.sasl = new SaslNegotiation(ctx, transport);
  }

  /** Whether TLS must come first: the server requires it and this stream can still start it. */
  private boolean tlsFirst() {
    return ctx.config().tls() == XmppConfig.TlsMode.REQUIRED && transport.canStartTls() && !transport.secure();
  }

  /** The features of a stream not yet authenticated. */
  Element features() {
    Element f = new Element("stream:features", Namespaces.STREAMS);
    if (transport.canStartTls() && !transport.secure()) {
      Element starttls = f.addChild("starttls", Namespaces.TLS);
      if (tlsFirst()) {
        starttls.addChild("required");
        return f; // RFC 6120 §5.3.1: nothing else until TLS when it is required
      }
    }
    Element mechs = f.addChild("mechanisms", Namespaces.SASL);
    for (String m : ctx.sasl().offered(transport.secure())) mechs.addChild("mechanism").text(m);
    if (ctx.config().allowRegistration()) f.addChild("register", Namespaces.REGISTER_FEATURE);
    return f;
  }

  /** The features of an authenticated stream: what is left is binding a resource. */
  static Element featuresAfterAuthentication() {
    Element f = new Element("stream:features", Namespaces.STREAMS);
    f.addChild("bind", Namespaces.BIND);
    f.addChild("session", Namespaces.SESSION).addChild("optional");
    return f;
  }

  /**
   * One element before authentication; returns the identity once SASL has succeeded. {@code
   * afterTls} runs when STARTTLS has completed and the client is about to restart the stream.
   */
  Optional<Identity> handle(Element e, Runnable afterTls) {
    if (e.is("starttls", Namespaces.TLS)) {
      if (!transport.canStartTls() || transport.secure()) {
        throw new StreamError(StreamErrorCondition.POLICY_VIOLATION, "STARTTLS is not available now.");
      }
      transport.send(new Element("proceed", Namespaces.TLS));
      transport.expectRestart();
      transport.startTls(afterTls);
      return Optional.empty();
    }
    if (tlsFirst()) {
      if (e.namespace().equals(Namespaces.SASL)) {
        Element failure = new Element("failure", Namespaces.SASL);
        failure.addChild("encryption-required");
        transport.send(failure);
        return Optional.empty();
      }
      throw new StreamError(StreamErrorCondition.POLICY_VIOLATION, "Use STARTTLS first; this server requires TLS.");
    }
    if (e.namespace().equals(Namespaces.SASL)) return sasl.handle(e);
    if (e.is("iq", Namespaces.CLIENT) && e.child("query", Namespaces.REGISTER).isPresent()) {
      // XEP-0077 §3.1: with registration off, the answer is service-unavailable, not a dead stream.
      transport.send(ctx.config().allowRegistration() ? ctx.registration().handleBeforeAuth(e)
          : new StanzaError(StanzaError.Condition.SERVICE_UNAVAILABLE, "In-band registration is off.").replyTo(e, null));
      return Optional.empty();
    }
    throw new StreamError(StreamErrorCondition.NOT_AUTHORIZED, "Authenticate first.");
  }
}
