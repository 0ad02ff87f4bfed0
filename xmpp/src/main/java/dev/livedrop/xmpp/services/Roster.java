package dev.livedrop.xmpp.services;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.IqHandler;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;

/**
 * RFC 6121 §2: every account's roster is empty here (drops are followed through rooms, not
 * contacts). A get returns an empty list; a set is refused as not allowed.
 */
public final class Roster implements IqHandler {
  private final String domain;

  public Roster(String domain) {
    this.domain = domain;
  }

  @Override
  public String namespace() {
    return Namespaces.ROSTER;
  }

  @Override
  public Element handle(Element iq) {
    if ("set".equals(iq.attr("type"))) {
      throw new StanzaError(StanzaError.Condition.NOT_ALLOWED, "Rosters are not kept on this server.");
    }
    Element result = Stanzas.result(iq, domain);
    result.attr("from", null); // RFC 6121 §2.1.4: a roster result comes from the user's own account
    result.addChild("query", Namespaces.ROSTER);
    return result;
  }
}
