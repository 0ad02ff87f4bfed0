package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.XmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A stanza serialized once for every recipient of a broadcast: the bytes before and after the
 * {@code to} attribute. Each transport writes head, the escaped recipient, tail; 5,000 occupants
 * cost 5,000 small writes, not 5,000 serializations.
 */
public final class Outbound {
  /** Where each head ends: the recipient's address follows. */
  private static final String RECIPIENT_OPENS = " to='";
  private static final String CLIENT_XMLNS = " xmlns='" + Namespaces.CLIENT + "'";
  private static final byte[] CLIENT_XMLNS_BYTES = CLIENT_XMLNS.getBytes(StandardCharsets.UTF_8);

  private final byte[] head;
  private final byte[] tail;
  private final byte[] framedHead;
  private final int unaddressedChars;
  private volatile String[] texts; // framed head and tail as text, for BOSH, made on first use

  /** Per thread, reused: the text and its UTF-8 (the buffer grows as needed) as the stanza is serialized. */
  private static final class Scratch {
    static final int KEEP = 64 * 1024;
    final StringBuilder text = new StringBuilder(512);
    final ByteBuf bytes = Unpooled.buffer(1024);
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  public Outbound(Element stanza) {
    // Serialized once, into a builder and a buffer this thread reuses (encoded by Netty's UTF-8): a busy server makes
    // hundreds of these a second, and its only garbage now is the three arrays it keeps.
    Scratch scratch = SCRATCH.get();
    StringBuilder sb = scratch.text;
    sb.setLength(0);
    XmlWriter.writeStart(sb, stanza, Namespaces.CLIENT, "to");
    int headChars = sb.append(RECIPIENT_OPENS).length();
    XmlWriter.writeRest(sb.append('\''), stanza);
    ByteBuf utf8 = scratch.bytes.clear();
    int headBytes = ByteBufUtil.writeUtf8(utf8, sb, 0, headChars);
    int tailBytes = ByteBufUtil.writeUtf8(utf8, sb, headChars, sb.length());
    head = ByteBufUtil.getBytes(utf8, 0, headBytes);
    tail = ByteBufUtil.getBytes(utf8, headBytes, tailBytes);
    int tailChars = sb.length() - headChars;
    if (stanza.namespace().equals(Namespaces.CLIENT) && stanza.name().indexOf(':') < 0) {
      // Framed (RFC 7395 §3.3.3), the stanza names its namespace: right after the name.
      int at = 1 + stanza.name().length();
      framedHead = new byte[head.length + CLIENT_XMLNS_BYTES.length];
      System.arraycopy(head, 0, framedHead, 0, at);
      System.arraycopy(CLIENT_XMLNS_BYTES, 0, framedHead, at, CLIENT_XMLNS_BYTES.length);
      System.arraycopy(head, at, framedHead, at + CLIENT_XMLNS_BYTES.length, head.length - at);
      unaddressedChars = headChars + CLIENT_XMLNS.length() - RECIPIENT_OPENS.length() + tailChars - 1;
    } else {
      sb.setLength(0);
      XmlWriter.writeStart(sb, stanza, "", "to");
      int framedChars = sb.append(RECIPIENT_OPENS).length();
      int framedBytes = ByteBufUtil.writeUtf8(utf8.clear(), sb, 0, framedChars);
      framedHead = ByteBufUtil.getBytes(utf8, 0, framedBytes);
      unaddressedChars = framedChars - RECIPIENT_OPENS.length() + tailChars - 1;
    }
    if (sb.capacity() > Scratch.KEEP) SCRATCH.remove(); // a huge stanza does not stay pinned (nor its bytes)
  }

  /** The whole stanza for one recipient as text, with its own {@code xmlns} (BOSH bodies). */
  public String framedText(String to) {
    String[] texts = this.texts;
    if (texts == null) {
      // Decoded once per broadcast, on the first BOSH recipient; a race only decodes twice.
      texts = new String[] {new String(framedHead, StandardCharsets.UTF_8), new String(tail, StandardCharsets.UTF_8)};
      this.texts = texts;
    }
    var sb = new StringBuilder(texts[0].length() + texts[1].length() + to.length() + 8);
    sb.append(texts[0]);
    XmlWriter.escapeAttr(sb, to);
    return sb.append(texts[1]).toString();
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

  /**
   * The stanza with no recipient is {@link #framedHead()}'s first this many bytes followed by
   * {@link #tail()}'s last {@link #unaddressedTailLength()} (what a room keeps as history).
   */
  public int unaddressedHeadLength() {
    return framedHead.length - RECIPIENT_OPENS.length();
  }

  /** The tail without the quote that closes the recipient's address. */
  public int unaddressedTailLength() {
    return tail.length - 1;
  }

  /** The stanza with no recipient, framed, in characters (UTF-16 units, as XEP-0045's maxchars counts). */
  public int unaddressedChars() {
    return unaddressedChars;
  }

  public static byte[] escapedJid(String jid) {
    var sb = new StringBuilder(jid.length() + 8);
    XmlWriter.escapeAttr(sb, jid);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
