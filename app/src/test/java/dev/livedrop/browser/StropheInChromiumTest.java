package dev.livedrop.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.TestServer;
import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.muc.RoomConfig;
import dev.livedrop.xmpp.xml.Element;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 3: the bundled Strophe.js, through the app's own client module (src/live/xmpp.js), logs in
 * to our server from a real Chromium over WebSocket and over BOSH, joins a drop's room and receives
 * what the server and other occupants post. The page is the test-only harness
 * (app/web/test/harness), served from the test classpath beside the product's assets.
 */
@ExtendWith(BrowserArtifacts.class)
class StropheInChromiumTest {
  private static final String DOMAIN = "drops.test";
  private static final String MUC = "rooms.drops.test";
  /** The harness logs in anonymously to rooms of its own, which the server allows only when told to. */
  private static final Map<String, String> ANONYMOUS = Map.of("LIVEDROP_XMPP_ANONYMOUS", "true");

  @TempDir Path data;
  TestServer server;
  Browser browser;

  @BeforeEach
  void start() throws Exception {
    Browser.assumeInstalled();
    server = TestServer.start(data, ANONYMOUS);
    browser = Browser.open("strophe");
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.close();
    if (server != null) server.close();
  }

  @Test
  void overWebSocketJoinsTheRoomAndReceivesTheServersEventsAndOccupantsChat() throws Exception {
    joinsReceivesAndSends("websocket", "ws-room");
  }

  @Test
  void overBoshJoinsTheRoomAndReceivesTheServersEventsAndOccupantsChat() throws Exception {
    joinsReceivesAndSends("bosh", "bosh-room");
  }

  @ParameterizedTest
  @CsvSource({"websocket,scram-sha-256", "bosh,scram-sha-256", "websocket,scram-sha-1"})
  void anAccountLogsInWithScramOnlyAndJoins(String transport, String sasl) {
    // Strophe is told to use this one mechanism only: online means the SCRAM exchange succeeded.
    server.app.xmpp().accounts().create("alice", "through the looking-glass");
    server.app.xmpp().muc().createRoom("scram-" + transport, new RoomConfig(), List.of());
    open(transport, "scram-" + transport, "alice", "&jid=" + enc("alice@" + DOMAIN) + "&password="
        + enc("through the looking-glass") + "&sasl=" + sasl);
    browser.waitForText("#state", "online");
    assertThat(browser.textOf("#nick")).isEqualTo("alice");
    assertThat(server.app.xmpp().muc().room("scram-" + transport).orElseThrow().nicknames()).contains("alice");
  }

  @Test
  void aWrongPasswordNeverComesOnline() throws Exception {
    server.app.xmpp().accounts().create("bob", "right horse battery");
    server.app.xmpp().muc().createRoom("wrong-pw", new RoomConfig(), List.of());
    open("websocket", "wrong-pw", "bob", "&jid=" + enc("bob@" + DOMAIN) + "&password=" + enc("wrong")
        + "&sasl=scram-sha-256");
    Thread.sleep(3000);
    assertThat(browser.textOf("#state")).isNotEqualTo("online");
    assertThat(server.app.xmpp().muc().room("wrong-pw").orElseThrow().nicknames()).doesNotContain("bob");
  }

  @Test
  void autoFallsBackToBoshWhenWebSocketCannotConnect() {
    server.app.xmpp().muc().createRoom("fallback", new RoomConfig(), List.of());
    // /healthz never upgrades to a WebSocket, as a proxy that blocks WebSockets would behave.
    open("auto", "fallback", "viewer", "&websocket=" + enc("/healthz"));
    browser.waitForText("#state", "online");
    assertThat(browser.textOf("#transport")).isEqualTo("bosh");
    post("fallback", "asset.created", 1, "maria added a.txt");
    waitForReceived("maria added a.txt");
  }

  @Test
  void takenNickGetsANumberAppended() throws Exception {
    server.app.xmpp().muc().createRoom("nicks", new RoomConfig(), List.of());
    var smack = smackIn("nicks", "maria");
    try {
      open("websocket", "nicks", "maria", "");
      browser.waitForText("#state", "online");
      assertThat(browser.textOf("#nick")).isEqualTo("maria (2)");
    } finally {
      smack.connection().disconnect();
    }
  }

  @Test
  void reconnectsAndRejoinsAfterTheServerRestarts() throws Exception {
    server.app.xmpp().muc().createRoom("restart", new RoomConfig(), List.of());
    open("websocket", "restart", "viewer", "");
    browser.waitForText("#state", "online");
    int port = server.app.port();

    server.close();
    browser.waitFor("the page notices the server is gone", d -> !"online".equals(browser.textOf("#state")));
    server = TestServer.start(data, Map.of("LIVEDROP_HTTP_PORT", String.valueOf(port), "LIVEDROP_XMPP_ANONYMOUS", "true"));
    server.app.xmpp().muc().createRoom("restart", new RoomConfig(), List.of());

    browser.waitForText("#joins", "2");
    browser.waitForText("#state", "online");
    post("restart", "asset.created", 7, "after the restart");
    waitForReceived("after the restart");
  }

  private void joinsReceivesAndSends(String transport, String room) throws Exception {
    server.app.xmpp().muc().createRoom(room, new RoomConfig(), List.of());
    open(transport, room, "chromium", "");
    browser.waitForText("#state", "online");
    assertThat(browser.textOf("#transport")).isEqualTo(transport);
    assertThat(browser.textOf("#nick")).isEqualTo("chromium");

    // The application posts a change event as the service nick: body for people, payload for the page.
    post(room, "asset.created", 43, "maria added report.pdf");
    WebElement event = waitForReceived("maria added report.pdf");
    assertThat(event.getDomAttribute("data-nick")).isEqualTo("livedrop");
    assertThat(event.getDomAttribute("data-event")).isEqualTo("asset.created");
    assertThat(event.getDomAttribute("data-seq")).isEqualTo("43");

    // A Smack client in the same room: the page sees it arrive and its chat, and Smack sees the page's chat.
    Smack smack = smackIn(room, "smack");
    try {
      browser.waitFor("smack in the occupant list", d -> !d.findElements(By.cssSelector("#occupants li[data-nick='smack']")).isEmpty());
      smack.muc().sendMessage("hello from smack");
      WebElement chat = waitForReceived("hello from smack");
      assertThat(chat.getDomAttribute("data-nick")).isEqualTo("smack");
      assertThat(chat.getDomAttribute("data-event")).isEmpty();

      browser.find("#chat-text").sendKeys("hello from chromium");
      browser.find("#chat button").click();
      Message got;
      do {
        got = smack.received().poll(15, TimeUnit.SECONDS);
        assertThat(got).as("smack receives the page's chat").isNotNull();
      } while (!"hello from chromium".equals(got.getBody()));
      assertThat(got.getFrom().toString()).isEqualTo(room + "@" + MUC + "/chromium");
    } finally {
      smack.connection().disconnect();
    }
    assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
  }

  private void open(String transport, String room, String nick, String extra) {
    browser.get(server.base() + "/assets/xmpp-harness.html?transport=" + transport + "&domain=" + DOMAIN
        + "&room=" + enc(room + "@" + MUC) + "&nick=" + enc(nick) + extra);
  }

  /** Posts as the application does: a human body plus the machine-readable event. */
  private void post(String room, String type, long seq, String body) {
    Element msg = new Element("message", Namespaces.CLIENT);
    msg.addChild("body").text(body);
    msg.addChild("event", "urn:livedrop:event:1").attr("type", type).attr("seq", String.valueOf(seq))
        .attr("at", "2026-11-25T14:00:00Z").text("{\"id\":\"a1\",\"name\":\"report.pdf\"}");
    msg.addChild("origin-id", "urn:xmpp:sid:0").attr("id", "evt-" + seq);
    server.app.xmpp().muc().post(room, "livedrop", msg);
  }

  private WebElement waitForReceived(String body) {
    return browser.waitFor("received '" + body + "'", d -> d.findElements(By.cssSelector("#received li")).stream()
        .filter(li -> body.equals(li.getText())).findFirst().orElse(null));
  }

  record Smack(ModularXmppClientToServerConnection connection, MultiUserChat muc, BlockingQueue<Message> received) {}

  private Smack smackIn(String room, String nick) throws Exception {
    var b = ModularXmppClientToServerConnectionConfiguration.builder();
    b.removeAllModules();
    b.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(b)
        .explicitlySetWebSocketEndpoint(URI.create("ws://127.0.0.1:" + server.app.port() + "/xmpp-websocket")).build());
    b.setXmppDomain(DOMAIN).setSecurityMode(SecurityMode.disabled).performSaslAnonymousAuthentication();
    var c = new ModularXmppClientToServerConnection(b.build());
    c.connect().login();
    var muc = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(room + "@" + MUC));
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    muc.addMessageListener(m -> { if (m.getBody() != null) got.add(m); });
    muc.join(Resourcepart.from(nick));
    return new Smack(c, muc, got);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
