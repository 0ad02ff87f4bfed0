package dev.livedrop.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the metadata database, pooled, and brings its schema up to date with Flyway. */
public final class Database implements AutoCloseable {
  /** How long a request waits for a connection before it fails (503) rather than hangs. */
  private static final long CONNECTION_TIMEOUT_MS = 5_000;
  private final HikariDataSource pool;
  private final Dialect dialect;
  private final String url;
  private final Properties login;

  private Database(HikariDataSource pool, Dialect dialect, String url, Properties login) {
    this.pool = pool;
    this.dialect = dialect;
    this.url = url;
    this.login = login;
  }

  /**
   * The embedded SQLite database. WAL lets readers run beside the one writer; IMMEDIATE
   * transactions take the write lock at BEGIN, so two writers queue on busy_timeout instead of
   * failing with SQLITE_BUSY when a read lock would have to be upgraded.
   */
  public static Database sqlite(Path file) throws java.io.IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    var cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    cfg.enforceForeignKeys(true);
    cfg.setBusyTimeout(10_000);
    cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    var ds = new SQLiteDataSource(cfg);
    ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());

    var hc = new HikariConfig();
    hc.setDataSource(ds);
    hc.setPoolName("livedrop-sqlite");
    hc.setMaximumPoolSize(8);
    hc.setMinimumIdle(1);
    var db = new Database(new HikariDataSource(hc), Dialect.SQLITE, ds.getUrl(), new Properties());
    db.migrate();
    return db;
  }

  /**
   * A PostgreSQL database shared by every node, with the same migrations. Connection and socket
   * timeouts keep a request from hanging on a server that went away; Hikari replaces the broken
   * connections once it is back.
   */
  public static Database postgresql(String url, String user, String password, int poolSize) {
    var login = new Properties();
    if (user != null) login.setProperty("user", user);
    if (password != null) login.setProperty("password", password);
    login.setProperty("connectTimeout", "5");
    login.setProperty("socketTimeout", "60");
    login.setProperty("ApplicationName", "livedrop");
    var hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setDataSourceProperties(login);
    hc.setPoolName("livedrop-postgresql");
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    var db = new Database(new HikariDataSource(hc), Dialect.POSTGRESQL, url, login);
    try {
      db.migrate();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** A connection of its own, outside the pool, for what holds one for long (LISTEN, leases). */
  Connection connectAlone() throws SQLException {
    return DriverManager.getConnection(url, login);
  }

  private void migrate() {
    Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }
}
