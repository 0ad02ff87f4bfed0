package dev.livedrop.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this node's publisher when a commit on any node recorded changes: LISTENs on PostgreSQL's
 * channel over a connection of its own, and reconnects when the server went away (a restart), then
 * wakes the publisher once for whatever was committed while it could not hear. On SQLite there is
 * no other node, and the committing thread wakes the publisher itself.
 */
public final class ChangeNotifications implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeNotifications.class);
  private static final int WAIT_MILLIS = 500;
  private static final Duration RETRY = Duration.ofMillis(500);
  private final Database database;
  private final JdbcChangeLog changes;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Connection connection;
  private volatile boolean listening;

  private ChangeNotifications(Database database, JdbcChangeLog changes) {
    this.database = database;
    this.changes = changes;
    this.thread = Thread.ofPlatform().name("change-notifications").daemon().unstarted(this::loop);
  }

  /** Starts listening if the database is shared by nodes; otherwise does nothing. */
  public static AutoCloseable listen(Database database, JdbcChangeLog changes) {
    if (!database.dialect().shared()) return () -> {};
    var n = new ChangeNotifications(database, changes);
    n.thread.start();
    return n;
  }

  private void loop() {
    while (running) {
      try (Connection c = database.connectAlone()) {
        connection = c;
        try (var st = c.createStatement()) {
          st.execute("LISTEN " + Dialect.CHANGES_CHANNEL);
        }
        listening = true;
        changes.committed(); // what was committed while nobody here listened
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          var received = pg.getNotifications(WAIT_MILLIS);
          if (received != null && received.length > 0) changes.committed();
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) return;
        if (listening) log.warn("lost the change notifications from PostgreSQL; reconnecting: {}", e.toString());
        listening = false;
        sleep();
      }
    }
  }

  private void sleep() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    Connection c = connection;
    try {
      if (c != null) c.close();
    } catch (SQLException e) {
      log.debug("closing the LISTEN connection", e);
    }
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
