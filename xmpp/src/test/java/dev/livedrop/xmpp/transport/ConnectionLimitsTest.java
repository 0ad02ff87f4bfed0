package dev.livedrop.xmpp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.support.RawTcp;
import dev.livedrop.xmpp.support.TestXmpp;
import dev.livedrop.xmpp.transport.admission.ConnectionAdmission;
import dev.livedrop.xmpp.transport.admission.ConnectionLimits;
import dev.livedrop.xmpp.transport.admission.FdReserve;
import dev.livedrop.xmpp.transport.admission.OpenFiles;
import dev.livedrop.xmpp.transport.admission.Refusal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: one host must not starve the server of connections. Over real sockets: the cap per
 * client address (the attacker binds 127.0.0.2, everyone else uses 127.0.0.1), the deadline to
 * log in, and the reserve of open files kept for the sessions already in.
 */
class ConnectionLimitsTest {
  static final String ATTACKER = "127.0.0.2";
  static final String STREAM_ERRORS = "xmlns='urn:ietf:params:xml:ns:xmpp-streams'";

  @TempDir Path data;
  TestXmpp xmpp;
  final List<AutoCloseable> open = new ArrayList<>();

  TestXmpp start(ConnectionLimits limits) throws Exception {
    return start(new ConnectionAdmission(limits, OpenFiles.ofProcess()));
  }

  TestXmpp start(ConnectionAdmission admission) throws Exception {
    xmpp = TestXmpp.start(XmppConfig.defaults(TestXmpp.DOMAIN, data).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED),
        admission);
    xmpp.server.accounts().create("alice", "correct horse");
    xmpp.server.accounts().create("bob", "battery staple");
    return xmpp;
  }

  @AfterEach
  void stop() throws Exception {
    for (var c : open) c.close();
    if (xmpp != null) xmpp.close();
  }

  @Test
  void connectionsPastTheCapFromOneAddressAreRefusedWhileOtherAddressesCarryOn() throws Exception {
    start(ConnectionLimits.defaults().withMaxPerAddress(3));
    var alice = login("alice", "correct horse");
    var bob = login("bob", "battery staple");
    List<RawTcp> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) held.add(streamFrom(ATTACKER));

    // The fourth is told why and closed, over TCP; over HTTP (BOSH, WebSocket, the API) closed unanswered.
    var fourth = raw(ATTACKER);
    assertThat(fourth.readUntil("</stream:stream>", 5000))
        .contains("<policy-violation " + STREAM_ERRORS + "/>").contains("Too many connections from your address");
    assertThat(fourth.closedWithin(5000)).isTrue();
    assertThat(httpFrom(ATTACKER)).as("HTTP from the capped address").isEmpty();
    assertThat(xmpp.server.admission().refused(Refusal.PER_ADDRESS)).isEqualTo(2);

    // Everyone else: a new HTTP client, and sessions that were already in, exchange as before.
    assertThat(httpFrom("127.0.0.1")).startsWith("HTTP/1.1 200");
    exchange(alice, bob);
    exchange(bob, alice);

    // Every close gives its place back.
    held.remove(0).close();
    var attacker = InetAddress.getByName(ATTACKER);
    await(() -> xmpp.server.admission().openFrom(attacker) == 2);
    held.add(streamFrom(ATTACKER));
  }

  @Test
  void aTcpStreamThatDoesNotLogInWithinTheDeadlineIsClosedWithPolicyViolation() throws Exception {
    start(ConnectionLimits.defaults().withAuthTimeout(Duration.ofSeconds(3)));
    var alice = login("alice", "correct horse");
    var bob = login("bob", "battery staple");
    long opened = System.nanoTime();
    var idle = streamFrom("127.0.0.1");
    String said = idle.readUntil("</stream:stream>", 10_000);
    assertThat(said).contains("<policy-violation " + STREAM_ERRORS + "/>").contains("Authenticate and bind a resource within 3 s");
    assertThat(idle.closedWithin(5000)).isTrue();
    assertThat(System.nanoTime() - opened).as("not before the deadline").isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(3));
    // Sessions that logged in are past the deadline and stay.
    exchange(alice, bob);
  }

  @Test
  void aWebSocketStreamThatDoesNotLogInWithinTheDeadlineIsClosedWithPolicyViolation() throws Exception {
    start(ConnectionLimits.defaults().withAuthTimeout(Duration.ofSeconds(2)));
    var client = new WebSocketProtocolTest.Client();
    client.ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("xmpp")
        .buildAsync(URI.create("ws://127.0.0.1:" + xmpp.httpPort + "/xmpp-websocket"), client).get(5, TimeUnit.SECONDS);
    client.ws.sendText(WebSocketProtocolTest.open(TestXmpp.DOMAIN), true);
    assertThat(client.until("</stream:features>")).contains("<mechanisms");
    assertThat(client.until("<close")).contains("<policy-violation " + STREAM_ERRORS + "/>")
        .contains("<close xmlns='" + WebSocketProtocolTest.FRAMING + "'/>");
    assertThat(client.closed.get(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void aBoshSessionThatDoesNotLogInWithinTheDeadlineIsTerminatedWithPolicyViolation() throws Exception {
    start(ConnectionLimits.defaults().withAuthTimeout(Duration.ofSeconds(2)));
    var http = HttpClient.newHttpClient();
    String created = boshPost(http, "<body " + BoshProtocolTest.NS + " rid='100' to='" + TestXmpp.DOMAIN
        + "' wait='20' hold='1' ver='1.11' xmpp:version='1.0'/>");
    String sid = BoshProtocolTest.attr(created, "sid");
    assertThat(created).contains("<mechanisms");
    // The held request is answered by the deadline, long before its 20 s wait.
    long start = System.nanoTime();
    String held = boshPost(http, "<body " + BoshProtocolTest.NS + " rid='101' sid='" + sid + "'/>");
    assertThat(held).contains("type='terminate'").contains("<policy-violation " + STREAM_ERRORS + "/>");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  String boshPost(HttpClient http, String body) throws Exception {
    return http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + xmpp.httpPort + "/http-bind"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=utf-8")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void anHttpConnectionThatSendsNoRequestIsClosedAfterTheFirstRequestDeadline() throws Exception {
    start(ConnectionLimits.defaults().withFirstRequestTimeout(Duration.ofSeconds(1)));
    try (var silent = new RawTcp(xmpp.httpPort); var slow = new RawTcp(xmpp.httpPort)) {
      slow.send("GET /.well-known/host-meta HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // and never the blank line
      assertThat(silent.closedWithin(5000)).isTrue();
      assertThat(slow.closedWithin(5000)).isTrue();
    }
    // A connection that did send its request stays for the next one (keep-alive).
    try (var keptAlive = new RawTcp(xmpp.httpPort)) {
      keptAlive.send("GET /.well-known/host-meta HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(keptAlive.readUntil("</XRD>", 5000)).startsWith("HTTP/1.1 200");
      assertThat(keptAlive.closedWithin(2000)).isFalse();
    }
  }

  @Test
  void nearTheOpenFilesLimitNewConnectionsAreRefusedAndSessionsAlreadyInCarryOn() throws Exception {
    // A process with 100 files besides its connections and a limit of 120, 10 of them kept in
    // reserve: 10 connections fit. The count is the admission's own, sampled as the real one is.
    var admission = new AtomicReference<ConnectionAdmission>();
    var files = new OpenFiles() {
      @Override
      public long open() {
        return 100 + admission.get().open();
      }

      @Override
      public long max() {
        return 120;
      }
    };
    admission.set(new ConnectionAdmission(ConnectionLimits.defaults().withMaxPerAddress(0).withFdReserve(FdReserve.count(10)), files));
    start(admission.get());
    var alice = login("alice", "correct horse");
    var bob = login("bob", "battery staple");
    List<RawTcp> held = new ArrayList<>();
    for (int i = 0; i < 8; i++) held.add(streamFrom(ATTACKER));

    var refused = raw("127.0.0.1");
    assertThat(refused.readUntil("</stream:stream>", 5000)).contains("<resource-constraint " + STREAM_ERRORS + "/>");
    assertThat(refused.closedWithin(5000)).isTrue();
    assertThat(httpFrom("127.0.0.1")).as("a new HTTP connection").isEmpty();
    exchange(alice, bob);
    exchange(bob, alice);

    // Once connections close, new ones are admitted again.
    for (int i = 0; i < 3; i++) held.remove(0).close();
    await(() -> admission.get().open() == 7);
    assertThat(httpFrom("127.0.0.1")).startsWith("HTTP/1.1 200");
    var carol = login("bob", "battery staple");
    exchange(carol, alice);
  }

  // --- helpers ---------------------------------------------------------------------------

  XMPPTCPConnection login(String user, String password) throws Exception {
    var c = xmpp.login(user, password, "SCRAM-SHA-1");
    open.add(c::disconnect);
    return c;
  }

  RawTcp raw(String from) throws IOException {
    var r = new RawTcp(xmpp.server.tcpPort(), from);
    open.add(r);
    return r;
  }

  /** A connection that opened its stream and got the server's features: admitted, not logged in. */
  RawTcp streamFrom(String from) throws IOException {
    var r = raw(from).send(RawTcp.open(TestXmpp.DOMAIN));
    assertThat(r.readUntil("</stream:features>", 5000)).contains("<starttls");
    return r;
  }

  /** What a GET on a new HTTP connection from {@code from} receives before the server closes it or answers. */
  String httpFrom(String from) throws IOException {
    try (var http = new RawTcp(xmpp.httpPort, from)) {
      http.send("GET /.well-known/host-meta HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      http.closedWithin(5000);
      return http.readUntil("", 0);
    }
  }

  /** {@code from} sends {@code to} a message, which arrives. */
  static void exchange(XMPPTCPConnection from, XMPPTCPConnection to) throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    to.addAsyncStanzaListener(s -> received.add(((Message) s).getBody() == null ? "" : ((Message) s).getBody()),
        StanzaTypeFilter.MESSAGE);
    String body = "hello " + UUID.randomUUID();
    from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to.getUser()).setBody(body).build());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      if (body.equals(received.poll(100, TimeUnit.MILLISECONDS))) return;
    }
    throw new AssertionError(to.getUser() + " never received " + body);
  }

  static void await(BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not met within 10 s");
      Thread.sleep(20);
    }
  }
}
