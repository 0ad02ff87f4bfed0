package dev.livedrop.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A broadcast's shared bytes, put around each recipient's address, make the whole stanza. */
class OutboundTest {
  private static String whole(byte[] head, String to, byte[] tail) {
    return new String(head, StandardCharsets.UTF_8) + new String(Outbound.escapedJid(to), StandardCharsets.UTF_8)
        + new String(tail, StandardCharsets.UTF_8);
  }

  private static Element message() {
    Element m = new Element("message", Namespaces.CLIENT).attr("type", "groupchat").attr("from", "room@muc.x/ann")
        .attr("id", "a<1").attr("xml:lang", "en");
    m.addChild("body").text("café & <tea>");
    m.addChild("stanza-id", Namespaces.STANZA_ID).attr("id", "s1").attr("by", "room@muc.x");
    return m;
  }

  @Test
  void inAStreamTheStanzaInheritsJabberClient() {
    var out = new Outbound(message());
    assertThat(whole(out.head(), "bob@x/r'1", out.tail())).isEqualTo(
        "<message type='groupchat' from='room@muc.x/ann' id='a&lt;1' xml:lang='en' to='bob@x/r&apos;1'>"
            + "<body>café &amp; &lt;tea&gt;</body><stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='room@muc.x'/></message>");
  }

  @Test
  void framedTheStanzaCarriesItsOwnNamespace() {
    var out = new Outbound(message());
    String expected = "<message xmlns='jabber:client' type='groupchat' from='room@muc.x/ann' id='a&lt;1' xml:lang='en' "
        + "to='bob@x'><body>café &amp; &lt;tea&gt;</body><stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='room@muc.x'/></message>";
    assertThat(whole(out.framedHead(), "bob@x", out.tail())).isEqualTo(expected);
    assertThat(out.framedText("bob@x")).isEqualTo(expected);
    assertThat(StreamParser.parseOne(expected.getBytes(StandardCharsets.UTF_8), 10_000).childText("body", Namespaces.CLIENT))
        .isEqualTo("café & <tea>");
  }

  @Test
  void aStanzaOfAnotherNamespaceDeclaresItEitherWay() {
    var out = new Outbound(new Element("x", "urn:example").attr("a", "1"));
    assertThat(whole(out.head(), "b@x", out.tail())).isEqualTo("<x xmlns='urn:example' a='1' to='b@x'/>");
    assertThat(whole(out.framedHead(), "b@x", out.tail())).isEqualTo("<x xmlns='urn:example' a='1' to='b@x'/>");
  }

  @Test
  void aStanzaWithoutAttributesOrChildren() {
    var out = new Outbound(new Element("presence", Namespaces.CLIENT));
    assertThat(whole(out.head(), "b@x", out.tail())).isEqualTo("<presence to='b@x'/>");
    assertThat(whole(out.framedHead(), "b@x", out.tail())).isEqualTo("<presence xmlns='jabber:client' to='b@x'/>");
  }

  @Test
  void aHeadBeyondAsciiIsSplitAtTheRightByte() {
    Element m = new Element("message", Namespaces.CLIENT).attr("type", "groupchat").attr("from", "room@muc.x/Zoë 😀");
    m.addChild("body").text("ok");
    var out = new Outbound(m);
    assertThat(whole(out.head(), "b@x", out.tail()))
        .isEqualTo("<message type='groupchat' from='room@muc.x/Zoë 😀' to='b@x'><body>ok</body></message>");
    String framed = "<message xmlns='jabber:client' type='groupchat' from='room@muc.x/Zoë 😀' to='b@x'><body>ok</body></message>";
    assertThat(whole(out.framedHead(), "b@x", out.tail())).isEqualTo(framed);
    assertThat(out.framedText("b@x")).isEqualTo(framed);
    String unaddressed = "<message xmlns='jabber:client' type='groupchat' from='room@muc.x/Zoë 😀'><body>ok</body></message>";
    assertThat(out.unaddressedChars()).isEqualTo(unaddressed.length());
    assertThat(new String(out.framedHead(), 0, out.unaddressedHeadLength(), StandardCharsets.UTF_8)
        + new String(out.tail(), out.tail().length - out.unaddressedTailLength(), out.unaddressedTailLength(), StandardCharsets.UTF_8))
        .isEqualTo(unaddressed);
  }

  @Test
  void aStanzaOfAnotherNamespaceFramesAsText() {
    var out = new Outbound(new Element("x", "urn:example").attr("a", "é"));
    assertThat(out.framedText("b@x")).isEqualTo("<x xmlns='urn:example' a='é' to='b@x'/>");
    assertThat(out.unaddressedChars()).isEqualTo("<x xmlns='urn:example' a='é'/>".length());
  }

  @Test
  void aLargeStanzaAfterASmallOneOnTheSameThreadIsWhole() {
    new Outbound(message());
    String body = "é✓😀x".repeat(40_000);
    Element m = new Element("message", Namespaces.CLIENT).attr("id", "big");
    m.addChild("body").text(body);
    var out = new Outbound(m);
    assertThat(whole(out.head(), "b@x", out.tail())).isEqualTo("<message id='big' to='b@x'><body>" + body + "</body></message>");
    var small = new Outbound(message());
    assertThat(whole(small.head(), "bob@x", small.tail())).startsWith("<message type='groupchat'").endsWith("</message>");
  }
}
