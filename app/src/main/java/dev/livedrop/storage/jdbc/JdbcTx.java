package dev.livedrop.storage.jdbc;

import static dev.livedrop.storage.jdbc.Rows.ASSET_COLUMNS;
import static dev.livedrop.storage.jdbc.Rows.COMMENT_COLUMNS;
import static dev.livedrop.storage.jdbc.Rows.DROP_COLUMNS;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.livedrop.drops.Asset;
import dev.livedrop.drops.ChangeType;
import dev.livedrop.drops.Comment;
import dev.livedrop.drops.Drop;
import dev.livedrop.drops.DropStore;
import dev.livedrop.drops.StoredDrop;
import dev.livedrop.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** The writes of one transaction, on one JDBI handle. */
final class JdbcTx implements DropStore.Tx {
  private final Handle h;
  private final Dialect dialect;
  private boolean recordedChanges;

  JdbcTx(Handle h, Dialect dialect) {
    this.h = h;
    this.dialect = dialect;
  }

  @Override
  public Optional<StoredDrop> findDrop(String name) {
    return h.createQuery("SELECT " + DROP_COLUMNS + " FROM drops WHERE name = :name")
        .bind("name", name).map((rs, ctx) -> Rows.drop(rs)).findOne();
  }

  @Override
  public boolean dropExists(String name) {
    return h.createQuery("SELECT 1 FROM drops WHERE name = :name").bind("name", name)
        .mapTo(Integer.class).findOne().isPresent();
  }

  @Override
  public void insertDrop(StoredDrop stored) {
    bindDrop(h.createUpdate("INSERT INTO drops (" + DROP_COLUMNS + ") VALUES (:name, :title, :description, "
        + ":createdAt, :expiry, :expiresAt, :passwordHash, :adminSecretHash, :accessVersion, :incarnation, "
        + ":guestsAdd, :guestsComment, :guestsDelete, :quotaBytes)"), stored).execute();
  }

  @Override
  public void updateDrop(StoredDrop stored) {
    // A new expiry time deserves a new warning: assignments read the row as it was. The
    // incarnation never changes; matching it keeps a write meant for a deleted drop off its successor.
    bindDrop(h.createUpdate("UPDATE drops SET "
        + "expiry_warned_at = CASE WHEN expires_at = :expiresAt THEN expiry_warned_at ELSE NULL END, "
        + "title = :title, description = :description, created_at = :createdAt, "
        + "expiry = :expiry, expires_at = :expiresAt, password_hash = :passwordHash, "
        + "admin_secret_hash = :adminSecretHash, access_version = :accessVersion, guests_add = :guestsAdd, "
        + "guests_comment = :guestsComment, guests_delete = :guestsDelete, quota_bytes = :quotaBytes "
        + "WHERE name = :name AND COALESCE(incarnation, '') = :incarnation"), stored).execute();
  }

  private static Update bindDrop(Update u, StoredDrop stored) {
    Drop d = stored.drop();
    return u.bind("name", d.name())
        .bind("title", d.title())
        .bind("description", d.description())
        .bind("createdAt", d.createdAt().toEpochMilli())
        .bind("expiry", d.expiry().code())
        .bind("expiresAt", Rows.millis(d.expiresAt()))
        .bind("passwordHash", stored.secrets().passwordHash())
        .bind("adminSecretHash", stored.secrets().adminSecretHash())
        .bind("accessVersion", stored.secrets().accessVersion())
        .bind("incarnation", stored.secrets().incarnation())
        .bind("guestsAdd", d.guests().add())
        .bind("guestsComment", d.guests().comment())
        .bind("guestsDelete", d.guests().delete())
        .bind("quotaBytes", d.quotaBytes());
  }

  @Override
  public List<String> deleteDrop(String name) {
    List<String> hashes = h.createQuery("SELECT DISTINCT sha256 FROM assets WHERE drop_name = :name AND sha256 IS NOT NULL")
        .bind("name", name).mapTo(String.class).list();
    // Children first: the foreign keys cascade too, but explicit deletes keep PostgreSQL and SQLite alike.
    h.createUpdate("DELETE FROM comments WHERE drop_name = :name").bind("name", name).execute();
    h.createUpdate("DELETE FROM assets WHERE drop_name = :name").bind("name", name).execute();
    h.createUpdate("DELETE FROM drops WHERE name = :name").bind("name", name).execute();
    return hashes;
  }

  @Override
  public Optional<Asset> asset(String drop, String id) {
    return asset(h, drop, id);
  }

  static Optional<Asset> asset(Handle h, String drop, String id) {
    return h.createQuery("SELECT " + ASSET_COLUMNS + " FROM assets WHERE drop_name = :drop AND id = :id")
        .bind("drop", drop).bind("id", id).map((rs, ctx) -> Rows.asset(rs)).findOne();
  }

  @Override
  public long usedBytes(String drop) {
    dialect.lockDrop(h, drop);
    return h.createQuery("SELECT COALESCE(SUM(size_bytes), 0) FROM assets WHERE drop_name = :drop")
        .bind("drop", drop).mapTo(Long.class).one();
  }

  @Override
  public void insertAsset(Asset a) {
    bindAsset(h.createUpdate("INSERT INTO assets (" + ASSET_COLUMNS + ") VALUES (:id, :drop, :kind, :name, "
        + ":description, :addedBy, :createdAt, :updatedAt, :originalName, :size, :mediaType, :sha256, :crc32, "
        + ":thumbnail, :noteText, :linkUrl)"), a).execute();
  }

  @Override
  public void updateAsset(Asset a) {
    bindAsset(h.createUpdate("UPDATE assets SET kind = :kind, name = :name, description = :description, "
        + "added_by = :addedBy, created_at = :createdAt, updated_at = :updatedAt, original_name = :originalName, "
        + "size_bytes = :size, media_type = :mediaType, sha256 = :sha256, crc32 = :crc32, thumbnail = :thumbnail, "
        + "note_text = :noteText, link_url = :linkUrl WHERE drop_name = :drop AND id = :id"), a).execute();
  }

  private static Update bindAsset(Update u, Asset a) {
    var f = a.file();
    return u.bind("id", a.id())
        .bind("drop", a.drop())
        .bind("kind", a.kind().name().toLowerCase(Locale.ROOT))
        .bind("name", a.name())
        .bind("description", a.description())
        .bind("addedBy", a.addedBy())
        .bind("createdAt", a.createdAt().toEpochMilli())
        .bind("updatedAt", a.updatedAt().toEpochMilli())
        .bind("originalName", f == null ? null : Rows.toText(f.originalName()))
        .bind("size", f == null ? 0L : f.size())
        .bind("mediaType", f == null ? null : f.mediaType())
        .bind("sha256", f == null ? null : f.sha256())
        .bind("crc32", f == null ? null : f.crc32())
        .bind("thumbnail", f == null ? null : f.thumbnail().code())
        .bind("noteText", a.note() == null ? null : a.note().text())
        .bind("linkUrl", a.link() == null ? null : a.link().url());
  }

  @Override
  public void deleteAsset(String drop, String id) {
    h.createUpdate("DELETE FROM comments WHERE drop_name = :drop AND asset_id = :id").bind("drop", drop).bind("id", id).execute();
    h.createUpdate("DELETE FROM assets WHERE drop_name = :drop AND id = :id").bind("drop", drop).bind("id", id).execute();
  }

  @Override
  public List<Asset> assetsWithContent(String sha256) {
    return h.createQuery("SELECT " + ASSET_COLUMNS + " FROM assets WHERE sha256 = :sha")
        .bind("sha", sha256).map((rs, ctx) -> Rows.asset(rs)).list();
  }

  @Override
  public Optional<Comment> comment(String drop, String assetId, String id) {
    return h.createQuery("SELECT " + COMMENT_COLUMNS + " FROM comments WHERE drop_name = :drop AND asset_id = :asset AND id = :id")
        .bind("drop", drop).bind("asset", assetId).bind("id", id).map((rs, ctx) -> Rows.comment(rs)).findOne();
  }

  @Override
  public void insertComment(Comment c) {
    h.createUpdate("INSERT INTO comments (" + COMMENT_COLUMNS + ") VALUES (:id, :drop, :asset, :nickname, :body, :createdAt)")
        .bind("id", c.id()).bind("drop", c.drop()).bind("asset", c.assetId()).bind("nickname", c.nickname())
        .bind("body", c.text()).bind("createdAt", c.createdAt().toEpochMilli()).execute();
  }

  @Override
  public void deleteComment(String drop, String id) {
    h.createUpdate("DELETE FROM comments WHERE drop_name = :drop AND id = :id").bind("drop", drop).bind("id", id).execute();
  }

  @Override
  public long recordChange(String drop, ChangeType type, Instant at, Object payload) {
    // Writers of a drop's changes are serialized until commit (SQLite: BEGIN IMMEDIATE; PostgreSQL:
    // an advisory lock per drop), and the primary key (drop_name, seq) refuses a duplicate either way.
    recordedChanges = true;
    dialect.lockChangeSeq(h, drop);
    long seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM drop_changes WHERE drop_name = :drop")
        .bind("drop", drop).mapTo(Long.class).one();
    String json;
    try {
      json = Json.mapper().writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("change payload not serializable: " + type, e);
    }
    h.createUpdate("INSERT INTO drop_changes (drop_name, seq, type, created_at, payload) VALUES (:drop, :seq, :type, :at, :payload)")
        .bind("drop", drop).bind("seq", seq).bind("type", type.code()).bind("at", at.toEpochMilli())
        .bind("payload", json).execute();
    return seq;
  }

  @Override
  public void markExpiryWarned(String drop, Instant at) {
    h.createUpdate("UPDATE drops SET expiry_warned_at = :at WHERE name = :name")
        .bind("at", at.toEpochMilli()).bind("name", drop).execute();
  }

  boolean recordedChanges() {
    return recordedChanges;
  }

  @Override
  public void markBlobGcCandidate(String sha256) {
    h.createUpdate("INSERT INTO blob_gc (sha256, marked_at) VALUES (:sha, :at) ON CONFLICT (sha256) DO NOTHING")
        .bind("sha", sha256).bind("at", System.currentTimeMillis()).execute();
  }
}
