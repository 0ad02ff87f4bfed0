package dev.livedrop.support;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The change log as the database holds it, read directly: whether the publisher has caught up,
 * also while no server is running (between a stop and a restart).
 */
public final class Outbox {
  private Outbox() {}

  /** Changes not yet published, of one drop or (drop null) of all. */
  public static long unpublished(Path dataDir, String drop) throws SQLException {
    String sql = "SELECT COUNT(*) FROM drop_changes WHERE published_at IS NULL" + (drop == null ? "" : " AND drop_name = ?");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("livedrop.db"));
        var st = c.prepareStatement(sql)) {
      if (drop != null) st.setString(1, drop);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Waits until nothing of the drop (drop null: of any drop) is left unpublished. */
  public static void awaitPublished(Path dataDir, String drop, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (unpublished(dataDir, drop) > 0) {
      if (System.nanoTime() > deadline) throw new AssertionError("events " + (drop == null ? "" : "of " + drop + " ") + "left unpublished");
      Thread.sleep(20);
    }
  }
}
