package dev.livedrop.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.xmpp.xml.Element;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6120 §11 restricted XML and the stream's framing, fed in arbitrary chunks. */
class StreamParserTest {
  static final String OPEN = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
      + "xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0'>";

  final List<Element> headers = new ArrayList<>();
  final List<Element> stanzas = new ArrayList<>();
  boolean closed;

  StreamParser parser(int max, boolean framed) {
    return new StreamParser(new StreamParser.Handler() {
      @Override
      public void streamOpened(Element header) {
        headers.add(header);
      }

      @Override
      public void stanza(Element stanza) {
        stanzas.add(stanza);
      }

      @Override
      public void streamClosed() {
        closed = true;
      }
    }, max, framed);
  }

  static void feedByteByByte(StreamParser p, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) p.feed(b, i, 1);
  }

  @Test
  void stanzasArriveWholeWhateverTheChunking() {
    var p = parser(65536, false);
    feedByteByByte(p, OPEN + "<message to='a@b' type='chat'><body>hé &amp; &lt;x&gt; 😀</body></message>  "
        + "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq></stream:stream>");
    assertThat(headers).singleElement().satisfies(h -> {
      assertThat(h.is("stream", "http://etherx.jabber.org/streams")).isTrue();
      assertThat(h.attr("to")).isEqualTo("example.org");
    });
    assertThat(stanzas).hasSize(2);
    assertThat(stanzas.get(0).namespace()).isEqualTo("jabber:client");
    assertThat(stanzas.get(0).childText("body", "jabber:client")).isEqualTo("hé & <x> 😀");
    assertThat(stanzas.get(1).child("ping", "urn:xmpp:ping")).isPresent();
    assertThat(closed).isTrue();
  }

  @Test
  void serializedStanzaParsesBackTheSame() {
    var p = parser(65536, false);
    p.feed((OPEN + "<message xml:lang='en' to='x@y/z'><body a=\"'&quot;\">1 &lt; 2</body></message>").getBytes(StandardCharsets.UTF_8));
    String written = stanzas.get(0).toString();
    var again = parser(65536, false);
    again.feed((OPEN + written).getBytes(StandardCharsets.UTF_8));
    assertThat(stanzas.get(1).toString()).isEqualTo(written);
    assertThat(stanzas.get(1).attr("xml:lang")).isEqualTo("en");
  }

  @Test
  void dtdIsRestrictedXml() {
    var p = parser(65536, false);
    assertThatThrownBy(() -> p.feed(("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;'>]>"
        + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(StreamError.class, e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.RESTRICTED_XML));
  }

  @Test
  void dtdInsideAFramedMessageIsRestrictedXml() {
    var p = parser(65536, true);
    assertThatThrownBy(() -> feedByteByByte(p, "<!DOCTYPE x [<!ENTITY a 'b'>]><message xmlns='jabber:client'/>"))
        .isInstanceOfSatisfying(StreamError.class, e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.RESTRICTED_XML));
  }

  @Test
  void cdataIsText() {
    var p = parser(65536, false);
    p.feed((OPEN + "<message><body><![CDATA[<b>]]></body></message>").getBytes(StandardCharsets.UTF_8));
    assertThat(stanzas.get(0).childText("body", "jabber:client")).isEqualTo("<b>");
  }

  @Test
  void commentIsRestrictedXml() {
    var p = parser(65536, false);
    assertThatThrownBy(() -> p.feed((OPEN + "<!-- hi -->").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(StreamError.class, e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.RESTRICTED_XML));
  }

  @Test
  void processingInstructionIsRestrictedXml() {
    var p = parser(65536, false);
    assertThatThrownBy(() -> p.feed((OPEN + "<?evil data?>").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(StreamError.class, e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.RESTRICTED_XML));
  }

  @Test
  void undeclaredEntityReferenceIsAnError() {
    var p = parser(65536, false);
    assertThatThrownBy(() -> p.feed((OPEN + "<message><body>&lol;</body></message>").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(StreamError.class, e -> assertThat(e.condition())
            .isIn(StreamErrorCondition.RESTRICTED_XML, StreamErrorCondition.NOT_WELL_FORMED));
  }

  @Test
  void oversizedStanzaIsPolicyViolation() {
    var p = parser(4096, false);
    p.feed(OPEN.getBytes(StandardCharsets.UTF_8));
    p.feed("<message><body>".getBytes(StandardCharsets.UTF_8));
    byte[] lots = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> {
      for (int i = 0; i < 10; i++) p.feed(lots);
    }).isInstanceOfSatisfying(StreamError.class, e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
  }

  @Test
  void manySmallStanzasAreNotOneBigOne() {
    var p = parser(4096, false);
    p.feed(OPEN.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 1000; i++) p.feed(("<message><body>" + "y".repeat(100) + "</body></message>").getBytes(StandardCharsets.UTF_8));
    assertThat(stanzas).hasSize(1000);
  }

  @Test
  void malformedXmlIsNotWellFormed() {
    var p = parser(65536, false);
    assertThatThrownBy(() -> p.feed((OPEN + "<message></iq> <presence/>").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(StreamError.class, e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED));
  }

  @Test
  void deepNestingIsPolicyViolation() {
    var p = parser(1 << 20, false);
    assertThatThrownBy(() -> p.feed((OPEN + "<a>".repeat(1000)).getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(StreamError.class, e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
  }

  @Test
  void framedModeDeliversEachMessageElement() {
    var p = parser(65536, true);
    p.feed("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.org' version='1.0'/>".getBytes(StandardCharsets.UTF_8));
    p.feed("<message xmlns='jabber:client'><body>hi</body></message>".getBytes(StandardCharsets.UTF_8));
    assertThat(headers).isEmpty();
    assertThat(stanzas).extracting(Element::name).containsExactly("open", "message");
    assertThat(stanzas.get(0).namespace()).isEqualTo("urn:ietf:params:xml:ns:xmpp-framing");
  }

  @Test
  void namespacedAttributesSurviveARoundTrip() {
    var p = parser(65536, true);
    p.feed("<body xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0' rid='1'/>".getBytes(StandardCharsets.UTF_8));
    Element body = stanzas.get(0);
    assertThat(body.attr("{urn:xmpp:xbosh}version")).isEqualTo("1.0");
    var again = parser(65536, true);
    again.feed(body.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(stanzas.get(1).attr("{urn:xmpp:xbosh}version")).isEqualTo("1.0");
  }
}
