package dev.livedrop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.Api;
import dev.livedrop.support.Outbox;
import dev.livedrop.support.Postgres;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarted under a running node: while it is down, requests fail at once with 503
 * (problem+json, Retry-After), not a hang, and the node keeps running; once it is back, requests
 * succeed again and the publisher posts what was committed before the stop, nothing lost.
 */
class PostgresRestartTest {
  @TempDir static Path data;
  static Postgres pg;
  static String url;
  static TestServer node;

  @BeforeAll
  static void start() throws Exception {
    pg = Postgres.startOwn();
    url = pg.newDatabase();
    node = TestServer.startOn(url, data, Map.of());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (pg != null) pg.close();
  }

  @Test
  void whileDownRequestsGet503AndOnceBackTheNodeCarriesOnWithNothingLost() throws Exception {
    node.api.createDrop("{\"name\":\"steady\"}");
    assertThat(addNote("before").status()).isEqualTo(201);
    Outbox.awaitPublished(url, null, Duration.ofSeconds(10));
    // Committed but not yet posted when the server goes away.
    node.app.realtime().publisher().hold();
    for (int i = 0; i < 3; i++) assertThat(addNote("pending " + i).status()).isEqualTo(201);

    pg.stop();
    node.app.realtime().publisher().resume();
    long t0 = System.nanoTime();
    var read = node.api.get("/api/v1/drops/steady");
    var write = addNote("while down");
    long tookMillis = (System.nanoTime() - t0) / 1_000_000;
    for (Api.Res r : List.of(read, write)) {
      assertThat(r.status()).as(r.toString()).isEqualTo(503);
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.problem()).isEqualTo("database-unavailable");
      assertThat(r.header("Retry-After")).isNotNull();
    }
    assertThat(tookMillis).as("two requests answered, not hung").isLessThan(15_000);
    assertThat(node.api.get("/healthz").status()).isEqualTo(200);

    pg.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (node.api.get("/api/v1/drops/steady").status() != 200) {
      assertThat(System.nanoTime()).as("the node reads again once PostgreSQL is back").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(addNote("after").status()).isEqualTo(201);
    Outbox.awaitPublished(url, null, Duration.ofSeconds(20));

    // Every change, from before the stop and after it, went to the room (its archive has each event).
    List<Long> seqs = new ArrayList<>();
    List<String> archived = new ArrayList<>();
    try (var c = DriverManager.getConnection(url, "livedrop", ""); var st = c.createStatement()) {
      try (var rs = st.executeQuery("SELECT seq FROM drop_changes WHERE drop_name = 'steady' ORDER BY seq")) {
        while (rs.next()) seqs.add(rs.getLong(1));
      }
      try (var rs = st.executeQuery("SELECT xml FROM room_archive")) {
        while (rs.next()) archived.add(rs.getString(1));
      }
    }
    assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L); // created, five notes; none while down
    for (long seq : seqs) {
      assertThat(archived).as("event " + seq).anyMatch(xml -> xml.contains("id='ev-steady-" + seq + "'"));
    }
  }

  private static Api.Res addNote(String text) {
    return node.api.postJson("/api/v1/drops/steady/assets", "{\"kind\":\"note\",\"text\":\"" + text + "\"}");
  }
}
