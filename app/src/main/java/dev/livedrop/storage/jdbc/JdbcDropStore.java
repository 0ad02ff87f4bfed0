package dev.livedrop.storage.jdbc;

import static dev.livedrop.storage.jdbc.Rows.ASSET_COLUMNS;
import static dev.livedrop.storage.jdbc.Rows.COMMENT_COLUMNS;
import static dev.livedrop.storage.jdbc.Rows.DROP_COLUMNS;

import dev.livedrop.drops.Asset;
import dev.livedrop.drops.Comment;
import dev.livedrop.drops.DropStore;
import dev.livedrop.drops.StoredDrop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** {@link DropStore} on JDBC, in SQL that SQLite and PostgreSQL both speak. */
public final class JdbcDropStore implements DropStore {
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final JdbcChangeLog changeLog;

  /** On SQLite. */
  public JdbcDropStore(DataSource dataSource) {
    this(dataSource, Dialect.SQLITE);
  }

  public JdbcDropStore(DataSource dataSource, Dialect dialect) {
    this.jdbi = Jdbi.create(dataSource);
    this.dialect = dialect;
    this.changeLog = new JdbcChangeLog(jdbi, dialect);
  }

  /** The outbox over the same database; told of every commit that recorded changes. */
  public JdbcChangeLog changeLog() {
    return changeLog;
  }

  @Override
  public List<StoredDrop> liveDrops(Instant now) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + DROP_COLUMNS
            + " FROM drops WHERE expires_at IS NULL OR expires_at > :now ORDER BY name")
        .bind("now", now.toEpochMilli()).map((rs, ctx) -> Rows.drop(rs)).list());
  }

  @Override
  public List<String> dropsNearExpiry(Instant now, Duration window, int limit) {
    // Near: within the window, and within the last tenth of the drop's life (an hour-long drop
    // is warned 6 minutes ahead, not the moment it is made). Written as two comparisons, since
    // SQLite's MIN(a, b) is PostgreSQL's LEAST.
    return jdbi.withHandle(h -> h.createQuery("SELECT name FROM drops WHERE expires_at IS NOT NULL"
            + " AND expiry_warned_at IS NULL AND expires_at > :now AND expires_at - :now <= :window"
            + " AND (expires_at - :now) * 10 <= expires_at - created_at ORDER BY expires_at LIMIT :limit")
        .bind("now", now.toEpochMilli()).bind("window", window.toMillis()).bind("limit", limit)
        .mapTo(String.class).list());
  }

  @Override
  public Optional<StoredDrop> findDrop(String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + DROP_COLUMNS + " FROM drops WHERE name = :name")
        .bind("name", name).map((rs, ctx) -> Rows.drop(rs)).findOne());
  }

  @Override
  public List<Asset> assets(String drop) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + ASSET_COLUMNS
            + " FROM assets WHERE drop_name = :drop ORDER BY created_at, id")
        .bind("drop", drop).map((rs, ctx) -> Rows.asset(rs)).list());
  }

  @Override
  public Optional<Asset> asset(String drop, String id) {
    return jdbi.withHandle(h -> JdbcTx.asset(h, drop, id));
  }

  @Override
  public List<Comment> comments(String drop, String assetId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COMMENT_COLUMNS
            + " FROM comments WHERE drop_name = :drop AND asset_id = :asset ORDER BY created_at, id")
        .bind("drop", drop).bind("asset", assetId).map((rs, ctx) -> Rows.comment(rs)).list());
  }

  @Override
  public List<String> expiredDrops(Instant now, int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT name FROM drops WHERE expires_at IS NOT NULL AND expires_at <= :now ORDER BY expires_at LIMIT :limit")
        .bind("now", now.toEpochMilli()).bind("limit", limit).mapTo(String.class).list());
  }

  @Override
  public List<String> blobGcCandidates(int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT sha256 FROM blob_gc ORDER BY marked_at LIMIT :limit")
        .bind("limit", limit).mapTo(String.class).list());
  }

  @Override
  public boolean blobReferenced(String sha256) {
    return jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM assets WHERE sha256 = :sha LIMIT 1")
        .bind("sha", sha256).mapTo(Integer.class).findOne().isPresent());
  }

  @Override
  public void forgetBlobGcCandidate(String sha256) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM blob_gc WHERE sha256 = :sha").bind("sha", sha256).execute());
  }

  @Override
  public List<Asset> assetsAwaitingThumbnail(Instant addedBefore, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + ASSET_COLUMNS
            + " FROM assets WHERE thumbnail = 'pending' AND created_at < :before ORDER BY created_at LIMIT :limit")
        .bind("before", addedBefore.toEpochMilli()).bind("limit", limit).map((rs, ctx) -> Rows.asset(rs)).list());
  }

  @Override
  public <T> T inTransaction(Function<Tx, T> work) {
    var tx = new JdbcTx[1];
    T result = jdbi.inTransaction(h -> {
      T r = work.apply(tx[0] = new JdbcTx(h, dialect));
      if (tx[0].recordedChanges()) dialect.notifyChanges(h);
      return r;
    });
    if (tx[0] != null && tx[0].recordedChanges()) changeLog.committed();
    return result;
  }
}
