package dev.livedrop.api;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a request failed because the metadata database could not be reached (a PostgreSQL
 * server restarting, a network cut): the client gets 503 and may try again, rather than a 500
 * that says something is wrong with its request or with us.
 */
final class DatabaseUnavailable {
  /** Seconds a client is asked to wait: about how long a PostgreSQL restart takes. */
  static final int RETRY_AFTER_SECONDS = 5;

  private DatabaseUnavailable() {}

  static boolean causes(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // No connection within the pool's timeout; or SQLSTATE class 08 (connection exception),
      // 57P01-57P03 (the server shutting down or not yet accepting connections).
      if (t instanceof SQLTransientConnectionException) return true;
      if (t instanceof SQLException e && e.getSQLState() != null
          && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P"))) {
        return true;
      }
      if (t.getCause() == t) break;
    }
    return false;
  }
}
