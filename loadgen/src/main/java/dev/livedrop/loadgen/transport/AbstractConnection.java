package dev.livedrop.loadgen.transport;

import dev.livedrop.xmpp.stream.StreamParser;
import dev.livedrop.xmpp.xml.Element;
import java.util.function.Consumer;

/**
 * What every transport shares: the listener it reports to, the end reported exactly once (after
 * which nothing more reaches the listener), and a stream parser wired to a callback.
 */
abstract class AbstractConnection implements Connection {
  /** Largest element a generated client accepts from a server. */
  static final int MAX_ELEMENT = 1 << 20;
  /** {@code -Dloadgen.trace=true}: print every message, for debugging a server's answers. */
  static final boolean TRACE = Boolean.getBoolean("loadgen.trace");
  private Listener listener;
  /** The stream is over, by either side: nothing more is sent. */
  protected boolean closed;

  protected final void listen(Listener l) {
    listener = l;
  }

  protected final boolean reporting() {
    return listener != null;
  }

  protected final void opened() {
    if (listener != null) listener.opened();
  }

  protected final void deliver(Element e) {
    if (listener != null) listener.element(e);
  }

  /** Reports the end once; later calls do nothing. */
  protected final void finish(String reason) {
    if (listener == null) return;
    var l = listener;
    listener = null;
    closed = true;
    l.closed(reason);
  }

  /** A parser handing each top-level element to {@code onElement}; {@code framed} for WebSocket and BOSH. */
  static StreamParser parser(boolean framed, Consumer<Element> onElement, Runnable onStreamOpened, Runnable onStreamClosed) {
    return new StreamParser(new StreamParser.Handler() {
      @Override
      public void streamOpened(Element header) {
        onStreamOpened.run();
      }

      @Override
      public void stanza(Element e) {
        onElement.accept(e);
      }

      @Override
      public void streamClosed() {
        onStreamClosed.run();
      }
    }, MAX_ELEMENT, framed);
  }
}
