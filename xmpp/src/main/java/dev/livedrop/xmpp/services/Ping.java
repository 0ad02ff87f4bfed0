package dev.livedrop.xmpp.services;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.IqHandler;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;

/** XEP-0199: a ping to the server is answered with an empty result. */
public final class Ping implements IqHandler {
  private final String domain;

  public Ping(String domain) {
    this.domain = domain;
  }

  @Override
  public String namespace() {
    return Namespaces.PING;
  }

  @Override
  public Element handle(Element iq) {
    return Stanzas.result(iq, domain);
  }
}
