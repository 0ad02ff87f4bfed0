package dev.livedrop.xmpp.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Turns bytes that arrive in arbitrary chunks into stream events and whole stanzas, without
 * blocking (Aalto's async parser). Enforces RFC 6120 §11: no DTD, comment, processing instruction
 * or entity reference (so a billion-laughs document costs nothing), a maximum stanza size and
 * nesting depth. One parser per stream; a stream restart takes a new one.
 *
 * <p>In framed mode (WebSocket messages, BOSH bodies) there is no stream header on the wire: a
 * synthetic root is fed first, so every message's element arrives as a depth-1 "stanza".
 */
public final class StreamParser {
  /** What the parser reports. Exactly one of streamError or streamClosed ends a stream. */
  public interface Handler {
    void streamOpened(Element header);

    void stanza(Element stanza);

    void streamClosed();
  }

  private static final AsyncXMLInputFactory FACTORY = factory();
  private static final int SLICE = 8 * 1024;
  private static final int MAX_DEPTH = 48;
  private static final byte[] SYNTHETIC_ROOT = "<framing-root>".getBytes(StandardCharsets.US_ASCII);

  private final Handler handler;
  private final int maxStanzaBytes;
  private final boolean framed;
  private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
  private final ArrayDeque<Element> open = new ArrayDeque<>();
  private long fed;
  private long boundary;
  private boolean done;
  private byte prev1;
  private byte prev2;

  public StreamParser(Handler handler, int maxStanzaBytes, boolean framed) {
    this.handler = handler;
    this.maxStanzaBytes = maxStanzaBytes;
    this.framed = framed;
    this.reader = FACTORY.createAsyncForByteArray();
    if (framed) {
      feedSlice(SYNTHETIC_ROOT, 0, SYNTHETIC_ROOT.length);
      boundary = fed;
    }
  }

  private static AsyncXMLInputFactory factory() {
    var f = new InputFactoryImpl();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    prime(f);
    return f;
  }

  /**
   * Teaches the factory's shared symbol table the names every stream uses. Aalto gives each parser
   * a private copy-on-write child of that table and merges new names back only when a parser is
   * closed, which a long-lived stream never is: without this, 5,000 streams each learn "message"
   * on their own, each holding its own table, and a broadcast's parsing misses the cache for every
   * name. Primed, they all read one small shared table.
   */
  private static void prime(AsyncXMLInputFactory f) {
    String ns = String.join(" ", "xmlns='" + Namespaces.CLIENT + "'", "xmlns:stream='" + Namespaces.STREAMS + "'");
    String primer = "<stream:stream " + ns + " to='a' from='a' id='a' version='1.0' xml:lang='en'>"
        + "<framing-root/><body xmlns='" + Namespaces.HTTPBIND + "' rid='1' sid='a' wait='1' hold='1' ver='a' content='a'"
        + " route='a' secure='a' requests='1' polling='1' inactivity='1' maxpause='1' ack='1' type='a' condition='a'/>"
        + "<stream:features><mechanisms xmlns='" + Namespaces.SASL + "'><mechanism/></mechanisms>"
        + "<bind xmlns='" + Namespaces.BIND + "'><resource/><jid/></bind><session xmlns='" + Namespaces.SESSION + "'><optional/></session>"
        + "<starttls xmlns='" + Namespaces.TLS + "'><required/></starttls></stream:features>"
        + "<auth mechanism='a'/><success/><failure/><challenge/><response/><proceed/><open/><close/>"
        + "<message type='a' to='a' from='a' id='a'><body/><subject/><thread/>"
        + "<x xmlns='" + Namespaces.MUC_USER + "'><item affiliation='a' role='a' jid='a' nick='a'/><status code='1'/></x>"
        + "<delay xmlns='" + Namespaces.DELAY + "' stamp='a' from='a'/><origin-id xmlns='" + Namespaces.STANZA_ID + "' id='a'/>"
        + "<stanza-id xmlns='" + Namespaces.STANZA_ID + "' id='a' by='a'/></message>"
        + "<presence><show/><status/><priority/><c node='a' ver='a' hash='a'/><x xmlns='" + Namespaces.MUC + "'><password/><history/></x></presence>"
        + "<iq type='a' id='a'><query xmlns='" + Namespaces.DISCO_INFO + "'><identity category='a' type='a' name='a'/><feature var='a'/></query>"
        + "<ping xmlns='" + Namespaces.PING + "'/><error type='a' code='1'><text/></error></iq>"
        + "</stream:stream>";
    try {
      AsyncXMLStreamReader<AsyncByteArrayFeeder> r = f.createAsyncForByteArray();
      byte[] b = primer.getBytes(StandardCharsets.UTF_8);
      r.getInputFeeder().feedInput(b, 0, b.length);
      r.getInputFeeder().endOfInput();
      while (r.next() != XMLStreamConstants.END_DOCUMENT) {
        // every event read: every name entered in the table
      }
      r.close(); // merges the names into the factory's shared table
    } catch (XMLStreamException e) {
      throw new IllegalStateException("the symbol primer is not well-formed", e);
    }
  }

  /**
   * Parses exactly one element from {@code bytes} (a BOSH body, a stored stanza), with the same
   * restrictions as a stream; null if there is not exactly one. Throws StreamError if malformed.
   */
  public static Element parseOne(byte[] bytes, int maxBytes) {
    Element[] found = new Element[1];
    int[] count = {0};
    var parser = new StreamParser(new Handler() {
      @Override
      public void streamOpened(Element header) {}

      @Override
      public void stanza(Element stanza) {
        found[0] = stanza;
        count[0]++;
      }

      @Override
      public void streamClosed() {}
    }, maxBytes, true);
    parser.feed(bytes);
    return count[0] == 1 && parser.depth() == 1 ? found[0] : null;
  }

  /** Depth of the element being built (0 between stanzas). */
  public int depth() {
    return open.size();
  }

  /** Feeds bytes; throws StreamError on anything the stream must die for. */
  public void feed(byte[] bytes, int offset, int length) {
    if (done) return;
    for (int at = offset; at < offset + length && !done; at += SLICE) {
      feedSlice(bytes, at, Math.min(SLICE, offset + length - at));
    }
  }

  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  private void feedSlice(byte[] bytes, int offset, int length) {
    refuseMarkupDeclarations(bytes, offset, length);
    try {
      reader.getInputFeeder().feedInput(bytes, offset, length);
      fed += length;
      drain();
    } catch (XMLStreamException e) {
      done = true;
      throw new StreamError(StreamErrorCondition.NOT_WELL_FORMED, "Not well-formed XML: " + firstLine(e.getMessage()));
    }
    if (!done && fed - boundary > maxStanzaBytes) {
      done = true;
      throw new StreamError(StreamErrorCondition.POLICY_VIOLATION,
          "A stanza may have at most " + maxStanzaBytes + " bytes.");
    }
  }

  /**
   * "<!" followed by anything but "[" (CDATA) or "-" (a comment, reported as its own event) starts
   * a DOCTYPE or another markup declaration: restricted. Checked on the bytes, across chunk
   * boundaries, because Aalto rejects an internal DTD subset as malformed before it would report it.
   */
  private void refuseMarkupDeclarations(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (prev1 == '!' && prev2 == '<' && b != '[' && b != '-') {
        done = true;
        throw new StreamError(StreamErrorCondition.RESTRICTED_XML, "A DTD is not allowed (RFC 6120 §11.1).");
      }
      prev2 = prev1;
      prev1 = b;
    }
  }

  private void drain() throws XMLStreamException {
    int event;
    while (!done && (event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> startElement();
        case XMLStreamConstants.END_ELEMENT -> endElement();
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (open.size() > 1) {
            open.peek().add(new Text(reader.getText()));
          } else if (!reader.isWhiteSpace()) {
            done = true;
            throw new StreamError(StreamErrorCondition.BAD_FORMAT, "Text is not allowed between stanzas.");
          }
        }
        case XMLStreamConstants.COMMENT -> throw restricted("Comments are not allowed (RFC 6120 §11.1).");
        case XMLStreamConstants.PROCESSING_INSTRUCTION ->
            throw restricted("Processing instructions are not allowed (RFC 6120 §11.1).");
        case XMLStreamConstants.DTD -> throw restricted("A DTD is not allowed (RFC 6120 §11.1).");
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw restricted("Entity references other than the five predefined are not allowed (RFC 6120 §11.1).");
        case XMLStreamConstants.END_DOCUMENT -> done = true;
        default -> { }
      }
    }
  }

  private StreamError restricted(String text) {
    done = true;
    return new StreamError(StreamErrorCondition.RESTRICTED_XML, text);
  }

  private void startElement() {
    if (open.size() >= MAX_DEPTH) {
      done = true;
      throw new StreamError(StreamErrorCondition.POLICY_VIOLATION, "Elements nest at most " + MAX_DEPTH + " deep.");
    }
    Element e = new Element(reader.getLocalName(), reader.getNamespaceURI());
    for (int i = 0; i < reader.getAttributeCount(); i++) {
      String ns = reader.getAttributeNamespace(i);
      String key = reader.getAttributeLocalName(i);
      if (ns != null && !ns.isEmpty()) {
        key = XMLConstants.XML_NS_URI.equals(ns) ? "xml:" + key : "{" + ns + "}" + key;
      }
      e.attr(key, reader.getAttributeValue(i));
    }
    if (open.isEmpty()) {
      open.push(e);
      if (!framed) handler.streamOpened(e);
      return;
    }
    if (open.size() > 1) open.peek().add(e);
    open.push(e);
  }

  private void endElement() throws XMLStreamException {
    Element e = open.pop();
    if (open.isEmpty()) {
      done = true;
      handler.streamClosed();
    } else if (open.size() == 1) {
      boundary = reader.getLocationInfo().getEndingByteOffset();
      handler.stanza(e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
