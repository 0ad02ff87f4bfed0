package dev.livedrop.loadgen.transport;

import dev.livedrop.xmpp.xml.Element;

/**
 * One client connection to an XMPP server, whatever carries it: the transport only frames
 * (stream header, WebSocket open/close, BOSH bodies) and hands parsed top-level elements up.
 */
public interface Connection {
  /** What a connection reports, on its event loop. */
  interface Listener {
    /** The stream is open (the server's header, WebSocket open, or BOSH session created). */
    void opened();

    /** A top-level element: stream features, SASL, a stanza, a stream error. */
    void element(Element e);

    /** The connection is gone; {@code reason} says why (null for a clean close). */
    void closed(String reason);
  }

  /** Connects and opens the stream to {@code domain}. */
  void open(String domain, Listener listener);

  /** Sends serialized top-level elements. */
  void send(String xml);

  /** Opens a new stream on the same connection, after SASL success (RFC 6120 §6.4.6). */
  void restart();

  /** Closes the stream and the connection. */
  void close();
}
