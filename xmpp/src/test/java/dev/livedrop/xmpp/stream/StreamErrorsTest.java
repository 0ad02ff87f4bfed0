package dev.livedrop.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.support.RawTcp;
import dev.livedrop.xmpp.support.TestXmpp;
import java.nio.file.Path;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 6120 §4.9 stream errors over raw TCP: the exact error element, then the stream closes. */
class StreamErrorsTest {
  @TempDir static Path data;
  static TestXmpp xmpp;
  static final String DOMAIN = TestXmpp.DOMAIN;

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(dev.livedrop.xmpp.XmppConfig.defaults(DOMAIN, data)
        .withTcp("127.0.0.1", 0, dev.livedrop.xmpp.XmppConfig.TlsMode.REQUIRED)
        .withLimits(4096, 200, java.time.Duration.ofMinutes(5), java.time.Duration.ofSeconds(90)));
    xmpp.server.accounts().create("zoe", "correct horse");
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  static String error(String condition) {
    return "<" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>";
  }

  /** Sends {@code input} on a fresh connection; returns what came back, asserting the close. */
  static String exchange(String input) throws Exception {
    try (var raw = new RawTcp(xmpp.server.tcpPort())) {
      raw.send(input);
      String answer = raw.readUntil("</stream:stream>", 5000);
      assertThat(raw.closedWithin(3000)).as("connection closed after the error").isTrue();
      return answer;
    }
  }

  @Test
  void unknownHostIsHostUnknown() throws Exception {
    String a = exchange(RawTcp.open("not-us.example"));
    assertThat(a).contains("<stream:stream").contains(error("host-unknown")).endsWith("</stream:stream>");
  }

  @Test
  void wrongStreamNamespaceIsInvalidNamespace() throws Exception {
    String a = exchange("<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong' to='" + DOMAIN + "' version='1.0'>");
    assertThat(a).contains(error("invalid-namespace"));
  }

  @Test
  void missingVersionIsUnsupportedVersion() throws Exception {
    String a = exchange("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='" + DOMAIN + "'>");
    assertThat(a).contains(error("unsupported-version"));
  }

  @Test
  void dtdIsRestrictedXml() throws Exception {
    String a = exchange("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]>" + RawTcp.open(DOMAIN));
    assertThat(a).contains(error("restricted-xml"));
  }

  @Test
  void billionLaughsIsRestrictedXmlAndCostsNothing() throws Exception {
    var lol = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
    for (int i = 1; i < 10; i++) {
      lol.append("<!ENTITY lol").append(i).append(" '").append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("'>");
    }
    lol.append("]>").append(RawTcp.open(DOMAIN)).append("<message><body>&lol9;</body></message>");
    long before = usedHeap();
    String a = exchange(lol.toString());
    assertThat(a).contains(error("restricted-xml"));
    assertThat(usedHeap() - before).isLessThan(64L << 20);
  }

  @Test
  void commentIsRestrictedXml() throws Exception {
    assertThat(exchange(RawTcp.open(DOMAIN) + "<!-- hello -->")).contains(error("restricted-xml"));
  }

  @Test
  void processingInstructionIsRestrictedXml() throws Exception {
    assertThat(exchange(RawTcp.open(DOMAIN) + "<?evil x?>")).contains(error("restricted-xml"));
  }

  @Test
  void malformedXmlIsNotWellFormed() throws Exception {
    assertThat(exchange(RawTcp.open(DOMAIN) + "<message><body></message> ")).contains(error("not-well-formed"));
  }

  @Test
  void oversizedStanzaIsPolicyViolation() throws Exception {
    assertThat(exchange(RawTcp.open(DOMAIN) + "<message><body>" + "x".repeat(10_000) + "</body></message>"))
        .contains(error("policy-violation"));
  }

  @Test
  void stanzaBeforeTlsIsPolicyViolation() throws Exception {
    assertThat(exchange(RawTcp.open(DOMAIN) + "<message to='a@" + DOMAIN + "'><body>hi</body></message>"))
        .contains(error("policy-violation"));
  }

  @Test
  void saslBeforeRequiredTlsFailsWithEncryptionRequired() throws Exception {
    try (var raw = new RawTcp(xmpp.server.tcpPort())) {
      raw.send(RawTcp.open(DOMAIN));
      String features = raw.readUntil("</stream:features>", 5000);
      assertThat(features).contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>")
          .doesNotContain("mechanisms");
      raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHpvZQBjb3JyZWN0IGhvcnNl</auth>");
      assertThat(raw.readUntil("</failure>", 5000)).contains("<encryption-required/>");
    }
  }

  @Test
  void aClientThatSpeaksNoTlsAfterProceedIsDisconnectedAndOthersGoOn() throws Exception {
    try (var raw = new RawTcp(xmpp.server.tcpPort())) {
      raw.send(RawTcp.open(DOMAIN));
      raw.readUntil("</stream:features>", 5000);
      raw.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      assertThat(raw.readUntil("<proceed", 5000)).contains("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      raw.send("this is not a TLS ClientHello\r\n".repeat(20));
      assertThat(raw.closedWithin(5000)).isTrue();
    }
    var c = xmpp.login("zoe", "correct horse", "PLAIN");
    assertThat(c.isSecureConnection()).isTrue();
    c.disconnect();
  }

  @Test
  void textBetweenStanzasIsBadFormat() throws Exception {
    assertThat(exchange(RawTcp.open(DOMAIN) + "stray text")).contains(error("bad-format"));
  }

  @Test
  void serverKeepsServingOthersAfterErrors() throws Exception {
    exchange(RawTcp.open(DOMAIN) + "<<<");
    var c = xmpp.login("zoe", "correct horse", "SCRAM-SHA-1");
    assertThat(PingManager.getInstanceFor(c).pingMyServer(true, 5000)).isTrue();
    c.disconnect();
  }

  private static long usedHeap() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
