package dev.livedrop.xmpp.router;

import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.xml.Element;

/** Where the router hands a stanza for one connected resource. */
public interface Delivery {
  String fullJid();

  String bareJid();

  boolean available();

  int priority();

  void deliver(Element stanza);

  void deliver(Outbound stanza, String to);
}
