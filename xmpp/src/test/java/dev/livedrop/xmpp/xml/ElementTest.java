package dev.livedrop.xmpp.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElementTest {
  @Test
  void childFindsTheFirstElementOfThatNameAndNamespacePastText() {
    Element e = new Element("message", "jabber:client").text("hi");
    Element other = e.addChild("body", "urn:other");
    Element body = e.addChild("body");
    e.addChild("body");
    assertThat(e.child("body", "jabber:client")).containsSame(body);
    assertThat(e.child("body", "urn:other")).containsSame(other);
    assertThat(e.child("subject", "jabber:client")).isEmpty();
    assertThat(e.firstChild()).containsSame(other);
    assertThat(new Element("x", "y").text("only text").firstChild()).isEmpty();
    assertThat(new Element("x", "y").child("a", "y")).isEmpty();
  }

  @Test
  void attributesKeepTheOrderSetAChangedOneItsPlaceAndARemovedOneIsGone() {
    Element m = new Element("message", "jabber:client").attr("to", "a@x").attr("id", "1").attr("type", "chat");
    m.attr("id", "2");
    assertThat(m.toString()).isEqualTo("<message xmlns='jabber:client' to='a@x' id='2' type='chat'/>");
    m.attr("to", null).attr("missing", null);
    assertThat(m.attr("to")).isNull();
    assertThat(m.toString()).isEqualTo("<message xmlns='jabber:client' id='2' type='chat'/>");
    for (int i = 0; i < 10; i++) m.attr("a" + i, "v" + i); // past the first array's four
    assertThat(m.attr("a9")).isEqualTo("v9");
    assertThat(m.attr("type")).isEqualTo("chat");
    m.attr("id", null).attr("a0", null);
    assertThat(m.toString()).startsWith("<message xmlns='jabber:client' type='chat' a1='v1' a2='v2'").endsWith(" a9='v9'/>");
  }

  @Test
  void aCopyChangesWithoutTouchingTheOriginal() {
    Element m = new Element("message", "jabber:client").attr("to", "a@x").attr("id", "1");
    m.addChild("body").text("hello");
    Element copy = m.copy();
    copy.attr("to", null).attr("from", "b@x");
    copy.child("body", "jabber:client").orElseThrow().attr("xml:lang", "en");
    assertThat(m.toString()).isEqualTo("<message xmlns='jabber:client' to='a@x' id='1'><body>hello</body></message>");
    assertThat(copy.toString()).isEqualTo("<message xmlns='jabber:client' id='1' from='b@x'><body xml:lang='en'>hello</body></message>");
  }

  @Test
  void movingANamespaceLeavesOtherNamespacesAndTheOriginalAlone() {
    Element m = new Element("message", "urn:from").attr("id", "1");
    m.addChild("body").text("hi");
    m.addChild("x", "urn:other").addChild("body", "urn:from");
    Element moved = m.copyMovingNamespace("urn:from", "jabber:client");
    assertThat(moved.toString()).isEqualTo(
        "<message xmlns='jabber:client' id='1'><body>hi</body><x xmlns='urn:other'><body xmlns='urn:from'/></x></message>");
    assertThat(m.namespace()).isEqualTo("urn:from");
  }
}
