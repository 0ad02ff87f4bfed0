package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;

/** A stream-level error (RFC 6120 §4.9): sent, then the stream is closed. */
public final class StreamError extends RuntimeException {
  private final StreamErrorCondition condition;

  public StreamError(StreamErrorCondition condition, String text) {
    super(text, null, false, false);
    this.condition = condition;
  }

  public StreamErrorCondition condition() {
    return condition;
  }

  /** {@code <stream:error>} as it goes on the wire; the prefix is bound by the stream header. */
  public Element toElement() {
    Element error = new Element("stream:error", Namespaces.STREAMS);
    error.addChild(condition.element(), Namespaces.STREAM_ERRORS);
    if (getMessage() != null) {
      error.addChild("text", Namespaces.STREAM_ERRORS).attr("xml:lang", "en").text(getMessage());
    }
    return error;
  }
}
