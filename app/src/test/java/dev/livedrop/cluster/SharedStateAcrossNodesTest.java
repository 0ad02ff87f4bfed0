package dev.livedrop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.drops.Asset;
import dev.livedrop.drops.AssetKind;
import dev.livedrop.drops.Ids;
import dev.livedrop.storage.jdbc.Database;
import dev.livedrop.storage.jdbc.JdbcDropStore;
import dev.livedrop.support.Api;
import dev.livedrop.support.Postgres;
import dev.livedrop.support.TestServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database, each with a data dir of its own: a token from one opens
 * the drop on the other, and the password throttle, the name-probe limit and a drop's quota hold
 * for both together, so spreading requests over nodes buys nothing.
 */
class SharedStateAcrossNodesTest {
  private static final int ATTEMPTS = 3;
  private static final int PROBES = 4;
  @TempDir static Path dataA;
  @TempDir static Path dataB;
  static String url;
  static TestServer a;
  static TestServer b;

  @BeforeAll
  static void start() throws Exception {
    url = Postgres.shared().newDatabase();
    var env = Map.of("LIVEDROP_PASSWORD_ATTEMPTS", String.valueOf(ATTEMPTS), "LIVEDROP_PASSWORD_ATTEMPT_WINDOW", "10m",
        "LIVEDROP_NAME_PROBES", String.valueOf(PROBES), "LIVEDROP_NAME_PROBE_WINDOW", "1h");
    a = TestServer.startOn(url, dataA, env);
    b = TestServer.startOn(url, dataB, env);
  }

  @AfterAll
  static void stop() {
    if (a != null) a.close();
    if (b != null) b.close();
  }

  @Test
  void aTokenIssuedByOneNodeOpensTheDropOnTheOther() {
    String admin = a.api.createDrop("{\"name\":\"both\",\"password\":\"open sesame\"}").path("adminToken").asText();
    var access = a.api.postJson("/api/v1/drops/both/access", "{\"password\":\"open sesame\"}");
    assertThat(access.status()).isEqualTo(200);
    String guest = access.json().path("token").asText();
    assertThat(b.api.get("/api/v1/drops/both", "Authorization", Api.bearer(guest)).status()).isEqualTo(200);
    assertThat(b.api.postJson("/api/v1/drops/both/assets", "{\"kind\":\"note\",\"text\":\"from b\"}",
        "Authorization", Api.bearer(admin)).status()).isEqualTo(201);
    assertThat(b.api.get("/api/v1/drops/both").status()).as("without a token").isEqualTo(401);
  }

  @Test
  void aGuesserAlternatingBetweenNodesGetsTheConfiguredNumberOfTriesInAll() {
    a.api.createDrop("{\"name\":\"vault\",\"password\":\"open sesame\"}");
    int checked = 0;
    int refused = 0;
    for (int i = 0; i < 10; i++) {
      Api node = i % 2 == 0 ? a.api : b.api;
      var r = node.postJson("/api/v1/drops/vault/access", "{\"password\":\"guess-" + i + "\"}");
      if (r.status() == 401) checked++;
      else if (r.status() == 429 && r.problem().equals("too-many-attempts")) refused++;
    }
    assertThat(checked).as("guesses checked, on both nodes together").isEqualTo(ATTEMPTS);
    assertThat(refused).isEqualTo(10 - ATTEMPTS);
  }

  @Test
  void theRightPasswordOnOneNodeStartsANewWindowOnTheOther() {
    a.api.createDrop("{\"name\":\"reset\",\"password\":\"open sesame\"}");
    for (int i = 0; i < ATTEMPTS - 1; i++) {
      assertThat(a.api.postJson("/api/v1/drops/reset/access", "{\"password\":\"nope" + i + "\"}").status()).isEqualTo(401);
    }
    assertThat(b.api.postJson("/api/v1/drops/reset/access", "{\"password\":\"open sesame\"}").status()).isEqualTo(200);
    for (int i = 0; i < ATTEMPTS; i++) {
      assertThat(a.api.postJson("/api/v1/drops/reset/access", "{\"password\":\"again" + i + "\"}").status()).isEqualTo(401);
    }
    assertThat(b.api.postJson("/api/v1/drops/reset/access", "{\"password\":\"again\"}").status()).isEqualTo(429);
  }

  @Test
  void aNameProberAlternatingBetweenNodesGetsTheConfiguredNumberOfMissesInAll() throws Exception {
    var from = InetAddress.getByName("127.0.0.7");
    Api[] nodes = {new Api(a.base(), from), new Api(b.base(), from)};
    int notFound = 0;
    int refused = 0;
    for (int i = 0; i < 12; i++) {
      int status = nodes[i % 2].get("/api/v1/drops/guess-" + i).status();
      if (status == 404) notFound++;
      if (status == 429) refused++;
    }
    assertThat(notFound).isEqualTo(PROBES);
    assertThat(refused).isEqualTo(12 - PROBES);
  }

  @Test
  void twoAddsOnTwoNodesCannotTogetherExceedTheDropsQuota() throws Exception {
    a.api.createDrop("{\"name\":\"small\",\"quotaBytes\":1000}");
    // Each node's own pool, as two nodes have; each transaction reads the room left, waits, then adds.
    try (var dbA = Database.postgresql(url, "livedrop", null, 2); var dbB = Database.postgresql(url, "livedrop", null, 2)) {
      var stores = List.of(new JdbcDropStore(dbA.dataSource(), dbA.dialect()), new JdbcDropStore(dbB.dataSource(), dbB.dialect()));
      var pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Boolean>> added = new ArrayList<>();
        for (var store : stores) {
          Callable<Boolean> add = () -> store.inTransaction(tx -> {
            long used = tx.usedBytes("small");
            pause(300); // the other node's add runs meanwhile, if the drop is not locked
            if (used + 600 > 1000) return false;
            tx.insertAsset(file("small", 600));
            return true;
          });
          added.add(pool.submit(add));
        }
        assertThat(List.of(added.get(0).get(), added.get(1).get())).containsExactlyInAnyOrder(true, false);
      } finally {
        pool.shutdownNow();
      }
    }
    var used = a.api.get("/api/v1/drops/small").json();
    assertThat(used.path("usedBytes").asLong()).as(used.toString()).isEqualTo(600);
  }

  private static Asset file(String drop, long size) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new Asset(Ids.next(now), drop, AssetKind.FILE, "f.bin", null, "admin", now, now,
        new Asset.FileInfo("f.bin", size, "application/octet-stream", "0".repeat(64), 0L, Asset.Thumbnail.NONE), null, null);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
