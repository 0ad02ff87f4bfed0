package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.sasl.Identity;
import dev.livedrop.xmpp.sasl.SaslMechanism;
import dev.livedrop.xmpp.sasl.SaslStep;
import dev.livedrop.xmpp.xml.Element;
import java.util.Base64;
import java.util.Optional;

/**
 * The SASL exchange of RFC 6120 §6.4: {@code <auth/>}, challenges and responses, {@code <abort/>},
 * success or failure. Failures are counted per address; past the limit the server answers
 * {@code temporary-auth-failure} without checking, and after five failures on one stream it
 * closes the stream (§6.4.5 lets it).
 */
final class SaslNegotiation {
  private static final int MAX_FAILURES_PER_STREAM = 5;
  private final SessionContext ctx;
  private final Transport transport;
  private SaslMechanism current;
  private int failures;

  SaslNegotiation(SessionContext ctx, Transport transport) {
    this.ctx = ctx;
    this.transport = transport;
  }

  /** Handles one SASL element; returns the identity once the exchange has succeeded. */
  Optional<Identity> handle(Element e) {
    switch (e.name()) {
      case "auth" -> {
        String name = e.attr("mechanism");
        if (ctx.authThrottle().blocked(transport.remoteAddress())) {
          return fail("temporary-auth-failure", "Too many failed attempts; wait a minute.");
        }
        Optional<SaslMechanism> m = name == null ? Optional.empty() : ctx.sasl().create(name, transport.secure());
        if (m.isEmpty()) return fail("invalid-mechanism", null);
        current = m.get();
        byte[] initial;
        try {
          initial = decode(e.text());
        } catch (IllegalArgumentException ex) {
          return fail("incorrect-encoding", null);
        }
        return step(current.start(initial));
      }
      case "response" -> {
        if (current == null) return fail("malformed-request", "No exchange in progress.");
        try {
          return step(current.next(decode(e.text())));
        } catch (IllegalArgumentException ex) {
          return fail("incorrect-encoding", null);
        }
      }
      case "abort" -> {
        current = null;
        return fail("aborted", null);
      }
      default -> throw new StreamError(StreamErrorCondition.NOT_AUTHORIZED, "Unexpected SASL element <" + e.name() + "/>.");
    }
  }

  private Optional<Identity> step(SaslStep step) {
    switch (step) {
      case SaslStep.Challenge c -> {
        transport.send(new Element("challenge", Namespaces.SASL).text(encode(c.data())));
        return Optional.empty();
      }
      case SaslStep.Success s -> {
        current = null;
        ctx.authThrottle().succeeded(transport.remoteAddress());
        Element success = new Element("success", Namespaces.SASL);
        if (s.additionalData() != null) success.text(encode(s.additionalData()));
        transport.send(success);
        return Optional.of(s.identity());
      }
      case SaslStep.Failure f -> {
        current = null;
        ctx.authThrottle().failed(transport.remoteAddress());
        return fail(f.condition(), f.text());
      }
    }
  }

  private Optional<Identity> fail(String condition, String text) {
    Element failure = new Element("failure", Namespaces.SASL);
    failure.addChild(condition);
    if (text != null) failure.addChild("text").attr("xml:lang", "en").text(text);
    transport.send(failure);
    if (++failures >= MAX_FAILURES_PER_STREAM) {
      throw new StreamError(StreamErrorCondition.POLICY_VIOLATION, "Too many failed authentication attempts.");
    }
    return Optional.empty();
  }

  /** RFC 6120 §6.4.2: "=" is an empty response; no text at all means none was sent. */
  private static byte[] decode(String text) {
    String t = text.strip();
    if (t.isEmpty()) return null;
    if (t.equals("=")) return new byte[0];
    return Base64.getDecoder().decode(t);
  }

  private static String encode(byte[] data) {
    return data == null || data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
  }
}
