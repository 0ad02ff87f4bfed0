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
  private final String framedHeadText;
  private final String tailText;
  private final byte[] head;
  private final byte[] tail;
  private final byte[] framedHead;

  public Outbound(Element stanza) {
    // One serialization of the start tag serves both heads: they differ only by the xmlns a
    // framed stanza carries itself, right after the name.
    var sb = new StringBuilder(256);
    XmlWriter.writeStart(sb, stanza, Namespaces.CLIENT, "to");
    String headText = sb.append(" to='").toString();
    if (stanza.namespace().equals(Namespaces.CLIENT) && stanza.name().indexOf(':') < 0) {
      int afterName = 1 + stanza.name().length();
      this.framedHeadText = headText.substring(0, afterName) + " xmlns='" + Namespaces.CLIENT + "'" + headText.substring(afterName);
    } else {
      var framed = new StringBuilder(256);
      XmlWriter.writeStart(framed, stanza, "", "to");
      this.framedHeadText = framed.append(" to='").toString();
    }
    this.head = headText.getBytes(StandardCharsets.UTF_8);
    this.framedHead = framedHeadText.getBytes(StandardCharsets.UTF_8);
    sb.setLength(0);
    XmlWriter.writeRest(sb.append('\''), stanza);
    this.tailText = sb.toString();
    this.tail = tailText.getBytes(StandardCharsets.UTF_8);
  }

  /** The whole stanza for one recipient as text, with its own {@code xmlns} (BOSH bodies). */
  public String framedText(String to) {
    var sb = new StringBuilder(framedHeadText.length() + tailText.length() + to.length() + 8);
    sb.append(framedHeadText);
    XmlWriter.escapeAttr(sb, to);
    return sb.append(tailText).toString();
  }

  /** The head for a stream whose default namespace is jabber:client (TCP). */
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

  public static byte[] escapedJid(String jid) {
    var sb = new StringBuilder(jid.length() + 8);
    XmlWriter.escapeAttr(sb, jid);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
