package dev.livedrop.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the metadata database, pooled, and brings its schema up to date with Flyway. */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;

  private Database(HikariDataSource pool) {
    this.pool = pool;
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
    var db = new Database(new HikariDataSource(hc));
    db.migrate();
    return db;
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
