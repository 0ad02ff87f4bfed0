package dev.livedrop.storage.jdbc;

import dev.livedrop.drops.Asset;
import dev.livedrop.drops.AssetKind;
import dev.livedrop.drops.Comment;
import dev.livedrop.drops.Drop;
import dev.livedrop.drops.DropSecrets;
import dev.livedrop.drops.Expiry;
import dev.livedrop.drops.GuestPermissions;
import dev.livedrop.drops.StoredDrop;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;

/** Maps rows to domain records; the column lists here and in the SQL of JdbcDropStore agree. */
final class Rows {
  static final String DROP_COLUMNS = "name, title, description, created_at, expiry, expires_at, password_hash, "
      + "admin_secret_hash, access_version, incarnation, guests_add, guests_comment, guests_delete, quota_bytes";
  static final String ASSET_COLUMNS = "id, drop_name, kind, name, description, added_by, created_at, updated_at, "
      + "original_name, size_bytes, media_type, sha256, crc32, thumbnail, note_text, link_url";
  static final String COMMENT_COLUMNS = "id, drop_name, asset_id, nickname, body, created_at";

  private Rows() {}

  static StoredDrop drop(ResultSet rs) throws SQLException {
    String passwordHash = rs.getString("password_hash");
    var drop = new Drop(
        rs.getString("name"),
        rs.getString("title"),
        rs.getString("description"),
        instant(rs, "created_at"),
        Expiry.parse(rs.getString("expiry")).orElseThrow(),
        instant(rs, "expires_at"),
        passwordHash != null,
        new GuestPermissions(rs.getBoolean("guests_add"), rs.getBoolean("guests_comment"), rs.getBoolean("guests_delete")),
        rs.getLong("quota_bytes"));
    return new StoredDrop(drop, new DropSecrets(passwordHash, rs.getString("admin_secret_hash"), rs.getInt("access_version"),
        rs.getString("incarnation")));
  }

  static Asset asset(ResultSet rs) throws SQLException {
    AssetKind kind = AssetKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT));
    Asset.FileInfo file = null;
    Asset.NoteInfo note = null;
    Asset.LinkInfo link = null;
    switch (kind) {
      case FILE -> file = new Asset.FileInfo(fromText(rs.getString("original_name")), rs.getLong("size_bytes"),
          rs.getString("media_type"), rs.getString("sha256"), rs.getLong("crc32"),
          Asset.Thumbnail.valueOf(rs.getString("thumbnail").toUpperCase(Locale.ROOT)));
      case NOTE -> note = new Asset.NoteInfo(rs.getString("note_text"));
      case LINK -> link = new Asset.LinkInfo(rs.getString("link_url"));
    }
    return new Asset(rs.getString("id"), rs.getString("drop_name"), kind, rs.getString("name"),
        rs.getString("description"), rs.getString("added_by"), instant(rs, "created_at"),
        instant(rs, "updated_at"), file, note, link);
  }

  static Comment comment(ResultSet rs) throws SQLException {
    return new Comment(rs.getString("id"), rs.getString("drop_name"), rs.getString("asset_id"),
        rs.getString("nickname"), rs.getString("body"), instant(rs, "created_at"));
  }

  /** Marks a value {@link #toText} had to encode; a private-use character no name begins with by chance. */
  private static final char ENCODED = '\uE000';

  /**
   * A client's original file name as a text column holds it: PostgreSQL's text cannot hold NUL,
   * which a name may carry, so such a name (and one that begins with the marker) is stored
   * percent-encoded behind the marker, in both databases alike, and read back exactly.
   */
  static String toText(String s) {
    if (s == null || (s.indexOf('\0') < 0 && (s.isEmpty() || s.charAt(0) != ENCODED))) return s;
    return ENCODED + URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String fromText(String s) {
    if (s == null || s.isEmpty() || s.charAt(0) != ENCODED) return s;
    return URLDecoder.decode(s.substring(1), StandardCharsets.UTF_8);
  }

  static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
