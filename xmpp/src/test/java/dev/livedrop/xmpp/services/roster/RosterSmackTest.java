package dev.livedrop.xmpp.services.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.muc.RoomConfig;
import dev.livedrop.xmpp.sasl.Identity;
import dev.livedrop.xmpp.support.TestXmpp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.SubscribeListener.SubscribeAnswer;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 6121 rosters, subscriptions and presence between accounts, with Smack's Roster over TCP. */
class RosterSmackTest {
  static final int MAX_ITEMS = 5;
  @TempDir static Path data;
  static TestXmpp xmpp;
  final List<XMPPTCPConnection> open = new ArrayList<>();

  static {
    Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
  }

  @BeforeAll
  static void start() throws Exception {
    xmpp = TestXmpp.start(XmppConfig.defaults(TestXmpp.DOMAIN, data)
        .withTcp("127.0.0.1", 0, XmppConfig.TlsMode.REQUIRED).withMaxRosterItems(MAX_ITEMS));
    Runtime.getRuntime().addShutdownHook(new Thread(xmpp::close));
    xmpp.server.addAuthenticator((user, password) ->
        user.equals("viewer-9") && password.equals("token") ? Optional.of(new Identity("viewer-9", false)) : Optional.empty());
  }

  @AfterAll
  static void stop() {
    xmpp.close();
  }

  @AfterEach
  void disconnect() {
    open.forEach(XMPPTCPConnection::disconnect);
  }

  static BareJid jid(String localpart) throws Exception {
    return JidCreate.bareFrom(localpart + "@" + TestXmpp.DOMAIN);
  }

  static void account(TestXmpp on, String... localparts) {
    for (String u : localparts) on.server.accounts().create(u, "password " + u);
  }

  /** A logged-in account whose Roster answers requests as {@code answer} says (null: not at all). */
  XMPPTCPConnection login(TestXmpp on, String user, String resource, SubscribeAnswer answer) throws Exception {
    var c = new XMPPTCPConnection(on.tcp().setUsernameAndPassword(user, "password " + user).setResource(resource).build());
    var roster = Roster.getInstanceFor(c);
    if (answer != null) roster.addSubscribeListener((from, p) -> answer);
    open.add(c);
    c.connect().login();
    roster.reloadAndWait();
    return c;
  }

  XMPPTCPConnection login(String user, SubscribeAnswer answer) throws Exception {
    return login(xmpp, user, "desk", answer);
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting until " + what);
      Thread.sleep(20);
    }
  }

  static ItemType type(XMPPTCPConnection c, String contact) throws Exception {
    RosterEntry e = Roster.getInstanceFor(c).getEntry(jid(contact));
    return e == null ? null : e.getType();
  }

  static boolean sees(XMPPTCPConnection c, String contact) throws Exception {
    return Roster.getInstanceFor(c).getPresence(jid(contact)).isAvailable();
  }

  static BooleanSupplier check(ThrowingSupplier s) {
    return () -> {
      try {
        return s.get();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    };
  }

  interface ThrowingSupplier {
    boolean get() throws Exception;
  }

  void subscribeBothWays(XMPPTCPConnection a, String b, String bName) throws Exception {
    Roster.getInstanceFor(a).createItemAndRequestSubscription(jid(b), bName, null);
  }

  // --- §3: subscriptions -------------------------------------------------------------------

  @Test
  void twoAccountsSubscribeToEachOtherAndSeeEachOthersPresence() throws Exception {
    account(xmpp, "ann", "ben");
    var ann = login("ann", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    var ben = login("ben", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    subscribeBothWays(ann, "ben", "Ben");
    await("both see 'both'", check(() -> type(ann, "ben") == ItemType.both && type(ben, "ann") == ItemType.both));
    await("both see each other available", check(() -> sees(ann, "ben") && sees(ben, "ann")));
    assertThat(Roster.getInstanceFor(ann).getEntry(jid("ben")).getName()).isEqualTo("Ben");
    assertThat(Roster.getInstanceFor(ann).getEntry(jid("ben")).isSubscriptionPending()).isFalse();

    // §4.5: a resource that goes away is unavailable to its contacts.
    ben.disconnect();
    await("ann sees ben gone", check(() -> !sees(ann, "ben")));
    // §4.2: initial presence reaches subscribed contacts and fetches theirs.
    var ben2 = login("ben", null);
    await("each sees the other again", check(() -> sees(ann, "ben") && sees(ben2, "ann")));
  }

  @Test
  void aResourceLoggingInLaterGetsThePendingRequest() throws Exception {
    account(xmpp, "cal", "dan");
    var cal = login("cal", null);
    Roster.getInstanceFor(cal).createItemAndRequestSubscription(jid("dan"), "Dan", new String[] {"Work"});
    await("cal's item asks", check(() -> Roster.getInstanceFor(cal).getEntry(jid("dan")) != null
        && Roster.getInstanceFor(cal).getEntry(jid("dan")).isSubscriptionPending()));
    assertThat(type(cal, "dan")).isEqualTo(ItemType.none);
    assertThat(Roster.getInstanceFor(cal).getEntry(jid("dan")).getGroups()).extracting(g -> g.getName()).containsExactly("Work");

    var request = new CompletableFuture<String>();
    var c = new XMPPTCPConnection(xmpp.tcp().setUsernameAndPassword("dan", "password dan").setResource("later").build());
    Roster.getInstanceFor(c).addSubscribeListener((from, p) -> {
      request.complete(from.toString());
      return SubscribeAnswer.Approve;
    });
    open.add(c);
    c.connect().login();
    assertThat(request.get(10, TimeUnit.SECONDS)).isEqualTo("cal@" + TestXmpp.DOMAIN);
    await("cal subscribed to dan", check(() -> type(cal, "dan") == ItemType.to && sees(cal, "dan")));
    await("dan has cal as 'from'", check(() -> type(c, "cal") == ItemType.from));
    assertThat(sees(c, "cal")).as("'from' does not show the contact's presence").isFalse();
  }

  @Test
  void unsubscribeEndsOneDirection() throws Exception {
    account(xmpp, "eve", "fay");
    var eve = login("eve", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    var fay = login("fay", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    subscribeBothWays(eve, "fay", null);
    await("both", check(() -> type(eve, "fay") == ItemType.both && type(fay, "eve") == ItemType.both && sees(eve, "fay")));

    eve.sendStanza(presence(eve, "fay", Presence.Type.unsubscribe));
    await("eve now 'from', fay 'to'", check(() -> type(eve, "fay") == ItemType.from && type(fay, "eve") == ItemType.to));
    await("eve no longer sees fay", check(() -> !sees(eve, "fay")));
    assertThat(sees(fay, "eve")).isTrue();

    eve.sendStanza(presence(eve, "fay", Presence.Type.unsubscribed)); // and cancels fay's view of her
    await("none both ways", check(() -> type(eve, "fay") == ItemType.none && type(fay, "eve") == ItemType.none));
    await("fay no longer sees eve", check(() -> !sees(fay, "eve")));
  }

  @Test
  void aDeniedRequestLeavesNoSubscription() throws Exception {
    account(xmpp, "gil", "hal");
    var gil = login("gil", null);
    var hal = login("hal", SubscribeAnswer.Deny);
    Roster.getInstanceFor(gil).createItemAndRequestSubscription(jid("hal"), null, null);
    await("gil's ask is cleared", check(() -> Roster.getInstanceFor(gil).getEntry(jid("hal")) != null
        && !Roster.getInstanceFor(gil).getEntry(jid("hal")).isSubscriptionPending()));
    assertThat(type(gil, "hal")).isEqualTo(ItemType.none);
    assertThat(type(hal, "gil")).isNull();
  }

  @Test
  void removingAnItemCancelsBothDirections() throws Exception {
    account(xmpp, "ida", "jon");
    var ida = login("ida", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    var jon = login("jon", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    subscribeBothWays(ida, "jon", null);
    await("both", check(() -> type(ida, "jon") == ItemType.both && type(jon, "ida") == ItemType.both && sees(jon, "ida")));
    var roster = Roster.getInstanceFor(ida);
    roster.removeEntry(roster.getEntry(jid("jon")));
    await("removed from ida's roster", check(() -> type(ida, "jon") == null));
    await("jon's subscription is none", check(() -> type(jon, "ida") == ItemType.none));
    await("jon no longer sees ida", check(() -> !sees(jon, "ida")));
    // A second login sees the same: the removal is stored.
    var ida2 = login(xmpp, "ida", "phone", null);
    assertThat(type(ida2, "jon")).isNull();
  }

  @Test
  void aSubscriptionToAnotherDomainIsAnsweredRemoteServerNotFound() throws Exception {
    account(xmpp, "kim");
    var kim = login("kim", null);
    var error = new CompletableFuture<StanzaError.Condition>();
    kim.addAsyncStanzaListener(p -> error.complete(((Presence) p).getError().getCondition()),
        s -> s instanceof Presence p && p.getType() == Presence.Type.error);
    Roster.getInstanceFor(kim).createItemAndRequestSubscription(JidCreate.bareFrom("someone@elsewhere.example"), null, null);
    assertThat(error.get(10, TimeUnit.SECONDS)).isEqualTo(StanzaError.Condition.remote_server_not_found);
    assertThat(type(kim, "kim")).isNull();
    assertThat(Roster.getInstanceFor(kim).getEntry(JidCreate.bareFrom("someone@elsewhere.example"))).isNotNull();
  }

  // --- §2: the roster itself -----------------------------------------------------------------

  @Test
  void aRosterSurvivesARestartAndGoesWithItsAccount(@TempDir Path own) throws Exception {
    var first = TestXmpp.start(own);
    try {
      account(first, "lou", "max", "nia");
      var lou = login(first, "lou", "desk", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
      var max = login(first, "max", "desk", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
      Roster.getInstanceFor(lou).createItemAndRequestSubscription(jid("max"), "Max", new String[] {"Friends"});
      await("both", check(() -> type(lou, "max") == ItemType.both && type(max, "lou") == ItemType.both));
      Roster.getInstanceFor(lou).createItemAndRequestSubscription(jid("nia"), null, null); // nia is offline
    } finally {
      open.forEach(XMPPTCPConnection::disconnect);
      open.clear();
      first.close();
    }
    assertThat(Files.list(own.resolve("rosters")).count()).isEqualTo(3);
    var second = TestXmpp.start(own);
    try {
      var lou = login(second, "lou", "desk", null);
      var entry = Roster.getInstanceFor(lou).getEntry(jid("max"));
      assertThat(entry.getType()).isEqualTo(ItemType.both);
      assertThat(entry.getName()).isEqualTo("Max");
      assertThat(entry.getGroups()).extracting(g -> g.getName()).containsExactly("Friends");
      var max = login(second, "max", "desk", null);
      await("presence flows after the restart", check(() -> sees(lou, "max") && sees(max, "lou")));
      var request = new CompletableFuture<String>();
      var nia = new XMPPTCPConnection(second.tcp().setUsernameAndPassword("nia", "password nia").build());
      Roster.getInstanceFor(nia).addSubscribeListener((from, p) -> {
        request.complete(from.toString());
        return null;
      });
      open.add(nia);
      nia.connect().login();
      assertThat(request.get(10, TimeUnit.SECONDS)).as("a request made before the restart").isEqualTo("lou@" + TestXmpp.DOMAIN);

      max.disconnect();
      second.server.accounts().delete("max");
      await("lou's subscription to the deleted account ends", check(() -> type(lou, "max") == ItemType.none));
      assertThat(Files.list(own.resolve("rosters")).count()).isEqualTo(2);
      account(second, "max");
      var newMax = login(second, "max", "desk", null);
      assertThat(Roster.getInstanceFor(newMax).getEntries()).isEmpty();
    } finally {
      second.close();
    }
  }

  @Test
  void aRosterHoldsAtMostItsLimit() throws Exception {
    account(xmpp, "ned");
    var ned = login("ned", null);
    var roster = Roster.getInstanceFor(ned);
    for (int i = 0; i < MAX_ITEMS; i++) roster.createItem(jid("friend" + i), null, null);
    assertThat(condition(() -> roster.createItem(jid("one-too-many"), null, null))).isEqualTo(StanzaError.Condition.not_allowed);
    // Updating an item already there is still allowed.
    roster.createItem(jid("friend0"), "Renamed", null);
    await("renamed", check(() -> "Renamed".equals(roster.getEntry(jid("friend0")).getName())));
  }

  @Test
  void rosterPushesReachEveryInterestedResource() throws Exception {
    account(xmpp, "oli");
    var desk = login(xmpp, "oli", "desk", null);
    var phone = login(xmpp, "oli", "phone", null);
    Roster.getInstanceFor(desk).createItem(jid("pat"), "Pat", new String[] {"Team"});
    await("the phone got the push", check(() -> Roster.getInstanceFor(phone).getEntry(jid("pat")) != null
        && "Pat".equals(Roster.getInstanceFor(phone).getEntry(jid("pat")).getName())));
  }

  @Test
  void malformedRosterSetsGetTheRightErrors() throws Exception {
    account(xmpp, "quin");
    var quin = login("quin", null);
    String d = TestXmpp.DOMAIN;
    assertThat(set(quin, "<item jid='a@" + d + "'/><item jid='b@" + d + "'/>")).isEqualTo(StanzaError.Condition.bad_request);
    assertThat(set(quin, "")).isEqualTo(StanzaError.Condition.bad_request);
    assertThat(set(quin, "<item name='no jid'/>")).isEqualTo(StanzaError.Condition.bad_request);
    assertThat(set(quin, "<item jid='@" + d + "'/>")).isEqualTo(StanzaError.Condition.jid_malformed);
    assertThat(set(quin, "<item jid='a@" + d + "'><group>g</group><group>g</group></item>")).isEqualTo(StanzaError.Condition.bad_request);
    assertThat(set(quin, "<item jid='a@" + d + "'><group></group></item>")).isEqualTo(StanzaError.Condition.not_acceptable);
    assertThat(set(quin, "<item jid='never-added@" + d + "' subscription='remove'/>")).isEqualTo(StanzaError.Condition.item_not_found);
    assertThat(Roster.getInstanceFor(quin).getEntries()).isEmpty();
  }

  @Test
  void aLoginThatIsNoAccountHasAnEmptyRosterItCannotChange() throws Exception {
    var viewer = xmpp.login("viewer-9", "token", "PLAIN");
    open.add(viewer);
    assertThat(Roster.getInstanceFor(viewer).getEntries()).isEmpty();
    assertThat(set(viewer, "<item jid='a@" + TestXmpp.DOMAIN + "'/>")).isEqualTo(StanzaError.Condition.not_allowed);
  }

  // --- what is advertised, and what must not change -------------------------------------------

  @Test
  void theServerAdvertisesRostersButNotVersioning() throws Exception {
    account(xmpp, "rae");
    var rae = login("rae", null);
    var info = ServiceDiscoveryManager.getInstanceFor(rae).discoverInfo(JidCreate.domainBareFrom(TestXmpp.DOMAIN));
    assertThat(info.containsFeature("jabber:iq:roster")).isTrue();
    assertThat(info.containsFeature("urn:xmpp:features:rosterver")).isFalse();
    assertThat(Roster.getInstanceFor(rae).isRosterVersioningSupported()).isFalse();
  }

  @Test
  void presenceToARoomStillJoinsIt() throws Exception {
    account(xmpp, "sam", "tia");
    var sam = login("sam", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    var tia = login("tia", SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
    subscribeBothWays(sam, "tia", null);
    await("both", check(() -> type(sam, "tia") == ItemType.both && sees(tia, "sam")));
    xmpp.server.muc().createRoom("lobby", new RoomConfig(), List.of("sam@" + TestXmpp.DOMAIN));
    var room = MultiUserChatManager.getInstanceFor(sam).getMultiUserChat(JidCreate.entityBareFrom("lobby@rooms." + TestXmpp.DOMAIN));
    room.join(Resourcepart.from("sam"));
    assertThat(room.isJoined()).isTrue();
    await("sam is an occupant", check(() -> room.getOccupants().stream().anyMatch(o -> o.toString().endsWith("/sam"))));
    assertThat(sees(tia, "sam")).as("joining a room is no presence broadcast to contacts").isTrue();
    room.leave();
    Thread.sleep(200);
    assertThat(sees(tia, "sam")).as("leaving a room does not make sam unavailable to contacts").isTrue();
  }

  // --- helpers ---------------------------------------------------------------------------------

  static Presence presence(XMPPTCPConnection c, String to, Presence.Type type) throws Exception {
    return c.getStanzaFactory().buildPresenceStanza().ofType(type).to(jid(to)).build();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static StanzaError.Condition condition(ThrowingRunnable r) {
    try {
      r.run();
    } catch (XMPPErrorException e) {
      return e.getStanzaError().getCondition();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error");
  }

  /** A roster set with this payload, as a client could send it; the error's condition (null: success). */
  static StanzaError.Condition set(XMPPTCPConnection c, String items) {
    IQ iq = new IQ("query", "jabber:iq:roster") {
      @Override
      protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.rightAngleBracket();
        xml.append(items);
        return xml;
      }
    };
    iq.setType(IQ.Type.set);
    try {
      c.sendIqRequestAndWaitForResponse(iq);
      return null;
    } catch (XMPPErrorException e) {
      return e.getStanzaError().getCondition();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
