package dev.livedrop.xmpp.transport.bosh;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.XmlWriter;

/** Builds {@code <body/>} wrappers; stanzas inside carry their own xmlns (XEP-0124 §9). */
final class BoshResponse {
  private BoshResponse() {}

  static String wrap(String attributes, CharSequence payload) {
    var sb = new StringBuilder(96 + payload.length()).append("<body xmlns='").append(Namespaces.HTTPBIND)
        .append("' xmlns:stream='").append(Namespaces.STREAMS).append('\'');
    if (!attributes.isEmpty()) sb.append(' ').append(attributes);
    if (payload.isEmpty()) return sb.append("/>").toString();
    return sb.append('>').append(payload).append("</body>").toString();
  }

  static String terminate(String condition, CharSequence payload) {
    var attrs = new StringBuilder("type='terminate'");
    if (condition != null) {
      attrs.append(" condition='");
      XmlWriter.escapeAttr(attrs, condition);
      attrs.append('\'');
    }
    return wrap(attrs.toString(), payload);
  }
}
