package dev.livedrop.storage.jdbc;

import dev.livedrop.cluster.Leases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Leases} as PostgreSQL session advisory locks on a connection of this node's own: a job is
 * held while that connection lives, so a node that stops or crashes (its connection closed by the
 * server) frees its jobs at once, with no lease time to wait out. When the connection is lost (a
 * PostgreSQL restart), every job is given up and must be taken again.
 */
public final class AdvisoryLeases implements Leases {
  private static final Logger log = LoggerFactory.getLogger(AdvisoryLeases.class);
  private static final int VALID_SECONDS = 2;
  private final Database database;
  private final Set<String> held = new HashSet<>();
  private Connection connection;
  private boolean closed;

  private AdvisoryLeases(Database database) {
    this.database = database;
  }

  /** Leases among the nodes sharing the database; on SQLite, every job is this node's. */
  public static Leases of(Database database) {
    return database.dialect().shared() ? new AdvisoryLeases(database) : Leases.alone();
  }

  @Override
  public synchronized boolean acquire(String job) {
    if (closed) return false;
    try {
      if (connection == null || !connection.isValid(VALID_SECONDS)) reconnect();
      if (held.contains(job)) return true;
      try (var st = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
        st.setInt(1, Dialect.LockSpace.LEASE);
        st.setString(2, job);
        try (var rs = st.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) return false;
        }
      }
      held.add(job);
      log.info("this node now runs the {}", job);
      return true;
    } catch (SQLException e) {
      log.warn("could not reach PostgreSQL for the {} lease: {}", job, e.toString());
      dropConnection();
      return false;
    }
  }

  @Override
  public synchronized boolean held(String job) {
    return held.contains(job);
  }

  private void reconnect() throws SQLException {
    if (!held.isEmpty()) log.warn("lost the connection holding {}; taking them again", held);
    dropConnection();
    connection = database.connectAlone();
  }

  private void dropConnection() {
    held.clear();
    if (connection == null) return;
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing the lease connection", e);
    }
    connection = null;
  }

  /** Gives up every job at once: the server frees session locks with their connection. */
  @Override
  public synchronized void close() {
    closed = true;
    dropConnection();
  }
}
