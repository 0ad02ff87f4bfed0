package dev.livedrop.xmpp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.support.TestXmpp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XEP-0124's rid and sid rules over raw HTTP, which clients hide. */
class BoshProtocolTest {
  @TempDir static Path data;
  static TestXmpp xmpp;
  static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String NS = "xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'";

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(data);
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  static HttpResponse<String> post(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + xmpp.httpPort + "/http-bind"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static CompletableFuture<HttpResponse<String>> postAsync(String body) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + xmpp.httpPort + "/http-bind"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String attr(String xml, String name) {
    Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "='([^']*)'").matcher(xml);
    return m.find() ? m.group(1) : null;
  }

  /** Creates a session with the given wait and hold; returns its sid. */
  static String create(long rid, int wait, int hold) throws Exception {
    var r = post("<body " + NS + " rid='" + rid + "' to='" + TestXmpp.DOMAIN + "' wait='" + wait + "' hold='" + hold
        + "' ver='1.11' xmpp:version='1.0'/>");
    assertThat(r.statusCode()).isEqualTo(200);
    return attr(r.body(), "sid");
  }

  @Test
  void sessionCreationAnnouncesItsParameters() throws Exception {
    var r = post("<body " + NS + " rid='1000' to='" + TestXmpp.DOMAIN + "' wait='30' hold='1' ver='1.11' xmpp:version='1.0'/>");
    String b = r.body();
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
    assertThat(attr(b, "sid")).hasSize(32);
    assertThat(attr(b, "wait")).isEqualTo("30");
    assertThat(attr(b, "hold")).isEqualTo("1");
    assertThat(attr(b, "requests")).isEqualTo("2");
    assertThat(attr(b, "inactivity")).isNotNull();
    assertThat(attr(b, "polling")).isNotNull();
    assertThat(attr(b, "maxpause")).isNotNull();
    assertThat(attr(b, "ver")).isEqualTo("1.11");
    assertThat(b).contains("xmpp:version='1.0'").contains("xmpp:restartlogic='true'").contains("<stream:features")
        .contains("<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>");
  }

  @Test
  void waitIsCappedAtTheServersMaximum() throws Exception {
    var r = post("<body " + NS + " rid='1' to='" + TestXmpp.DOMAIN + "' wait='99999' hold='1' xmpp:version='1.0'/>");
    assertThat(Integer.parseInt(attr(r.body(), "wait"))).isLessThanOrEqualTo(60);
  }

  @Test
  void unknownSidIsTerminatedWithItemNotFound() throws Exception {
    var r = post("<body " + NS + " rid='5' sid='nosuchsession'/>");
    assertThat(r.body()).contains("type='terminate'").contains("condition='item-not-found'");
  }

  @Test
  void ridOutsideTheWindowTerminatesTheSession() throws Exception {
    String sid = create(2000, 5, 1);
    var r = post("<body " + NS + " rid='2005' sid='" + sid + "'/>");
    assertThat(r.body()).contains("type='terminate'").contains("condition='item-not-found'");
    var after = post("<body " + NS + " rid='2001' sid='" + sid + "'/>");
    assertThat(after.body()).contains("condition='item-not-found'");
  }

  @Test
  void repeatedRidGetsTheCachedResponseAgain() throws Exception {
    String sid = create(3000, 1, 1);
    var first = post("<body " + NS + " rid='3001' sid='" + sid + "'/>"); // held for wait=1 s, then empty
    var again = post("<body " + NS + " rid='3001' sid='" + sid + "'/>");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
  }

  @Test
  void stanzasWithoutTheirOwnXmlnsAreClientStanzas() throws Exception {
    // Written without xmlns='jabber:client' they inherit the body's namespace; ejabberd and Prosody
    // take them as client stanzas, and so must we (Tsung logs in so).
    String sid = create(5000, 2, 1);
    assertThat(post("<body " + NS + " rid='5001' sid='" + sid + "'><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'"
        + " mechanism='ANONYMOUS'/></body>").body()).contains("<success");
    assertThat(post("<body " + NS + " rid='5002' sid='" + sid + "' to='" + TestXmpp.DOMAIN + "' xmpp:restart='true'/>")
        .body()).contains("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>");
    String bound = post("<body " + NS + " rid='5003' sid='" + sid + "'><iq type='set' id='b1'>"
        + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>tsung</resource></bind></iq></body>").body();
    assertThat(bound).contains("type='result'").contains("id='b1'");
    String jid = bound.replaceAll("(?s).*<jid>([^<]+)</jid>.*", "$1");
    assertThat(jid).endsWith("/tsung");
    String echoed = post("<body " + NS + " rid='5004' sid='" + sid + "'><message to='" + jid + "' type='chat' id='m1'>"
        + "<body>hello me</body></message><iq type='get' id='p1' to='" + TestXmpp.DOMAIN + "'>"
        + "<ping xmlns='urn:xmpp:ping'/></iq></body>").body();
    String later = echoed.contains("hello me") && echoed.contains("id='p1'") ? ""
        : post("<body " + NS + " rid='5005' sid='" + sid + "'/>").body();
    assertThat(echoed + later).contains("<message").contains("<body>hello me</body>").contains("id='p1'")
        .doesNotContain("stream:error").doesNotContain("type='terminate'");
  }

  @Test
  void earlyRequestsAreProcessedInRidOrder() throws Exception {
    String sid = create(4000, 2, 1);
    // rid 4002 arrives first: it waits for 4001; the anonymous SASL in 4001 must come before the
    // restart in 4002, or the restart would find no authenticated session.
    var later = postAsync("<body " + NS + " rid='4002' sid='" + sid + "' to='" + TestXmpp.DOMAIN
        + "' xmpp:restart='true'/>");
    Thread.sleep(300);
    var first = post("<body " + NS + " rid='4001' sid='" + sid + "'><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/></body>");
    String both = first.body() + later.get(10, TimeUnit.SECONDS).body();
    assertThat(both).contains("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'");
    assertThat(both).contains("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>");
  }

  @Test
  void heldRequestIsAnsweredEmptyWhenWaitRunsOut() throws Exception {
    String sid = create(5000, 1, 1);
    long start = System.nanoTime();
    var r = post("<body " + NS + " rid='5001' sid='" + sid + "'/>");
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.body()).doesNotContain("terminate");
    assertThat(ms).isBetween(800L, 5000L);
  }

  @Test
  void pollingFasterThanAllowedIsOveractivity() throws Exception {
    // §12: with hold='0' the client polls; empty polls closer together than 'polling' seconds are too many.
    String sid = create(6000, 20, 0);
    var first = post("<body " + NS + " rid='6001' sid='" + sid + "'/>");
    assertThat(first.body()).doesNotContain("terminate");
    var second = post("<body " + NS + " rid='6002' sid='" + sid + "'/>");
    assertThat(second.body()).contains("type='terminate'").contains("condition='policy-violation'");
  }

  @Test
  void aThirdRequestReleasesTheOldestHeldOne() throws Exception {
    // hold='1': the connection manager keeps one request; a new one makes it answer the older at once.
    String sid = create(6500, 20, 1);
    var a = postAsync("<body " + NS + " rid='6501' sid='" + sid + "'/>");
    Thread.sleep(200);
    var b = postAsync("<body " + NS + " rid='6502' sid='" + sid + "'/>");
    assertThat(a.get(5, TimeUnit.SECONDS).body()).doesNotContain("terminate");
    assertThat(b.isDone()).isFalse();
  }

  @Test
  void clientTerminateEndsTheSession() throws Exception {
    String sid = create(7000, 5, 1);
    var r = post("<body " + NS + " rid='7001' sid='" + sid + "' type='terminate'>"
        + "<presence xmlns='jabber:client' type='unavailable'/></body>");
    assertThat(r.body()).contains("type='terminate'");
    assertThat(post("<body " + NS + " rid='7002' sid='" + sid + "'/>").body()).contains("condition='item-not-found'");
  }

  @Test
  void aStreamErrorAnswersTheRequestsWaitingForAGapInTheRids() throws Exception {
    // §14: rid 8002 waits for 8001; 8001 carries a stanza before authentication, a stream error
    // (not-authorized) that ends the session. XEP-0206 §7 / XEP-0124 §17: every request still
    // open gets the terminal binding condition at once, not silence until its HTTP timeout.
    String sid = create(8000, 20, 1);
    var waiting = postAsync("<body " + NS + " rid='8002' sid='" + sid + "'/>");
    Thread.sleep(300); // lets 8002 arrive first
    var bad = post("<body " + NS + " rid='8001' sid='" + sid + "'><message xmlns='jabber:client' to='a@"
        + TestXmpp.DOMAIN + "'><body>hi</body></message></body>");
    assertThat(bad.body()).contains("type='terminate'").contains("condition='remote-stream-error'")
        .contains("<not-authorized");
    var answer = waiting.get(5, TimeUnit.SECONDS);
    assertThat(answer.body()).contains("type='terminate'").contains("condition='remote-stream-error'");
  }

  @Test
  void clientTerminateAnswersTheRequestsWaitingForAGapInTheRids() throws Exception {
    String sid = create(8500, 20, 1);
    var waiting = postAsync("<body " + NS + " rid='8502' sid='" + sid + "'/>");
    Thread.sleep(300); // lets 8502 arrive first
    assertThat(post("<body " + NS + " rid='8501' sid='" + sid + "' type='terminate'/>").body()).contains("type='terminate'");
    assertThat(waiting.get(5, TimeUnit.SECONDS).body()).contains("type='terminate'").doesNotContain("condition=");
  }

  @Test
  void serverShutdownAnswersTheRequestsWaitingForAGapInTheRids(@TempDir Path own) throws Exception {
    // The server going away ends every stream with system-shutdown (XEP-0124 §17.2), the
    // request waiting for its predecessor included.
    try (var server = TestXmpp.start(own)) {
      String base = "http://127.0.0.1:" + server.httpPort + "/http-bind";
      java.util.function.Function<String, CompletableFuture<HttpResponse<String>>> send = body -> http.sendAsync(
          HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(30))
              .header("Content-Type", "text/xml; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      String sid = attr(send.apply("<body " + NS + " rid='9000' to='" + TestXmpp.DOMAIN
          + "' wait='20' hold='1' ver='1.11' xmpp:version='1.0'/>").get(10, TimeUnit.SECONDS).body(), "sid");
      var waiting = send.apply("<body " + NS + " rid='9002' sid='" + sid + "'/>");
      Thread.sleep(300); // lets 9002 arrive and wait for 9001
      server.server.close(); // the XMPP server only; the HTTP server stays up to carry the answer
      var answer = waiting.get(5, TimeUnit.SECONDS);
      assertThat(answer.body()).contains("type='terminate'").contains("condition='system-shutdown'");
    }
  }

  @Test
  void wrongHostAtCreationIsHostUnknown() throws Exception {
    var r = post("<body " + NS + " rid='1' to='elsewhere.example' wait='5' hold='1' xmpp:version='1.0'/>");
    assertThat(r.body()).contains("type='terminate'").contains("condition='host-unknown'");
  }

  @Test
  void malformedBodyIsBadRequest() throws Exception {
    assertThat(post("<body " + NS + " rid='1'").statusCode()).isEqualTo(400);
    assertThat(post("<notbody xmlns='x'/>").statusCode()).isEqualTo(400);
    assertThat(post("<?xml version='1.0'?><!DOCTYPE body [<!ENTITY x 'y'>]><body " + NS + " rid='1'/>").statusCode()).isEqualTo(400);
  }

  @Test
  void corsPreflightAnswersAllowedOrigins() throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + xmpp.httpPort + "/http-bind"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("content-type");
  }

  @Test
  void getIsNotAllowed() throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + xmpp.httpPort + "/http-bind")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
  }
}
