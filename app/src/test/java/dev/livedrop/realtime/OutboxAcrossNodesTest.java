package dev.livedrop.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.drops.Change;
import dev.livedrop.drops.ChangeType;
import dev.livedrop.storage.jdbc.ChangeNotifications;
import dev.livedrop.storage.jdbc.Database;
import dev.livedrop.storage.jdbc.JdbcDropStore;
import dev.livedrop.support.Postgres;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database, each with its own pool, change log and publisher, posting
 * into rooms that record what they were given: every change is posted once, in seq order per drop,
 * and a commit on one node wakes the other's publisher through LISTEN/NOTIFY, not its poll.
 */
class OutboxAcrossNodesTest {
  /** Far longer than any wait below: a publisher that posts in time was woken, not polling. */
  private static final Duration POLL = Duration.ofSeconds(30);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Posted> posted = Collections.synchronizedList(new ArrayList<>());
  private Node a;
  private Node b;

  private record Posted(String node, String drop, long seq, long atNanos) {}

  private record Node(String name, JdbcDropStore store, EventPublisher publisher) {}

  @BeforeEach
  void twoNodes() throws Exception {
    String url = Postgres.shared().newDatabase();
    a = node("a", url, true);
    b = node("b", url, true);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) c.close();
  }

  @Test
  void everyChangeIsPostedExactlyOnceAndInSeqOrderPerDropByTwoPublishers() throws Exception {
    int drops = 40;
    int perDrop = 25;
    var pool = Executors.newFixedThreadPool(8);
    try {
      var work = new ArrayList<java.util.concurrent.Future<?>>();
      for (int i = 0; i < drops * perDrop; i++) {
        Node on = i % 2 == 0 ? a : b;
        String drop = "d" + (i % drops);
        work.add(pool.submit(() -> commit(on, drop)));
      }
      for (var w : work) w.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    awaitPosted(drops * perDrop, Duration.ofSeconds(30));
    Thread.sleep(300); // a second posting of anything would come now

    List<Posted> all = List.copyOf(posted);
    assertThat(all).hasSize(drops * perDrop);
    Map<String, List<Long>> byDrop = new HashMap<>();
    for (Posted p : all) byDrop.computeIfAbsent(p.drop(), d -> new ArrayList<>()).add(p.seq());
    for (int d = 0; d < drops; d++) {
      var expected = new ArrayList<Long>();
      for (long s = 1; s <= perDrop; s++) expected.add(s);
      assertThat(byDrop.get("d" + d)).as("seqs of d" + d + " in the order posted").containsExactlyElementsOf(expected);
    }
    assertThat(all).as("both nodes published").anyMatch(p -> p.node().equals("a")).anyMatch(p -> p.node().equals("b"));
  }

  @Test
  void aCommitOnOneNodeWakesTheOtherNodesPublisherWithinMilliseconds() throws Exception {
    a.publisher().hold(); // only b publishes, and only b's poll or a NOTIFY can wake it
    var delays = new ArrayList<Long>();
    for (int i = 0; i < 10; i++) {
      int before = posted.size();
      long t0 = System.nanoTime();
      commit(a, "woken");
      awaitPosted(before + 1, Duration.ofSeconds(5));
      Posted p = posted.get(before);
      assertThat(p.node()).isEqualTo("b");
      delays.add(TimeUnit.NANOSECONDS.toMillis(p.atNanos() - t0));
    }
    Collections.sort(delays);
    // The poll is 30 s: each of these was a NOTIFY.
    assertThat(delays.getLast()).as("slowest of %s ms", delays).isLessThan(500);
  }

  @Test
  void afterPostgresRestartsTheNodesReconnectAndACommitStillWakesTheOtherNode() throws Exception {
    var own = Postgres.startOwn();
    open.add(own); // closed last: the nodes first
    String url = own.newDatabase();
    Node x = node("x", url, true);
    Node y = node("y", url, true);
    x.publisher().hold();

    own.stop();
    own.start();
    // The pools and y's listener find the server again; a commit on x succeeds once x's pool has.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        commit(x, "restarted");
        break;
      } catch (RuntimeException down) {
        if (System.nanoTime() > deadline) throw down;
        Thread.sleep(100);
      }
    }
    awaitPosted(1, Duration.ofSeconds(5));
    var delays = new ArrayList<Long>();
    for (int i = 0; i < 5; i++) {
      int before = posted.size();
      long t0 = System.nanoTime();
      commit(x, "restarted");
      awaitPosted(before + 1, Duration.ofSeconds(5));
      assertThat(posted.get(before).node()).isEqualTo("y");
      delays.add(TimeUnit.NANOSECONDS.toMillis(posted.get(before).atNanos() - t0));
    }
    assertThat(Collections.max(delays)).as("slowest of %s ms (the poll is 30 s)", delays).isLessThan(500);
    assertThat(posted).extracting(Posted::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  private static void commit(Node on, String drop) {
    on.store().inTransaction(tx -> tx.recordChange(drop, ChangeType.COMMENT_CREATED, Clock.systemUTC().instant(),
        Map.of("nickname", on.name(), "text", "hello")));
  }

  private void awaitPosted(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (posted.size() < n) {
      if (System.nanoTime() > deadline) throw new AssertionError(posted.size() + " of " + n + " changes posted");
      Thread.sleep(2);
    }
  }

  private Node node(String name, String url, boolean listen) throws Exception {
    var db = Database.postgresql(url, "livedrop", null, 4);
    open.add(db);
    var store = new JdbcDropStore(db.dataSource(), db.dialect());
    var clock = Clock.systemUTC();
    var tickets = new XmppTickets(new byte[32], clock);
    var access = new LiveAccess();
    var rooms = new RecordingRooms(name);
    var sync = new RoomSync(store, rooms, access, tickets, new ViewerLogins(tickets, access, clock));
    var publisher = new EventPublisher(store.changeLog(), rooms, sync, clock, POLL);
    publisher.start();
    open.add(publisher);
    if (listen) open.add(ChangeNotifications.listen(db, store.changeLog()));
    return new Node(name, store, publisher);
  }

  /** Rooms that only note what was posted to them, and by which node. */
  private final class RecordingRooms implements DropRooms {
    private final String node;
    private final Set<String> opened = ConcurrentHashMap.newKeySet();

    RecordingRooms(String node) {
      this.node = node;
    }

    @Override
    public void publish(Change change, String humanText) {
      posted.add(new Posted(node, change.drop(), change.seq(), System.nanoTime()));
    }

    @Override
    public String domain() {
      return "drops.test";
    }

    @Override
    public String roomJid(String drop) {
      return drop + "@rooms.drops.test";
    }

    @Override
    public void open(String drop, String incarnation, String title, String roomPassword) {
      opened.add(drop);
    }

    @Override
    public void grantModerator(String drop, String bareJid) {}

    @Override
    public int changeAccess(String drop, String roomPassword, Predicate<String> stillAdmitted, String reason) {
      return 0;
    }

    @Override
    public int removeUnless(String drop, Predicate<String> stillAdmitted, String reason) {
      return 0;
    }

    @Override
    public void awaitArchived() {}

    @Override
    public void forgetAllBut(Set<String> liveDrops) {}

    @Override
    public void close(String drop, String reason) {}

    @Override
    public List<String> occupants(String drop) {
      return List.of();
    }
  }
}
