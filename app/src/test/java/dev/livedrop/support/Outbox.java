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

  /** The same, in the PostgreSQL database at {@code url}. */
  public static long unpublished(String url, String drop) throws SQLException {
    String sql = "SELECT COUNT(*) FROM drop_changes WHERE published_at IS NULL" + (drop == null ? "" : " AND drop_name = ?");
    try (var c = DriverManager.getConnection(url, "livedrop", ""); var st = c.prepareStatement(sql)) {
      if (drop != null) st.setString(1, drop);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Waits until nothing of the drop (drop null: of any drop) is left unpublished. */
  public static void awaitPublished(Path dataDir, String drop, Duration timeout) throws Exception {
    awaitPublished(() -> unpublished(dataDir, drop), drop, timeout);
  }

  /** The same, in the PostgreSQL database at {@code url}. */
  public static void awaitPublished(String url, String drop, Duration timeout) throws Exception {
    awaitPublished(() -> unpublished(url, drop), drop, timeout);
  }

  private interface Count {
    long get() throws SQLException;
  }

  private static void awaitPublished(Count unpublished, String drop, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (unpublished.get() > 0) {
      if (System.nanoTime() > deadline) throw new AssertionError("events " + (drop == null ? "" : "of " + drop + " ") + "left unpublished");
      Thread.sleep(20);
    }
  }
}
