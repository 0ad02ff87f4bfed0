package dev.livedrop.xmpp.xml;

import java.util.List;

/**
 * Serializes elements. A namespace is declared only where it differs from the enclosing one, so a
 * stanza written inside a {@code jabber:client} stream carries no redundant {@code xmlns}.
 * Text and attribute values are escaped per XML 1.0 §2.4; characters XML 1.0 forbids are dropped.
 */
public final class XmlWriter {
  private XmlWriter() {}

  public static String toXml(Element e, String enclosingNamespace) {
    var sb = new StringBuilder(128);
    write(sb, e, enclosingNamespace);
    return sb.toString();
  }

  public static void write(StringBuilder sb, Element e, String enclosingNamespace) {
    writeStart(sb, e, enclosingNamespace, null);
    writeRest(sb, e);
  }

  /**
   * The start tag without its closing '>', omitting one attribute: a broadcast writes the part
   * every recipient shares once and puts each recipient's {@code to} in between.
   */
  public static void writeStart(StringBuilder sb, Element e, String enclosingNamespace, String skipAttribute) {
    sb.append('<').append(e.name());
    int colon = e.name().indexOf(':');
    if (colon > 0) {
      // A prefixed name (stream:features, stream:error): bind the prefix on the element itself,
      // which is valid whether or not the stream header bound it already.
      sb.append(" xmlns:").append(e.name(), 0, colon).append("='");
      escapeAttr(sb, e.namespace());
      sb.append('\'');
    } else if (!e.namespace().equals(enclosingNamespace)) {
      sb.append(" xmlns='");
      escapeAttr(sb, e.namespace());
      sb.append('\'');
    }
    int prefixes = 0;
    for (int i = 0; i < e.attributeCount(); i++) {
      String key = e.attributeName(i);
      if (key.equals(skipAttribute)) continue;
      if (key.startsWith("{")) {
        // A namespaced attribute such as XEP-0206's xmpp:version: bind a prefix right here.
        int close = key.indexOf('}');
        String prefix = "a" + prefixes++;
        sb.append(" xmlns:").append(prefix).append("='");
        escapeAttr(sb, key.substring(1, close));
        sb.append('\'');
        key = prefix + ":" + key.substring(close + 1);
      }
      sb.append(' ').append(key).append("='");
      escapeAttr(sb, e.attributeValue(i));
      sb.append('\'');
    }
  }

  /** Closes the start tag and writes children and the end tag. */
  public static void writeRest(StringBuilder sb, Element e) {
    List<Node> children = e.childList();
    if (children == null || children.isEmpty()) {
      sb.append("/>");
      return;
    }
    sb.append('>');
    for (Node n : children) {
      if (n instanceof Element child) {
        write(sb, child, e.namespace());
      } else if (n instanceof Text t) {
        escapeText(sb, t.value());
      }
    }
    sb.append("</").append(e.name()).append('>');
  }

  public static void escapeText(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> appendIfAllowed(sb, s, i, c);
      }
    }
  }

  public static void escapeAttr(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '\'' -> sb.append("&apos;");
        case '"' -> sb.append("&quot;");
        case '\n' -> sb.append("&#xA;");
        case '\r' -> sb.append("&#xD;");
        case '\t' -> sb.append("&#x9;");
        default -> appendIfAllowed(sb, s, i, c);
      }
    }
  }

  /** XML 1.0 Char production: no C0 controls but tab, LF, CR; no lone surrogates, no U+FFFE/FFFF. */
  private static void appendIfAllowed(StringBuilder sb, String s, int i, char c) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return;
    if (c == 0xFFFE || c == 0xFFFF) return;
    if (Character.isHighSurrogate(c)) {
      if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) sb.append(c);
      return;
    }
    if (Character.isLowSurrogate(c)) {
      if (i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) sb.append(c);
      return;
    }
    sb.append(c);
  }
}
