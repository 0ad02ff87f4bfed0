package dev.livedrop.xmpp.services;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.IqHandler;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;

/** XEP-0092: the server's name and version; the OS is not disclosed (§4 allows leaving it out). */
public final class SoftwareVersion implements IqHandler {
  private final String domain;
  private final String version;

  public SoftwareVersion(String domain, String version) {
    this.domain = domain;
    this.version = version;
  }

  @Override
  public String namespace() {
    return Namespaces.VERSION;
  }

  @Override
  public Element handle(Element iq) {
    if (!"get".equals(iq.attr("type"))) throw new StanzaError(StanzaError.Condition.BAD_REQUEST, null);
    Element result = Stanzas.result(iq, domain);
    Element query = result.addChild("query", Namespaces.VERSION);
    query.addChild("name").text("livedrop");
    query.addChild("version").text(version);
    return result;
  }
}
