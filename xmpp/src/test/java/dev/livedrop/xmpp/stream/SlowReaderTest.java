package dev.livedrop.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.muc.MucService;
import dev.livedrop.xmpp.muc.RoomConfig;
import dev.livedrop.xmpp.support.TestXmpp;
import dev.livedrop.xmpp.xml.Element;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading must not grow the server's heap: once its write queue is full and
 * stays full (beyond a bounded allowance), it is disconnected with a policy-violation stream error
 * and leaves its rooms, while everyone else is served as before. A burst to a client that reads
 * is not mistaken for that.
 */
class SlowReaderTest {
  @TempDir Path data;

  @Test
  void aClientThatStopsReadingIsDisconnectedNotBuffered() throws Exception {
    try (var xmpp = startWithTcp(); var slow = new Socket()) {
      var muc = xmpp.server.muc();
      createPersistentRoom(muc, "busy");
      var healthy = xmpp.websocket(null, null);
      var healthyRoom = chat(healthy, muc, "busy");
      healthyRoom.join(org.jxmpp.jid.parts.Resourcepart.from("healthy"));

      // A tiny receive window, so the kernel cannot hide the client's not reading for long.
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", xmpp.server.tcpPort()));
      slow.setSoTimeout(200);
      var in = slow.getInputStream();
      var seen = new ByteArrayOutputStream();
      send(slow, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
          + TestXmpp.DOMAIN + "' version='1.0'>");
      readUntil(in, seen, "</stream:features>");
      send(slow, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
      readUntil(in, seen, "<success");
      send(slow, "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
          + TestXmpp.DOMAIN + "' version='1.0'>");
      readUntil(in, seen, "</stream:features>");
      send(slow, "<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
      readUntil(in, seen, "</iq>");
      send(slow, "<presence to='busy@" + muc.domain() + "/slow'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
      readUntil(in, seen, "status code='110'");
      assertThat(muc.room("busy").orElseThrow().nicknames()).contains("slow", "healthy");

      // The client reads nothing more; the room gets far more than any write queue holds, at a
      // pace a client that reads keeps up with.
      String big = "x".repeat(64 * 1024);
      for (int i = 0; i < 1024 && muc.room("busy").orElseThrow().nicknames().contains("slow"); i++) {
        Element m = new Element("message", Namespaces.CLIENT).attr("type", "groupchat");
        m.addChild("body").text(big);
        muc.post("busy", "bot", m);
        Thread.sleep(5);
      }

      long deadline = System.currentTimeMillis() + 10_000;
      while (muc.room("busy").orElseThrow().nicknames().contains("slow") && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(muc.room("busy").orElseThrow().nicknames()).as("the slow reader left the room").containsExactly("healthy");
      // Reading now, the client finds the reason at the end of what was queued, then the end of the stream.
      String tail = drain(in);
      assertThat(tail).contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>").endsWith("</stream:stream>");
      assertThat(xmpp.server.sessions().stats().slowReaderDisconnects()).as("counted for operators").isEqualTo(1);
      assertThat(PingManager.getInstanceFor(healthy).pingMyServer(true, 5000)).isTrue();
      healthy.disconnect();
    }
  }

  @Test
  void aBurstLargerThanTheWriteQueueDoesNotCutOffAClientThatReads() throws Exception {
    try (var xmpp = startWithTcp()) {
      var muc = xmpp.server.muc();
      createPersistentRoom(muc, "burst");
      var reader = xmpp.websocket(null, null);
      var room = chat(reader, muc, "burst");
      var got = new java.util.concurrent.atomic.AtomicInteger();
      room.addMessageListener(m -> {
        if (m.getBody() != null) got.incrementAndGet();
      });
      room.join(org.jxmpp.jid.parts.Resourcepart.from("reader"));
      // About 1 MiB at once: four times the write queue, as a big room's occupant list or a chat
      // backlog can be; a client that keeps reading gets all of it. Kept within the queue plus
      // the congestion allowance, so the outcome does not hang on how much CPU the client gets
      // while the burst is written (a 1.5 MiB burst failed once on a loaded machine).
      String chunk = "y".repeat(24 * 1024);
      for (int i = 0; i < 40; i++) {
        Element m = new Element("message", Namespaces.CLIENT).attr("type", "groupchat");
        m.addChild("body").text(chunk);
        muc.post("burst", "bot", m);
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (got.get() < 40 && System.currentTimeMillis() < deadline) Thread.sleep(20);
      assertThat(got.get()).isEqualTo(40);
      assertThat(reader.isConnected()).isTrue();
      assertThat(muc.room("burst").orElseThrow().nicknames()).contains("reader");
      reader.disconnect();
    }
  }

  private TestXmpp startWithTcp() throws Exception {
    return TestXmpp.start(XmppConfig.defaults(TestXmpp.DOMAIN, data).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.OPTIONAL));
  }

  private static void createPersistentRoom(MucService muc, String name) {
    var roomConfig = new RoomConfig();
    roomConfig.persistent = true;
    muc.createRoom(name, roomConfig, List.of());
  }

  private static MultiUserChat chat(XMPPConnection c, MucService muc, String room) throws Exception {
    return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(room + "@" + muc.domain()));
  }

  private static void send(Socket s, String text) throws Exception {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  private static void readUntil(InputStream in, ByteArrayOutputStream seen, String marker) throws Exception {
    long end = System.currentTimeMillis() + 10_000;
    byte[] buf = new byte[8192];
    while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
      if (System.currentTimeMillis() > end) throw new AssertionError("no " + marker + " in " + seen);
      try {
        int n = in.read(buf);
        if (n < 0) throw new AssertionError("closed before " + marker + ": " + seen);
        seen.write(buf, 0, n);
      } catch (SocketTimeoutException e) {
        // keep waiting
      }
    }
    seen.reset();
  }

  /** Everything until the server closes, keeping only the last few KiB. */
  private static String drain(InputStream in) throws Exception {
    long end = System.currentTimeMillis() + 30_000;
    byte[] buf = new byte[65536];
    byte[] tail = new byte[0];
    while (System.currentTimeMillis() < end) {
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (n < 0) break;
      byte[] joined = new byte[Math.min(8192, tail.length + n)];
      int fromTail = joined.length - n < 0 ? 0 : joined.length - n;
      System.arraycopy(tail, tail.length - fromTail, joined, 0, fromTail);
      System.arraycopy(buf, Math.max(0, n - joined.length), joined, fromTail, Math.min(n, joined.length));
      tail = joined;
    }
    return new String(tail, StandardCharsets.UTF_8).trim();
  }
}
