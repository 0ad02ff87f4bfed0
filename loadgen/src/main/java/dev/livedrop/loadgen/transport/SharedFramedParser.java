package dev.livedrop.loadgen.transport;

import dev.livedrop.xmpp.stream.StreamError;
import dev.livedrop.xmpp.stream.StreamErrorCondition;
import dev.livedrop.xmpp.stream.StreamParser;
import dev.livedrop.xmpp.xml.Element;
import java.util.function.Consumer;

/**
 * One XML parser per event-loop thread for the whole messages of every WebSocket connection on
 * that thread (RFC 7395: a message is exactly one element, so messages from different connections
 * can follow each other in one framed stream). Every stanza is still fully parsed; what changes is
 * that 5,000 receivers no longer keep 5,000 parsers whose buffers and tables each fall out of the
 * CPU's cache between two messages, which made parsing the generator's largest cost in fan-out.
 * A message that does not parse, or is not one whole element, fails its own connection and
 * leaves a fresh parser for the next.
 */
final class SharedFramedParser implements StreamParser.Handler {
  private static final ThreadLocal<SharedFramedParser> PER_THREAD = ThreadLocal.withInitial(SharedFramedParser::new);

  private StreamParser parser = fresh();
  private Consumer<Element> current;

  static SharedFramedParser forThisThread() {
    return PER_THREAD.get();
  }

  private StreamParser fresh() {
    return new StreamParser(this, AbstractConnection.MAX_ELEMENT, true);
  }

  /** Parses one whole message, handing its element to {@code onElement}; throws StreamError if it is not one. */
  void parse(byte[] message, Consumer<Element> onElement) {
    if (current != null) throw new IllegalStateException("parse is not re-entrant");
    current = onElement;
    try {
      parser.feed(message);
      if (parser.depth() != 1) {
        throw new StreamError(StreamErrorCondition.NOT_WELL_FORMED, "a WebSocket message must hold one whole element");
      }
    } catch (StreamError e) {
      parser = fresh();
      throw e;
    } finally {
      current = null;
    }
  }

  @Override
  public void streamOpened(Element header) {
    // Framed: the synthetic root is never reported.
  }

  @Override
  public void stanza(Element e) {
    current.accept(e);
  }

  @Override
  public void streamClosed() {
    // The synthetic root is never closed.
  }
}
