package dev.livedrop.xmpp.muc.mam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.muc.RoomConfig;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.support.TestXmpp;
import dev.livedrop.xmpp.xml.Element;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * XEP-0313 on a room, against the server's in-memory archive, driven by Smack's MamManager over
 * TCP: ids are the stanza-ids seen live, RSM paging forwards and backwards, the form's start, who
 * may read, and the join history (XEP-0045 §7.2.15) of a room that opens with an archive.
 */
class RoomMamTest {
  @TempDir static Path data;
  static TestXmpp xmpp;
  static final AtomicInteger ROOMS = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(XmppConfig.defaults(TestXmpp.DOMAIN, data).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED));
    for (String u : List.of("ann", "ben")) xmpp.server.accounts().create(u, "password " + u);
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  static XMPPTCPConnection user(String name) throws Exception {
    return xmpp.login(name, "password " + name, "SCRAM-SHA-1");
  }

  static String newRoom() {
    String name = "mam-" + ROOMS.incrementAndGet();
    xmpp.server.muc().createRoom(name, new RoomConfig(), List.of());
    return name;
  }

  static EntityBareJid jid(String room) throws Exception {
    return JidCreate.entityBareFrom(room + "@rooms." + TestXmpp.DOMAIN);
  }

  /** Ann in the room, having said "m1".."mN"; returns the stanza-ids she saw on her messages, in order. */
  static List<String> talk(MultiUserChat muc, BlockingQueue<Message> seen, int from, int to) throws Exception {
    var ids = new ArrayList<String>();
    for (int i = from; i <= to; i++) {
      muc.sendMessage("m" + i);
      Message echo = seen.poll(10, TimeUnit.SECONDS);
      assertThat(echo).isNotNull();
      assertThat(echo.getBody()).isEqualTo("m" + i);
      ids.add(StanzaIdElement.getStanzaId(echo).getId());
    }
    return ids;
  }

  /** Smack learns the MAM version from the room's disco#info before its first query. */
  static MamManager mam(MultiUserChat muc) throws Exception {
    var mam = MamManager.getInstanceFor(muc);
    assertThat(mam.isSupported()).isTrue();
    return mam;
  }

  static List<String> bodies(List<Message> messages) {
    return messages.stream().map(Message::getBody).toList();
  }

  static List<String> range(int from, int to) {
    var out = new ArrayList<String>();
    for (int i = from; i <= to; i++) out.add("m" + i);
    return out;
  }

  record Talk(XMPPTCPConnection conn, MultiUserChat muc, BlockingQueue<Message> seen) implements AutoCloseable {
    @Override
    public void close() {
      conn.disconnect();
    }
  }

  static Talk enter(String user, String room) throws Exception {
    var conn = user(user);
    var muc = MultiUserChatManager.getInstanceFor(conn).getMultiUserChat(jid(room));
    var seen = new LinkedBlockingQueue<Message>();
    muc.addMessageListener(m -> {
      if (m.getBody() != null) seen.add(m); // not the subject
    });
    muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(user)).requestNoHistory().build());
    return new Talk(conn, muc, seen);
  }

  @Test
  void theRoomAdvertisesMamInItsDiscoInfo() throws Exception {
    try (var ann = enter("ann", newRoom())) {
      assertThat(MamManager.getInstanceFor(ann.muc()).isSupported()).isTrue();
    }
  }

  @Test
  void pagesForwardFromTheOldestWithTheStanzaIdsSeenLive() throws Exception {
    try (var ann = enter("ann", newRoom())) {
      List<String> ids = talk(ann.muc(), ann.seen(), 1, 25);
      var mam = mam(ann.muc());
      var query = mam.queryArchive(MamQueryArgs.builder().setResultPageSize(10).build());
      assertThat(bodies(query.getMessages())).isEqualTo(range(1, 10));
      assertThat(query.isComplete()).isFalse();
      assertThat(query.getMamResultExtensions()).extracting(r -> r.getId()).isEqualTo(ids.subList(0, 10));
      var set = query.getPage().getMamFinIq().getRSMSet();
      assertThat(set.getFirst()).isEqualTo(ids.get(0));
      assertThat(set.getLast()).isEqualTo(ids.get(9));
      assertThat(set.getCount()).isEqualTo(25);
      // Every result carries its XEP-0203 delay and the message as the room sent it.
      var forwarded = query.getPage().getForwarded().get(0);
      assertThat(forwarded.getDelayInformation()).isNotNull();
      assertThat(forwarded.getForwardedStanza().getFrom().toString()).isEqualTo(ann.muc().getRoom() + "/ann");

      assertThat(bodies(query.pageNext(10))).isEqualTo(range(11, 20));
      assertThat(query.isComplete()).isFalse();
      assertThat(bodies(query.pageNext(10))).isEqualTo(range(21, 25));
      assertThat(query.isComplete()).isTrue();
    }
  }

  @Test
  void afterTheLastIdAClientSawItGetsWhatCameSince() throws Exception {
    try (var ann = enter("ann", newRoom())) {
      List<String> ids = talk(ann.muc(), ann.seen(), 1, 8);
      var query = mam(ann.muc()).queryArchive(MamQueryArgs.builder().afterUid(ids.get(4)).build());
      assertThat(bodies(query.getMessages())).isEqualTo(range(6, 8));
      assertThat(query.isComplete()).isTrue();
      var none = mam(ann.muc()).queryArchive(MamQueryArgs.builder().afterUid(ids.get(7)).build());
      assertThat(none.getMessages()).isEmpty();
      assertThat(none.isComplete()).isTrue();
    }
  }

  @Test
  void beforeAndTheLastPagePageBackwardsOldestFirst() throws Exception {
    try (var ann = enter("ann", newRoom())) {
      List<String> ids = talk(ann.muc(), ann.seen(), 1, 12);
      var mam = mam(ann.muc());
      var last = mam.queryArchive(MamQueryArgs.builder().setResultPageSize(5).queryLastPage().build());
      assertThat(bodies(last.getMessages())).isEqualTo(range(8, 12));
      assertThat(last.isComplete()).isFalse();
      var before = mam.queryArchive(MamQueryArgs.builder().setResultPageSize(3).beforeUid(ids.get(5)).build());
      assertThat(bodies(before.getMessages())).isEqualTo(range(3, 5));
      assertThat(before.isComplete()).isFalse();
      var first = mam.queryArchive(MamQueryArgs.builder().setResultPageSize(3).beforeUid(ids.get(2)).build());
      assertThat(bodies(first.getMessages())).isEqualTo(range(1, 2));
      assertThat(first.isComplete()).isTrue();
    }
  }

  @Test
  void startSelectsWhatWasSentFromThatTime() throws Exception {
    try (var ann = enter("ann", newRoom())) {
      talk(ann.muc(), ann.seen(), 1, 3);
      long mark = System.currentTimeMillis() + 2;
      while (System.currentTimeMillis() < mark) Thread.onSpinWait(); // the archive keeps milliseconds
      talk(ann.muc(), ann.seen(), 4, 6);
      var query = mam(ann.muc()).queryArchive(MamQueryArgs.builder().limitResultsSince(new Date(mark)).build());
      assertThat(bodies(query.getMessages())).isEqualTo(range(4, 6));
      assertThat(query.getPage().getMamFinIq().getRSMSet().getCount()).isEqualTo(3);
      var until = mam(ann.muc()).queryArchive(MamQueryArgs.builder().limitResultsBefore(new Date(mark - 1)).build());
      assertThat(bodies(until.getMessages())).isEqualTo(range(1, 3));
    }
  }

  @Test
  void anUnknownIdIsItemNotFound() throws Exception {
    try (var ann = enter("ann", newRoom())) {
      talk(ann.muc(), ann.seen(), 1, 2);
      var mam = mam(ann.muc());
      assertThatThrownBy(() -> mam.queryArchive(MamQueryArgs.builder().afterUid(UUID.randomUUID().toString()).build()))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
              e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    }
  }

  @Test
  void onlyOccupantsReadTheArchive() throws Exception {
    String room = newRoom();
    try (var ann = enter("ann", room); var ben = new Talk(user("ben"), null, null)) {
      talk(ann.muc(), ann.seen(), 1, 2);
      var outsider = MamManager.getInstanceFor(ben.conn(), jid(room));
      assertThat(outsider.isSupported()).isTrue(); // disco#info is anyone's; the archive is not
      assertThatThrownBy(() -> outsider.queryArchive(MamQueryArgs.builder().build()))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
              e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
    }
  }

  @Test
  void aDestroyedRoomsArchiveGoesWithItAndANewRoomOfThatNameStartsEmpty() throws Exception {
    String room = newRoom();
    try (var ann = enter("ann", room)) {
      talk(ann.muc(), ann.seen(), 1, 3);
    }
    xmpp.server.muc().destroyRoom(room, "gone", null);
    assertThat(xmpp.server.muc().archive().newest(jid(room).toString(), 10)).isEmpty();
    xmpp.server.muc().createRoom(room, new RoomConfig(), List.of());
    try (var ann = enter("ann", room)) {
      var query = mam(ann.muc()).queryArchive(MamQueryArgs.builder().build());
      assertThat(query.getMessages()).isEmpty();
      assertThat(query.isComplete()).isTrue();
    }
  }

  /** Messages a room's archive already holds when the room opens, as after a restart. */
  static void archived(String room, int from, int to) throws Exception {
    for (int i = from; i <= to; i++) {
      Element m = new Element("message", Namespaces.CLIENT).attr("type", "groupchat").attr("from", jid(room) + "/old");
      m.addChild("body").text("m" + i);
      String id = UUID.randomUUID().toString();
      m.addChild("stanza-id", Namespaces.STANZA_ID).attr("id", id).attr("by", jid(room).toString());
      xmpp.server.muc().archive().append(jid(room).toString(), id, System.currentTimeMillis(), "old", new Outbound(m));
    }
  }

  @Test
  void aRoomThatOpensWithAnArchiveOffersItsNewestAsJoinHistory() throws Exception {
    String room = "mam-" + ROOMS.incrementAndGet();
    archived(room, 1, 30);
    var config = new RoomConfig();
    config.historyLength = 10;
    xmpp.server.muc().createRoom(room, config, List.of());
    try (var ben = new Talk(user("ben"), null, null)) {
      var conn = ben.conn();
      var muc = MultiUserChatManager.getInstanceFor(conn).getMultiUserChat(jid(room));
      var seen = new LinkedBlockingQueue<Message>();
      muc.addMessageListener(m -> {
        if (m.getBody() != null) seen.add(m); // not the subject
      });
      muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from("ben")).requestMaxStanzasHistory(4).build());
      var got = new ArrayList<Message>();
      for (int i = 0; i < 4; i++) got.add(seen.poll(10, TimeUnit.SECONDS));
      assertThat(bodies(got)).isEqualTo(range(27, 30));
      // And MAM reaches further back than the join history.
      var query = mam(muc).queryArchive(MamQueryArgs.builder().setResultPageSize(50).build());
      assertThat(bodies(query.getMessages())).isEqualTo(range(1, 30));
    }
  }

  @Test
  void joinHistorySinceGivesWhatCameAfterThatTime() throws Exception {
    String room = "mam-" + ROOMS.incrementAndGet();
    archived(room, 1, 3);
    long mark = System.currentTimeMillis() + 2;
    while (System.currentTimeMillis() < mark) Thread.onSpinWait();
    archived(room, 4, 5);
    var config = new RoomConfig();
    config.historyLength = 10;
    xmpp.server.muc().createRoom(room, config, List.of());
    try (var ben = new Talk(user("ben"), null, null)) {
      var conn = ben.conn();
      var muc = MultiUserChatManager.getInstanceFor(conn).getMultiUserChat(jid(room));
      var seen = new LinkedBlockingQueue<Message>();
      muc.addMessageListener(m -> {
        if (m.getBody() != null) seen.add(m); // not the subject
      });
      // Just before the mark: the stamps are whole milliseconds, 'since' is exclusive.
      muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from("ben")).requestHistorySince(new Date(mark - 1)).build());
      var got = new ArrayList<Message>();
      for (int i = 0; i < 2; i++) got.add(seen.poll(10, TimeUnit.SECONDS));
      assertThat(bodies(got)).isEqualTo(range(4, 5));
      assertThat(seen.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }
}
