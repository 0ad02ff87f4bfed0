package dev.livedrop.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Copies what a deployment keeps from one database to another of the same schema (both brought up
 * to date by Flyway): the embedded SQLite to PostgreSQL when a deployment scales out. Rows are
 * copied as they are, published marks and sequence numbers included, so nothing is published
 * twice and every token stays valid. The target must hold no drops and no changes yet.
 */
public final class DatabaseCopy {
  /** In an order that keeps foreign keys satisfied. Guess counters are not copied: they are minutes long. */
  static final List<String> TABLES = List.of("drops", "assets", "comments", "drop_changes", "blob_gc", "room_archive",
      "server_keys");
  private static final int BATCH = 500;

  private DatabaseCopy() {}

  /** Rows copied per table, in {@link #TABLES} order; {@code progress} hears a line per table. */
  public static Map<String, Long> copy(Database from, Database to, Consumer<String> progress) throws SQLException {
    try (Connection src = from.dataSource().getConnection(); Connection dst = to.dataSource().getConnection()) {
      for (String table : List.of("drops", "drop_changes", "room_archive")) {
        if (count(dst, table) > 0) {
          throw new IllegalStateException("the target database already holds " + table + "; copy only into a new one");
        }
      }
      var copied = new LinkedHashMap<String, Long>();
      dst.setAutoCommit(false);
      try {
        for (String table : TABLES) {
          long n = copyTable(src, dst, table, to.dialect());
          copied.put(table, n);
          progress.accept(table + ": " + n + " rows");
        }
        dst.commit();
      } catch (SQLException | RuntimeException e) {
        dst.rollback();
        throw e;
      }
      for (String table : TABLES) {
        long there = count(dst, table);
        if (there != copied.get(table)) {
          throw new IllegalStateException(table + ": copied " + copied.get(table) + " rows but the target holds " + there);
        }
      }
      return copied;
    }
  }

  private static long copyTable(Connection src, Connection dst, String table, Dialect target) throws SQLException {
    List<String> columns = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    try (var st = dst.createStatement(); var rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      var md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
        types.add(md.getColumnType(i));
      }
    }
    String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
    long n = 0;
    try (var st = src.createStatement(); var rs = st.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table);
        PreparedStatement ins = dst.prepareStatement(insert)) {
      while (rs.next()) {
        for (int i = 0; i < columns.size(); i++) ins.setObject(i + 1, value(rs, i + 1, types.get(i), target), types.get(i));
        ins.addBatch();
        if (++n % BATCH == 0) ins.executeBatch();
      }
      ins.executeBatch();
    }
    return n;
  }

  /** The source's value as the target column takes it: SQLite keeps booleans as 0/1 and text may hold NUL. */
  private static Object value(ResultSet rs, int column, int targetType, Dialect target) throws SQLException {
    Object v = rs.getObject(column);
    if (v == null) return null;
    return switch (targetType) {
      case Types.BOOLEAN, Types.BIT -> v instanceof Boolean b ? b : ((Number) v).longValue() != 0;
      case Types.BIGINT -> ((Number) v).longValue();
      case Types.INTEGER, Types.SMALLINT -> ((Number) v).intValue();
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> ((Number) v).doubleValue();
      // Only what an older build wrote raw can hold NUL; PostgreSQL text cannot, so it gets Rows' encoding.
      default -> v instanceof String s && s.indexOf('\0') >= 0 && target == Dialect.POSTGRESQL ? Rows.toText(s) : v.toString();
    };
  }

  private static long count(Connection c, String table) throws SQLException {
    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
