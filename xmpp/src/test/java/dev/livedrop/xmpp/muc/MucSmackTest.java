package dev.livedrop.xmpp.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.support.TestXmpp;
import dev.livedrop.xmpp.xml.Element;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** XEP-0045 behaviours, driven by Smack's MultiUserChat against the running server over TCP. */
class MucSmackTest {
  @TempDir static Path data;
  static TestXmpp xmpp;
  static final AtomicInteger ROOMS = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(dev.livedrop.xmpp.XmppConfig.defaults(TestXmpp.DOMAIN, data)
        .withTcp("127.0.0.1", 0, dev.livedrop.xmpp.XmppConfig.TlsMode.REQUIRED).withUserRooms(true));
    for (String u : List.of("owner", "ann", "ben", "cat")) xmpp.server.accounts().create(u, "password " + u);
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  static org.jivesoftware.smack.tcp.XMPPTCPConnection user(String name) throws Exception {
    return xmpp.login(name, "password " + name, "SCRAM-SHA-1");
  }

  /** A room made by the application's API, unlocked, owned by owner@. */
  static EntityBareJid appRoom(RoomConfig config) throws Exception {
    String name = "room-" + ROOMS.incrementAndGet();
    xmpp.server.muc().createRoom(name, config, List.of("owner@" + TestXmpp.DOMAIN));
    return JidCreate.entityBareFrom(name + "@rooms." + TestXmpp.DOMAIN);
  }

  static MultiUserChat muc(XMPPConnection c, EntityBareJid room) {
    return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
  }

  static Resourcepart nick(String n) throws Exception {
    return Resourcepart.from(n);
  }

  static StanzaError.Condition joinError(XMPPConnection c, EntityBareJid room, String n, String password) {
    try {
      var m = muc(c, room);
      var b = m.getEnterConfigurationBuilder(nick(n));
      if (password != null) b.withPassword(password);
      m.join(b.build());
      return null;
    } catch (XMPPException.XMPPErrorException e) {
      return e.getStanzaError().getCondition();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void groupchatReachesEveryOccupantWithAStanzaId() throws Exception {
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    var ben = user("ben");
    var annMuc = muc(ann, room);
    BlockingQueue<Message> annGot = bodies(annMuc);
    annMuc.join(nick("Ann"));
    var benMuc = muc(ben, room);
    BlockingQueue<Message> benGot = bodies(benMuc);
    benMuc.join(nick("Ben"));
    annMuc.sendMessage("hello room");
    Message atBen = benGot.poll(10, TimeUnit.SECONDS);
    Message atAnn = annGot.poll(10, TimeUnit.SECONDS);
    assertThat(atBen.getBody()).isEqualTo("hello room");
    assertThat(atBen.getFrom().toString()).isEqualTo(room + "/Ann");
    assertThat(atAnn.getBody()).isEqualTo("hello room");
    var sid = org.jivesoftware.smackx.sid.element.StanzaIdElement.getStanzaId(atBen);
    assertThat(sid).isNotNull();
    assertThat(sid.getBy()).isEqualTo(room.toString());
    assertThat(sid.getId()).isNotBlank();
    assertThat(benMuc.getOccupants()).extracting(j -> j.getResourceOrThrow().toString()).containsExactlyInAnyOrder("Ann", "Ben");
    ann.disconnect();
    ben.disconnect();
  }

  @Test
  void discoToAnOccupantIsBadRequestForANonOccupantAndNotRelayedForAnOccupant() throws Exception {
    // XEP-0045 §6.7: a non-occupant gets bad-request; an occupant's query is not passed on.
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    muc(ann, room).join(nick("Ann"));
    var ben = user("ben");
    var disco = org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(ben);
    var occupant = JidCreate.entityFullFrom(room + "/Ann");
    assertThatThrownBy(() -> disco.discoverInfo(occupant)).isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
        e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.bad_request));
    var cat = user("cat");
    muc(cat, room).join(nick("Cat"));
    assertThatThrownBy(() -> org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(cat).discoverInfo(occupant))
        .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
            e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable));
    ann.disconnect();
    ben.disconnect();
    cat.disconnect();
  }

  @Test
  void takenNicknameIsConflict() throws Exception {
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    muc(ann, room).join(nick("Same"));
    assertThat(joinError(user("ben"), room, "Same", null)).isEqualTo(StanzaError.Condition.conflict);
    ann.disconnect();
  }

  @Test
  void aSecondSessionOfTheSameUserCannotTakeTheNicknameFromTheFirst() throws Exception {
    var room = appRoom(new RoomConfig());
    var first = user("ann");
    var firstMuc = muc(first, room);
    BlockingQueue<Message> firstGot = bodies(firstMuc);
    firstMuc.join(nick("Ann"));
    assertThat(joinError(user("ann"), room, "Ann", null)).isEqualTo(StanzaError.Condition.conflict);
    // The first session is still the occupant and still hears the room.
    var ben = user("ben");
    var benMuc = muc(ben, room);
    benMuc.join(nick("Ben"));
    benMuc.sendMessage("still there?");
    assertThat(firstGot.poll(10, TimeUnit.SECONDS)).extracting(Message::getBody).isEqualTo("still there?");
    first.disconnect();
    ben.disconnect();
  }

  @Test
  void passwordProtectedRoomNeedsThePassword() throws Exception {
    var config = new RoomConfig();
    config.password = "s3cret";
    var room = appRoom(config);
    assertThat(joinError(user("ann"), room, "Ann", null)).isEqualTo(StanzaError.Condition.not_authorized);
    assertThat(joinError(user("ann"), room, "Ann", "wrong")).isEqualTo(StanzaError.Condition.not_authorized);
    assertThat(joinError(user("ben"), room, "Ben", "s3cret")).isNull();
    var info = MultiUserChatManager.getInstanceFor(user("cat")).getRoomInfo(room);
    assertThat(info.isPasswordProtected()).isTrue();
  }

  @Test
  void anAdminsInvitationToAMembersOnlyRoomMakesAMemberAndCarriesThePassword() throws Exception {
    // §7.8.2: the room mediates; members-only adds the invitee as a member, a password room passes
    // its password on, and only admins invite to a members-only room.
    var config = new RoomConfig();
    config.membersOnly = true;
    config.password = "open sesame";
    var room = appRoom(config);
    var owner = user("owner");
    var ownerMuc = muc(owner, room);
    ownerMuc.join(ownerMuc.getEnterConfigurationBuilder(nick("Owner")).withPassword("open sesame").build());
    var ben = user("ben");
    var invited = new CompletableFuture<String>();
    MultiUserChatManager.getInstanceFor(ben).addInvitationListener(
        (conn, chat, inviter, reason, password, message, invitation) -> invited.complete(reason + "|" + password));
    assertThat(joinError(ben, room, "Ben", "open sesame")).isEqualTo(StanzaError.Condition.registration_required);
    ownerMuc.invite(JidCreate.entityBareFrom("ben@" + TestXmpp.DOMAIN), "come in");
    assertThat(invited.get(10, TimeUnit.SECONDS)).isEqualTo("come in|open sesame");
    assertThat(joinError(ben, room, "Ben", "open sesame")).isNull();

    // Ben is a member, not an admin: his invitation is refused and makes nobody a member.
    var benMuc = muc(ben, room);
    var refused = new CompletableFuture<StanzaError.Condition>();
    ben.addAsyncStanzaListener(st -> refused.complete(st.getError().getCondition()),
        st -> st instanceof Message m && m.getType() == Message.Type.error);
    benMuc.invite(JidCreate.entityBareFrom("cat@" + TestXmpp.DOMAIN), "me too");
    assertThat(refused.get(10, TimeUnit.SECONDS)).isEqualTo(StanzaError.Condition.forbidden);
    assertThat(joinError(user("cat"), room, "Cat", "open sesame")).isEqualTo(StanzaError.Condition.registration_required);
    owner.disconnect();
    ben.disconnect();
  }

  @Test
  void membersOnlyRoomRefusesNonMembers() throws Exception {
    var config = new RoomConfig();
    config.membersOnly = true;
    var room = appRoom(config);
    assertThat(joinError(user("ann"), room, "Ann", null)).isEqualTo(StanzaError.Condition.registration_required);
    var owner = user("owner");
    var ownerMuc = muc(owner, room);
    ownerMuc.join(nick("Owner"));
    ownerMuc.grantMembership(JidCreate.bareFrom("ann@" + TestXmpp.DOMAIN));
    assertThat(joinError(user("ann"), room, "Ann", null)).isNull();
  }

  @Test
  void bannedUserIsRemovedWith301AndCannotReturn() throws Exception {
    var room = appRoom(new RoomConfig());
    var owner = user("owner");
    var ownerMuc = muc(owner, room);
    ownerMuc.join(nick("Owner"));
    var ben = user("ben");
    var benMuc = muc(ben, room);
    var banned = new CompletableFuture<String>();
    benMuc.addUserStatusListener(new UserStatusListener() {
      @Override
      public void banned(org.jxmpp.jid.Jid actor, String reason) {
        banned.complete(reason);
      }
    });
    benMuc.join(nick("Ben"));
    ownerMuc.banUser(JidCreate.bareFrom("ben@" + TestXmpp.DOMAIN), "spam");
    assertThat(banned.get(10, TimeUnit.SECONDS)).isEqualTo("spam");
    assertThat(joinError(user("ben"), room, "Ben2", null)).isEqualTo(StanzaError.Condition.forbidden);
  }

  @Test
  void kickedOccupantGets307() throws Exception {
    var room = appRoom(new RoomConfig());
    var owner = user("owner");
    var ownerMuc = muc(owner, room);
    ownerMuc.join(nick("Owner"));
    var cat = user("cat");
    var catMuc = muc(cat, room);
    var kicked = new CompletableFuture<String>();
    catMuc.addUserStatusListener(new UserStatusListener() {
      @Override
      public void kicked(org.jxmpp.jid.Jid actor, String reason) {
        kicked.complete(reason);
      }
    });
    catMuc.join(nick("Cat"));
    ownerMuc.kickParticipant(nick("Cat"), "bye");
    assertThat(kicked.get(10, TimeUnit.SECONDS)).isEqualTo("bye");
    assertThat(ownerMuc.getOccupants()).extracting(j -> j.getResourceOrThrow().toString()).containsExactly("Owner");
  }

  @Test
  void participantsMayNotKick() throws Exception {
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    var annMuc = muc(ann, room);
    annMuc.join(nick("Ann"));
    muc(user("ben"), room).join(nick("Ben"));
    assertThatThrownBy(() -> annMuc.kickParticipant(nick("Ben"), "no"))
        .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
  }

  @Test
  void fullRoomIsServiceUnavailable() throws Exception {
    var config = new RoomConfig();
    config.maxUsers = 1;
    var room = appRoom(config);
    muc(user("ann"), room).join(nick("Ann"));
    assertThat(joinError(user("ben"), room, "Ben", null)).isEqualTo(StanzaError.Condition.service_unavailable);
  }

  @Test
  void userCreatedRoomIsLockedUntilConfigured() throws Exception {
    var ann = user("ann");
    var room = JidCreate.entityBareFrom("made-by-ann@rooms." + TestXmpp.DOMAIN);
    var handle = muc(ann, room).create(nick("Ann")); // Smack checks for status 201
    assertThat(joinError(user("ben"), room, "Ben", null)).isEqualTo(StanzaError.Condition.item_not_found);
    handle.makeInstant();
    assertThat(joinError(user("ben"), room, "Ben", null)).isNull();
  }

  @Test
  void ownerConfigFormChangesTheRoom() throws Exception {
    var room = appRoom(new RoomConfig());
    var owner = user("owner");
    var m = muc(owner, room);
    m.join(nick("Owner"));
    var form = m.getConfigurationForm();
    assertThat(form.getDataForm().getField("muc#roomconfig_roomname")).isNotNull();
    assertThat(form.getDataForm().getField("muc#roomconfig_presencebroadcast")).isNotNull();
    var answer = form.getFillableForm();
    answer.setAnswer("muc#roomconfig_roomname", "Renamed");
    answer.setAnswer("muc#roomconfig_membersonly", true);
    m.sendConfigurationForm(answer);
    var info = MultiUserChatManager.getInstanceFor(owner).getRoomInfo(room);
    assertThat(info.getName()).isEqualTo("Renamed");
    assertThat(info.isMembersOnly()).isTrue();
    assertThatThrownBy(() -> muc(user("ann"), room).getConfigurationForm())
        .isInstanceOf(XMPPException.XMPPErrorException.class);
  }

  /** Every message with a body that reaches {@code muc}, in order of arrival. */
  private static BlockingQueue<Message> bodies(MultiUserChat muc) {
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    muc.addMessageListener(m -> { if (m.getBody() != null) got.add(m); });
    return got;
  }

  @Test
  void historyIsSentOnJoinHonouringMaxStanzas() throws Exception {
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    var annMuc = muc(ann, room);
    annMuc.join(nick("Ann"));
    for (int i = 1; i <= 5; i++) annMuc.sendMessage("m" + i);
    Thread.sleep(300);
    var ben = user("ben");
    var benMuc = muc(ben, room);
    BlockingQueue<Message> got = bodies(benMuc);
    benMuc.join(benMuc.getEnterConfigurationBuilder(nick("Ben")).requestMaxStanzasHistory(2).build());
    assertThat(got.poll(5, TimeUnit.SECONDS).getBody()).isEqualTo("m4");
    Message last = got.poll(5, TimeUnit.SECONDS);
    assertThat(last.getBody()).isEqualTo("m5");
    assertThat(last.getExtension(org.jivesoftware.smackx.delay.packet.DelayInformation.class)).isNotNull();
    assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void historyKeepsTheMessagesExactlyAndHonoursSinceAndMaxChars() throws Exception {
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    var annMuc = muc(ann, room);
    annMuc.join(nick("Ann"));
    annMuc.sendMessage("first ünïcødé ✓");
    Thread.sleep(300);
    var between = new java.util.Date();
    Thread.sleep(300);
    annMuc.sendMessage("second <b> & 'quotes'");
    Thread.sleep(300);

    var ben = user("ben");
    var benMuc = muc(ben, room);
    BlockingQueue<Message> benGot = bodies(benMuc);
    benMuc.join(benMuc.getEnterConfigurationBuilder(nick("Ben")).requestMaxCharsHistory(100_000).build());
    Message first = benGot.poll(5, TimeUnit.SECONDS);
    assertThat(first.getBody()).isEqualTo("first ünïcødé ✓");
    assertThat(first.getFrom().getResourceOrNull().toString()).isEqualTo("Ann");
    assertThat(first.getExtension(org.jivesoftware.smackx.delay.packet.DelayInformation.class).getStamp()).isBefore(between);
    assertThat(benGot.poll(5, TimeUnit.SECONDS).getBody()).isEqualTo("second <b> & 'quotes'");

    var cat = user("cat");
    var catMuc = muc(cat, room);
    BlockingQueue<Message> catGot = bodies(catMuc);
    catMuc.join(catMuc.getEnterConfigurationBuilder(nick("Cat")).requestHistorySince(between).build());
    assertThat(catGot.poll(5, TimeUnit.SECONDS).getBody()).isEqualTo("second <b> & 'quotes'");
    assertThat(catGot.poll(300, TimeUnit.MILLISECONDS)).isNull();

    var owner = user("owner");
    var ownerMuc = muc(owner, room);
    BlockingQueue<Message> ownerGot = bodies(ownerMuc);
    // Too few characters for even the newest message: nothing.
    ownerMuc.join(ownerMuc.getEnterConfigurationBuilder(nick("Owner")).requestMaxCharsHistory(20).build());
    assertThat(ownerGot.poll(500, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void subjectIsSetByModeratorsAndSentToNewcomers() throws Exception {
    var room = appRoom(new RoomConfig());
    var owner = user("owner");
    var m = muc(owner, room);
    m.join(nick("Owner"));
    m.changeSubject("Today's files");
    Thread.sleep(200);
    var ann = user("ann");
    var annMuc = muc(ann, room);
    annMuc.join(nick("Ann"));
    // §7.2.15: the subject follows the self-presence, so it may land just after join() returns.
    for (int i = 0; i < 50 && annMuc.getSubject() == null; i++) Thread.sleep(100);
    assertThat(annMuc.getSubject()).isEqualTo("Today's files");
    assertThatThrownBy(() -> annMuc.changeSubject("mine")).isInstanceOf(XMPPException.XMPPErrorException.class);
  }

  @Test
  void nicknameChangeIsAnnouncedWith303() throws Exception {
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    var annMuc = muc(ann, room);
    annMuc.join(nick("Ann"));
    var ben = user("ben");
    var benMuc = muc(ben, room);
    var changed = new CompletableFuture<String>();
    benMuc.addParticipantStatusListener(new org.jivesoftware.smackx.muc.ParticipantStatusListener() {
      @Override
      public void nicknameChanged(org.jxmpp.jid.EntityFullJid participant, Resourcepart newNickname) {
        changed.complete(participant.getResourceOrThrow() + "->" + newNickname);
      }
    });
    benMuc.join(nick("Ben"));
    annMuc.changeNickname(nick("Annie"));
    assertThat(changed.get(10, TimeUnit.SECONDS)).isEqualTo("Ann->Annie");
    assertThat(annMuc.getNickname().toString()).isEqualTo("Annie");
  }

  @Test
  void privateMessagesGoBetweenOccupantsWhenAllowed() throws Exception {
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    muc(ann, room).join(nick("Ann"));
    var ben = user("ben");
    muc(ben, room).join(nick("Ben"));
    var got = new CompletableFuture<Message>();
    ben.addAsyncStanzaListener(s -> got.complete((Message) s), s -> s instanceof Message m && "psst".equals(m.getBody()));
    ann.sendStanza(ann.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom(room + "/Ben"))
        .ofType(Message.Type.chat).setBody("psst").build());
    Message m = got.get(10, TimeUnit.SECONDS);
    assertThat(m.getFrom().toString()).isEqualTo(room + "/Ann");
    assertThat(m.getExtension(MUCUser.class)).isNotNull();
  }

  @Test
  void destroyingTheRoomTellsOccupantsTheAlternateVenue() throws Exception {
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    var annMuc = muc(ann, room);
    var destroyed = new CompletableFuture<String>();
    annMuc.addUserStatusListener(new UserStatusListener() {
      @Override
      public void roomDestroyed(MultiUserChat alternate, String password, String reason) {
        destroyed.complete(reason + "|" + (alternate == null ? null : alternate.getRoom()));
      }
    });
    annMuc.join(nick("Ann"));
    assertThat(xmpp.server.muc().destroyRoom(room.getLocalpart().toString(), "drop deleted",
        "elsewhere@rooms." + TestXmpp.DOMAIN)).isTrue();
    assertThat(destroyed.get(10, TimeUnit.SECONDS)).isEqualTo("drop deleted|elsewhere@rooms." + TestXmpp.DOMAIN);
    assertThat(xmpp.server.muc().room(room.getLocalpart().toString())).isEmpty();
  }

  @Test
  void roomDiscoShowsItsFeatures() throws Exception {
    var config = new RoomConfig();
    config.moderated = true;
    config.name = "Moderated room";
    var room = appRoom(config);
    var info = MultiUserChatManager.getInstanceFor(user("ann")).getRoomInfo(room);
    assertThat(info.isModerated()).isTrue();
    assertThat(info.isMembersOnly()).isFalse();
    assertThat(info.getName()).isEqualTo("Moderated room");
  }

  @Test
  void visitorsHaveNoVoiceInModeratedRooms() throws Exception {
    var config = new RoomConfig();
    config.moderated = true;
    var room = appRoom(config);
    var ann = user("ann");
    var annMuc = muc(ann, room);
    annMuc.join(nick("Ann"));
    var error = new CompletableFuture<org.jivesoftware.smack.packet.StanzaError>();
    ann.addAsyncStanzaListener(s -> error.complete(s.getError()), s -> s instanceof Message m && m.getError() != null);
    annMuc.sendMessage("may I speak?");
    assertThat(error.get(10, TimeUnit.SECONDS).getCondition()).isEqualTo(StanzaError.Condition.forbidden);
  }

  @Test
  void applicationPostsToTheRoomAsAFixedNickname() throws Exception {
    var room = appRoom(new RoomConfig());
    var ann = user("ann");
    var annMuc = muc(ann, room);
    BlockingQueue<Message> got = bodies(annMuc);
    annMuc.join(nick("Ann"));
    Element msg = new Element("message", Namespaces.CLIENT);
    msg.addChild("body").text("maria added report.pdf");
    xmpp.server.muc().post(room.getLocalpart().toString(), "livedrop", msg);
    Message m = got.poll(10, TimeUnit.SECONDS);
    assertThat(m.getBody()).isEqualTo("maria added report.pdf");
    assertThat(m.getFrom().toString()).isEqualTo(room + "/livedrop");
  }
}
