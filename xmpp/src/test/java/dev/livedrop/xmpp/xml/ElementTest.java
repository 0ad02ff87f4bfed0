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
  void aShallowCopyChangesAtTheTopWithoutTouchingTheOriginal() {
    Element m = new Element("message", "jabber:client").attr("to", "a@x").attr("id", "1");
    Element body = m.addChild("body").text("hello");
    Element copy = m.shallowCopy();
    copy.attr("to", null);
    copy.addChild("delay", "urn:xmpp:delay");
    assertThat(m.toString()).isEqualTo("<message xmlns='jabber:client' to='a@x' id='1'><body>hello</body></message>");
    assertThat(copy.toString())
        .isEqualTo("<message xmlns='jabber:client' id='1'><body>hello</body><delay xmlns='urn:xmpp:delay'/></message>");
    assertThat(copy.child("body", "jabber:client")).containsSame(body);
  }
}
