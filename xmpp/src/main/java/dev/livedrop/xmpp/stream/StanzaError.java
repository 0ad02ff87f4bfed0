package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;

/**
 * RFC 6120 §8.3: a stanza-level error. Thrown by a handler, turned by the session into an error
 * reply to the sender (never to an error stanza, §8.3.1).
 */
public final class StanzaError extends RuntimeException {
  /** §8.3.2: the error type that goes with each condition. */
  public enum Condition {
    BAD_REQUEST("bad-request", "modify"),
    CONFLICT("conflict", "cancel"),
    FEATURE_NOT_IMPLEMENTED("feature-not-implemented", "cancel"),
    FORBIDDEN("forbidden", "auth"),
    GONE("gone", "cancel"),
    INTERNAL_SERVER_ERROR("internal-server-error", "cancel"),
    ITEM_NOT_FOUND("item-not-found", "cancel"),
    JID_MALFORMED("jid-malformed", "modify"),
    NOT_ACCEPTABLE("not-acceptable", "modify"),
    NOT_ALLOWED("not-allowed", "cancel"),
    NOT_AUTHORIZED("not-authorized", "auth"),
    POLICY_VIOLATION("policy-violation", "modify"),
    RECIPIENT_UNAVAILABLE("recipient-unavailable", "wait"),
    REGISTRATION_REQUIRED("registration-required", "auth"),
    REMOTE_SERVER_NOT_FOUND("remote-server-not-found", "cancel"),
    RESOURCE_CONSTRAINT("resource-constraint", "wait"),
    SERVICE_UNAVAILABLE("service-unavailable", "cancel"),
    UNEXPECTED_REQUEST("unexpected-request", "wait");

    private final String element;
    private final String type;

    Condition(String element, String type) {
      this.element = element;
      this.type = type;
    }

    public String element() {
      return element;
    }

    public String type() {
      return type;
    }
  }

  private final Condition condition;
  private final Element applicationCondition;

  public StanzaError(Condition condition, String text) {
    this(condition, text, null);
  }

  public StanzaError(Condition condition, String text, Element applicationCondition) {
    super(text, null, false, false);
    this.condition = condition;
    this.applicationCondition = applicationCondition;
  }

  public Condition condition() {
    return condition;
  }

  /**
   * The error reply to {@code original}: its addresses swapped, the same id, {@code type='error'},
   * and for IQ and others the original's payload left out (§8.3.1 makes it optional).
   */
  public Element replyTo(Element original, String by) {
    Element reply = new Element(original.name(), original.namespace());
    reply.attr("type", "error");
    reply.attr("id", original.attr("id"));
    reply.attr("to", original.attr("from"));
    reply.attr("from", original.attr("to") != null ? original.attr("to") : by);
    Element error = reply.addChild("error", original.namespace()).attr("type", condition.type());
    if (by != null) error.attr("by", by);
    error.addChild(condition.element(), Namespaces.STANZA_ERRORS);
    if (getMessage() != null) {
      error.addChild("text", Namespaces.STANZA_ERRORS).attr("xml:lang", "en").text(getMessage());
    }
    if (applicationCondition != null) error.add(applicationCondition);
    return reply;
  }
}
