package dev.livedrop.xmpp.router;

import dev.livedrop.xmpp.xml.Element;

/** A service with its own domain (the MUC service): receives every stanza addressed there. */
public interface Component {
  String domain();

  /** A stanza with a verified {@code from}; the component answers through the router. */
  void receive(Element stanza);

  /** A user's session ended without saying goodbye: clean up after it (leave rooms). */
  default void sessionEnded(String fullJid) {}
}
