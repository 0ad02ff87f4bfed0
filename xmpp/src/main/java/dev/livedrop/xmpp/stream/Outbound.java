package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.XmlWriter;
import java.nio.charset.StandardCharsets;

/**
 * A stanza serialized once for every recipient of a broadcast: the bytes before and after the
 * {@code to} attribute. Each transport writes head, the escaped recipient, tail; 5,000 occupants
 * cost 5,000 small writes, not 5,000 serializations.
 */
public final class Outbound {
  private final String headText;
  private final String framedHeadText;
  private final String tailText;
  private final byte[] head;
  private final byte[] tail;
  private final byte[] framedHead;
  private final Element element;

  public Outbound(Element stanza) {
    this.element = stanza;
    var sb = new StringBuilder(256);
    XmlWriter.writeStart(sb, stanza, Namespaces.CLIENT, "to");
    this.headText = sb + " to='";
    this.head = headText.getBytes(StandardCharsets.UTF_8);
    var framed = new StringBuilder(256);
    XmlWriter.writeStart(framed, stanza, "", "to");
    this.framedHeadText = framed + " to='";
    this.framedHead = framedHeadText.getBytes(StandardCharsets.UTF_8);
    var rest = new StringBuilder(256).append('\'');
    XmlWriter.writeRest(rest, stanza);
    this.tailText = rest.toString();
    this.tail = tailText.getBytes(StandardCharsets.UTF_8);
  }

  /** The whole stanza for one recipient, as text, for transports that send strings. */
  public String forRecipient(String to, boolean framed) {
    var sb = new StringBuilder((framed ? framedHeadText.length() : headText.length()) + tailText.length() + to.length() + 8);
    sb.append(framed ? framedHeadText : headText);
    XmlWriter.escapeAttr(sb, to);
    return sb.append(tailText).toString();
  }

  /** The head for a stream whose default namespace is jabber:client (TCP, BOSH). */
  public byte[] head() {
    return head;
  }

  /** The head with {@code xmlns='jabber:client'} on the stanza itself (RFC 7395 §3.3.3). */
  public byte[] framedHead() {
    return framedHead;
  }

  public byte[] tail() {
    return tail;
  }

  public Element element() {
    return element;
  }

  public static byte[] escapedJid(String jid) {
    var sb = new StringBuilder(jid.length() + 8);
    XmlWriter.escapeAttr(sb, jid);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
