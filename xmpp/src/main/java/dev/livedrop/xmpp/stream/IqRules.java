package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.xml.Element;

/** What every IQ from a client must be (RFC 6120 §8.2.3), checked before it is routed anywhere. */
final class IqRules {
  private IqRules() {}

  /** Throws bad-request for an IQ without id or type, of an unknown type, or a get/set without exactly one child. */
  static void check(Element iq) {
    String type = iq.attr("type");
    if (iq.attr("id") == null || type == null) {
      throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "An IQ needs an id and a type (RFC 6120 §8.2.3).");
    }
    if ((type.equals("get") || type.equals("set")) && iq.elements().count() != 1) {
      throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "An IQ get or set has exactly one child.");
    }
    if (!type.equals("get") && !type.equals("set") && !type.equals("result") && !type.equals("error")) {
      throw new StanzaError(StanzaError.Condition.BAD_REQUEST, "Unknown IQ type '" + type + "'.");
    }
  }
}
