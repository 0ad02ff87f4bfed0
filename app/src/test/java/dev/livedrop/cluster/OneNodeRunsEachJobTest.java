package dev.livedrop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.Postgres;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database: the sweeper (with the expiry warnings) and the thumbnail
 * backlog run on exactly one of them, and when that node stops the other takes them over.
 */
class OneNodeRunsEachJobTest {
  private static final Map<String, String> FAST_SWEEPS = Map.of("LIVEDROP_SWEEP_INTERVAL", "PT0.1S");
  @TempDir Path dataA;
  @TempDir Path dataB;

  @Test
  void theSweeperAndTheThumbnailBacklogRunOnOneNodeAndMoveWhenItStops() throws Exception {
    String url = Postgres.shared().newDatabase();
    TestServer a = TestServer.startOn(url, dataA, FAST_SWEEPS);
    TestServer b = null;
    try {
      b = TestServer.startOn(url, dataB, FAST_SWEEPS);
      await(() -> a.app.sweeper().scheduledPasses() > 3, "the first node sweeps");
      long bBefore = b.app.sweeper().scheduledPasses();
      Thread.sleep(500);

      for (String job : new String[] {Leases.SWEEPER, Leases.THUMBNAIL_BACKLOG}) {
        assertThat(a.app.leases().held(job)).as(job + " on the first node").isTrue();
        assertThat(b.app.leases().held(job)).as(job + " on the second node").isFalse();
      }
      assertThat(b.app.sweeper().scheduledPasses()).as("the second node's sweeps").isEqualTo(bBefore).isZero();

      a.close();
      TestServer second = b;
      await(() -> second.app.leases().held(Leases.SWEEPER) && second.app.sweeper().scheduledPasses() > 3,
          "the second node sweeps once the first has stopped");
      await(() -> second.app.leases().held(Leases.THUMBNAIL_BACKLOG), "the second node takes the thumbnail backlog");
    } finally {
      a.close();
      if (b != null) b.close();
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out: " + what);
      Thread.sleep(20);
    }
  }
}
