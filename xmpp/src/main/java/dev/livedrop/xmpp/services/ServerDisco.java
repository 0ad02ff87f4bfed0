package dev.livedrop.xmpp.services;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.IqHandler;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;

/** XEP-0030 for the server: its identity and features, and its components as items. */
public final class ServerDisco {
  private final Router router;

  public ServerDisco(Router router) {
    this.router = router;
  }

  public IqHandler info() {
    return new IqHandler() {
      @Override
      public String namespace() {
        return Namespaces.DISCO_INFO;
      }

      @Override
      public java.util.List<String> features() {
        return java.util.List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS);
      }

      @Override
      public Element handle(Element iq) {
        requireGet(iq);
        if (iq.child("query", Namespaces.DISCO_INFO).get().attr("node") != null) {
          throw new StanzaError(StanzaError.Condition.ITEM_NOT_FOUND, null);
        }
        Element result = Stanzas.result(iq, router.domain());
        Element query = result.addChild("query", Namespaces.DISCO_INFO);
        query.addChild("identity").attr("category", "server").attr("type", "im").attr("name", "livedrop");
        router.serverFeatures().stream().distinct().sorted().forEach(f -> query.addChild("feature").attr("var", f));
        return result;
      }
    };
  }

  public IqHandler items() {
    return new IqHandler() {
      @Override
      public String namespace() {
        return Namespaces.DISCO_ITEMS;
      }

      @Override
      public java.util.List<String> features() {
        return java.util.List.of();
      }

      @Override
      public Element handle(Element iq) {
        requireGet(iq);
        Element result = Stanzas.result(iq, router.domain());
        Element query = result.addChild("query", Namespaces.DISCO_ITEMS);
        router.componentDomains().stream().sorted().forEach(d -> query.addChild("item").attr("jid", d));
        return result;
      }
    };
  }

  static void requireGet(Element iq) {
    if (!"get".equals(iq.attr("type"))) throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "disco is get-only.");
  }
}
