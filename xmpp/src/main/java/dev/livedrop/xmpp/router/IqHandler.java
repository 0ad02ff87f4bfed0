package dev.livedrop.xmpp.router;

import dev.livedrop.xmpp.xml.Element;

/**
 * Answers IQs addressed to the server itself whose payload has one namespace (disco, ping,
 * version, roster...). One handler per protocol, each in its own service class.
 */
public interface IqHandler {
  String namespace();

  /** The reply (a result), or throw StanzaError. {@code iq} has a verified from. */
  Element handle(Element iq);

  /** disco#info features this handler adds to the server's. */
  default java.util.List<String> features() {
    return java.util.List.of(namespace());
  }
}
