package dev.livedrop.xmpp.muc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.support.TestXmpp;
import dev.livedrop.xmpp.xml.Element;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A session that ends without leaving (connection lost) leaves every room it was in, as if it had
 * sent unavailable presence (§7.14), and only those: the service finds them through its index of
 * who is where, which must forget an occupant however it left.
 */
class MucSessionEndTest {
  static final String SERVICE = "rooms." + TestXmpp.DOMAIN;
  @TempDir static Path data;
  static TestXmpp xmpp;

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(XmppConfig.defaults(TestXmpp.DOMAIN, data)
        .withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED));
    for (String u : List.of("ann", "ben", "cat")) xmpp.server.accounts().create(u, "password " + u);
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  static XMPPTCPConnection user(String name) throws Exception {
    return xmpp.login(name, "password " + name, "SCRAM-SHA-1");
  }

  static EntityBareJid room(String name) throws Exception {
    xmpp.server.muc().createRoom(name, new RoomConfig(), List.of());
    return JidCreate.entityBareFrom(name + "@" + SERVICE);
  }

  static void join(XMPPTCPConnection c, EntityBareJid room, String nick) throws Exception {
    MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room).join(Resourcepart.from(nick));
  }

  /** Unavailable presences from any room of the service, as they reach {@code c}. */
  static BlockingQueue<String> departuresSeenBy(XMPPTCPConnection c) {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    c.addAsyncStanzaListener(s -> seen.add(s.getFrom().toString()), s -> s instanceof Presence p
        && p.getType() == Presence.Type.unavailable && p.getFrom() != null
        && p.getFrom().getDomain().toString().equals(SERVICE));
    return seen;
  }

  @Test
  void aLostSessionLeavesEachOfItsRoomsAndNoOther() throws Exception {
    var first = room("lost-first");
    var second = room("lost-second");
    var third = room("lost-third");
    var ann = user("ann");
    join(ann, first, "Ann");
    join(ann, second, "Ann");
    var ben = user("ben");
    join(ben, first, "Ben");
    join(ben, second, "Ben");
    join(ben, third, "Ben");
    var cat = user("cat");
    join(cat, third, "Cat");
    var atBen = departuresSeenBy(ben);
    var atCat = departuresSeenBy(cat);

    ann.instantShutdown(); // no unavailable presence, no </stream>: the server sees the connection drop

    String one = atBen.poll(10, TimeUnit.SECONDS);
    String two = atBen.poll(10, TimeUnit.SECONDS);
    assertThat(List.of(String.valueOf(one), String.valueOf(two)))
        .containsExactlyInAnyOrder(first + "/Ann", second + "/Ann");
    assertThat(atBen.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(atCat).isEmpty();
    var muc = xmpp.server.muc();
    assertThat(muc.room("lost-first").orElseThrow().nicknames()).containsExactly("Ben");
    assertThat(muc.room("lost-second").orElseThrow().nicknames()).containsExactly("Ben");
    assertThat(muc.room("lost-third").orElseThrow().nicknames()).containsExactly("Ben", "Cat");
    ben.disconnect();
    cat.disconnect();
  }

  // --- the index, without a server --------------------------------------------------------

  static final String ANN = "ann@example.test/phone";
  static final String OWNER = "owner@example.test/desk";

  static MucService service() {
    return new MucService("rooms.example.test", new Router("example.test"), false, 100);
  }

  static Room appRoom(MucService muc, String name) {
    return muc.createRoom(name, new RoomConfig(), List.of("owner@example.test"));
  }

  static Element presence(String from, Room room, String nick) {
    return new Element("presence", Namespaces.CLIENT).attr("from", from).attr("to", room.jid() + "/" + nick);
  }

  @Test
  void theIndexListsTheRoomsAnOccupantIsIn() {
    var muc = service();
    var a = appRoom(muc, "a");
    var b = appRoom(muc, "b");
    appRoom(muc, "c");
    a.receive(presence(ANN, a, "Ann"));
    b.receive(presence(ANN, b, "Ann"));
    assertThat(muc.roomsOf(ANN)).containsExactlyInAnyOrder(a, b);
    assertThat(muc.roomsOf("ann@example.test/laptop")).isEmpty();
  }

  @Test
  void leavingKeepsNoEntryInTheIndex() {
    var muc = service();
    var a = appRoom(muc, "a");
    var b = appRoom(muc, "b");
    a.receive(presence(ANN, a, "Ann"));
    b.receive(presence(ANN, b, "Ann"));
    a.receive(presence(ANN, a, "Ann").attr("type", "unavailable"));
    assertThat(muc.roomsOf(ANN)).containsExactly(b);
    b.receive(presence(ANN, b, "Ann").attr("type", "unavailable"));
    assertThat(muc.roomsOf(ANN)).isEmpty();
    assertThat(muc.indexedOccupants()).isZero();
  }

  @Test
  void aKickABanADestructionAndASessionEndKeepNoEntryInTheIndex() {
    var muc = service();
    var kicked = appRoom(muc, "kicked");
    kicked.receive(presence(ANN, kicked, "Ann"));
    kicked.kick(o -> o.realJid().equals(ANN), "bye");
    assertThat(muc.indexedOccupants()).isZero();

    var banned = appRoom(muc, "banned");
    banned.receive(presence(OWNER, banned, "Owner"));
    banned.receive(presence(ANN, banned, "Ann"));
    Element ban = new Element("iq", Namespaces.CLIENT).attr("type", "set").attr("id", "ban")
        .attr("from", OWNER).attr("to", banned.jid());
    ban.addChild("query", Namespaces.MUC_ADMIN).addChild("item").attr("affiliation", "outcast")
        .attr("jid", "ann@example.test");
    banned.receive(ban);
    assertThat(banned.nicknames()).containsExactly("Owner");
    assertThat(muc.roomsOf(ANN)).isEmpty();
    banned.receive(presence(OWNER, banned, "Owner").attr("type", "unavailable"));
    assertThat(muc.indexedOccupants()).isZero();

    var destroyed = appRoom(muc, "destroyed");
    destroyed.receive(presence(ANN, destroyed, "Ann"));
    destroyed.receive(presence(OWNER, destroyed, "Owner"));
    muc.destroyRoom("destroyed", "gone", null);
    assertThat(muc.indexedOccupants()).isZero();

    var left = appRoom(muc, "left");
    left.receive(presence(ANN, left, "Ann"));
    muc.sessionEnded(ANN);
    assertThat(left.occupantCount()).isZero();
    assertThat(muc.indexedOccupants()).isZero();
  }
}
