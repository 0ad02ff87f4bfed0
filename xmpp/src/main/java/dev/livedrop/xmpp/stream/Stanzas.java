package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;

/** Small helpers for building and classifying stanzas. */
public final class Stanzas {
  private Stanzas() {}

  public static boolean isStanza(Element e) {
    return e.namespace().equals(Namespaces.CLIENT)
        && (e.name().equals("message") || e.name().equals("presence") || e.name().equals("iq"));
  }

  public static boolean isIq(Element e) {
    return e.name().equals("iq");
  }

  public static boolean isMessage(Element e) {
    return e.name().equals("message");
  }

  public static boolean isPresence(Element e) {
    return e.name().equals("presence");
  }

  public static String type(Element e) {
    String t = e.attr("type");
    if (t != null) return t;
    return isMessage(e) ? "normal" : isPresence(e) ? "available" : "";
  }

  /** RFC 6121 §3 and §4.3: presence types the server acts on rather than just delivers. */
  public static boolean isSubscriptionOrProbe(Element presence) {
    String t = presence.attr("type");
    return t != null && switch (t) {
      case "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe" -> true;
      default -> false;
    };
  }

  public static boolean isError(Element e) {
    return "error".equals(e.attr("type"));
  }

  /** An IQ result to {@code request}, from whom it was addressed to. */
  public static Element result(Element request, String from) {
    Element r = new Element("iq", Namespaces.CLIENT);
    r.attr("type", "result").attr("id", request.attr("id")).attr("to", request.attr("from"))
        .attr("from", request.attr("to") != null ? request.attr("to") : from);
    return r;
  }
}
