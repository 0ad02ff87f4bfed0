package dev.livedrop.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.json.Json;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A drop's viewer as any XMPP client would be one: asks the REST API for a session, logs in over
 * TCP (STARTTLS) with Smack, joins the drop's room and records what arrives there.
 */
public final class LiveViewer implements AutoCloseable {
  private static final String EVENT_NS = "urn:livedrop:event:1";
  public final JsonNode session;
  public final XMPPTCPConnection connection;
  public final MultiUserChat room;
  public final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  public final BlockingQueue<Presence> presences = new LinkedBlockingQueue<>();
  /** The client's rule (docs/events.md): events up to the state it loaded are already applied. */
  public long known;

  /** An event as a client reads it off a groupchat message. */
  public record Event(String type, long seq, String at, JsonNode object, String body, String originId, String from) {}

  private LiveViewer(JsonNode session, XMPPTCPConnection connection, MultiUserChat room) {
    this.session = session;
    this.connection = connection;
    this.room = room;
  }

  /** Logs in with the session's credentials and joins its room with the session's room password. */
  public static LiveViewer join(JsonNode session) throws Exception {
    return join(session, session.get("roomPassword").asText());
  }

  public static LiveViewer join(JsonNode session, String roomPassword) throws Exception {
    var conn = connect(session, session.get("password").asText());
    var muc = MultiUserChatManager.getInstanceFor(conn).getMultiUserChat(JidCreate.entityBareFrom(session.get("room").asText()));
    var viewer = new LiveViewer(session, conn, muc);
    viewer.known = session.get("seq").asLong();
    muc.addMessageListener(viewer.messages::add);
    muc.addParticipantListener(viewer.presences::add);
    try {
      muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(session.get("nick").asText()))
          .withPassword(roomPassword).requestMaxStanzasHistory(50).build());
    } catch (Exception e) {
      conn.disconnect();
      throw e;
    }
    return viewer;
  }

  /** Logs in over TCP with STARTTLS; the server's certificate is self-signed here. */
  public static XMPPTCPConnection connect(JsonNode session, String password) throws Exception {
    var conn = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(session.get("domain").asText())
        .setHost(session.get("tcpHost").asText())
        .setPort(session.get("tcpPort").asInt())
        .setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(TRUST_ALL)
        .setHostnameVerifier((h, s) -> true)
        .setUsernameAndPassword(session.get("username").asText(), password)
        // A ticket is checked as it is presented, so PLAIN (inside TLS): SCRAM would need it stored.
        .addEnabledSaslMechanism("PLAIN")
        .setConnectTimeout(10_000)
        .build());
    conn.setReplyTimeout(10_000);
    conn.connect().login();
    return conn;
  }

  /**
   * The next event newer than {@link #known} (skipping chat and events the state already held, as
   * room history repeats them), or an AssertionError after the timeout.
   */
  public Event nextEvent(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Message m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
      if (m == null) throw new AssertionError("no event within " + timeout);
      Event e = eventOf(m);
      if (e != null && e.seq() > known) {
        known = e.seq();
        return e;
      }
    }
  }

  /** Every event that arrives within the window. */
  public List<Event> eventsWithin(Duration window) throws Exception {
    var out = new ArrayList<Event>();
    long deadline = System.nanoTime() + window.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return out;
      Message m = messages.poll(left, TimeUnit.NANOSECONDS);
      if (m == null) return out;
      Event e = eventOf(m);
      if (e != null) out.add(e);
    }
  }

  /** The bodies of every message (chat and events) that arrives within the window. */
  public List<String> bodiesWithin(Duration window) throws Exception {
    var out = new ArrayList<String>();
    long deadline = System.nanoTime() + window.toNanos();
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      Message m = messages.poll(left, TimeUnit.NANOSECONDS);
      if (m == null) break;
      if (m.getBody() != null) out.add(m.getBody());
    }
    return out;
  }

  public static Event eventOf(Message m) throws Exception {
    var ext = m.getExtensionElement("event", EVENT_NS);
    if (ext == null) return null;
    var ev = (StandardExtensionElement) ext;
    var origin = org.jivesoftware.smackx.sid.element.OriginIdElement.getOriginId(m);
    return new Event(ev.getAttributeValue("type"), Long.parseLong(ev.getAttributeValue("seq")), ev.getAttributeValue("at"),
        Json.mapper().readTree(ev.getText()), m.getBody(), origin == null ? null : origin.getId(),
        m.getFrom().toString());
  }

  @Override
  public void close() {
    connection.disconnect();
  }

  /** The test server's certificate is self-signed. */
  public static X509TrustManager trustAll() {
    return TRUST_ALL;
  }

  private static final X509TrustManager TRUST_ALL = new X509TrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };
}
