package dev.livedrop.storage.jdbc;

import org.jdbi.v3.core.Handle;

/**
 * Everything the two databases do differently, in one place. The migrations and every other query
 * are written in SQL both speak (decision 0003); what is left is locking and waking, because
 * SQLite is one writer in one process while PostgreSQL is shared by many nodes (decision 0017).
 */
public enum Dialect {
  /** The embedded database: writers are serialized by BEGIN IMMEDIATE, and only one node uses it. */
  SQLITE {
    @Override
    void lockDrop(Handle h, String drop) {
      // the write lock taken at BEGIN already keeps every other writer out
    }

    @Override
    void lockChangeSeq(Handle h, String drop) {
      // idem
    }

    @Override
    void notifyChanges(Handle h) {
      // one node: the committing thread nudges its own publisher
    }
  },

  /** The scale-out database, shared by every node. */
  POSTGRESQL {
    @Override
    void lockDrop(Handle h, String drop) {
      // NO KEY UPDATE, not UPDATE: it does not conflict with the KEY SHARE lock that inserting an
      // asset or comment takes on its drop, so adding to a drop never waits on a quota check.
      h.createQuery("SELECT 1 FROM drops WHERE name = :name FOR NO KEY UPDATE").bind("name", drop)
          .mapTo(Integer.class).findOne();
    }

    @Override
    void lockChangeSeq(Handle h, String drop) {
      // Held until commit: the next seq of a drop is taken only once the one before is committed,
      // so a publisher never sees seq n+1 without n, and seq order is commit order.
      h.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", LockSpace.CHANGE_SEQ, drop);
    }

    @Override
    void notifyChanges(Handle h) {
      // Delivered at commit, to every node that LISTENs (ChangeNotifications), this one included.
      h.execute("NOTIFY " + CHANGES_CHANNEL);
    }
  };

  /** The PostgreSQL channel a commit that recorded changes notifies. */
  public static final String CHANGES_CHANNEL = "livedrop_changes";

  /** The first key of PostgreSQL advisory locks, one space per use, so their second keys never meet. */
  static final class LockSpace {
    static final int CHANGE_SEQ = 17_001;
    static final int PUBLISH = 17_002;
    static final int LEASE = 17_003;

    private LockSpace() {}
  }

  /** The dialect of a JDBC URL: PostgreSQL for {@code jdbc:postgresql:}, SQLite otherwise. */
  public static Dialect of(String jdbcUrl) {
    return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : SQLITE;
  }

  /** Whether more than one node may use the database at once. */
  public boolean shared() {
    return this == POSTGRESQL;
  }

  /** Keeps other writers off the drop's row until commit (a quota check and its insert as one). */
  abstract void lockDrop(Handle h, String drop);

  /** Serializes the taking of the drop's next change seq until commit. */
  abstract void lockChangeSeq(Handle h, String drop);

  /** Tells the other nodes, at commit, that changes were recorded. */
  abstract void notifyChanges(Handle h);
}
