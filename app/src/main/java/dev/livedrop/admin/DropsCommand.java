package dev.livedrop.admin;

import dev.livedrop.LivedropApp;
import dev.livedrop.access.Pbkdf2SecretHasher;
import dev.livedrop.config.LivedropConfig;
import dev.livedrop.drops.Asset;
import dev.livedrop.drops.DropLimits;
import dev.livedrop.drops.DropService;
import dev.livedrop.drops.StoredDrop;
import dev.livedrop.storage.jdbc.JdbcDropStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;

/** {@code admin drops list} and {@code admin drops delete <name>}, on the deployment's database. */
final class DropsCommand {
  private final LivedropConfig config;
  private final PrintStream out;
  private final PrintStream err;

  DropsCommand(LivedropConfig config, PrintStream out, PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  int run(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("list")) return list();
    if (args.length == 2 && args[0].equals("delete")) return delete(args[1]);
    err.print(Admin.USAGE);
    return 2;
  }

  private int list() throws Exception {
    try (var db = LivedropApp.openDatabase(config)) {
      var store = new JdbcDropStore(db.dataSource(), db.dialect());
      out.printf("%-32s %6s %14s  %-20s %s%n", "NAME", "FILES", "BYTES", "EXPIRES", "TITLE");
      for (StoredDrop d : store.liveDrops(Instant.now())) {
        var assets = store.assets(d.drop().name());
        long bytes = assets.stream().mapToLong(Asset::sizeBytes).sum();
        out.printf("%-32s %6d %14d  %-20s %s%n", d.drop().name(), assets.size(), bytes,
            d.drop().expiresAt() == null ? "never" : d.drop().expiresAt().toString(), d.drop().title());
      }
      return 0;
    }
  }

  private int delete(String name) throws Exception {
    try (var db = LivedropApp.openDatabase(config)) {
      var store = new JdbcDropStore(db.dataSource(), db.dialect());
      var limits = new DropLimits(config.maxFileSize(), config.maxDropSize(), config.maxExpiry(), config.maxNoteLength());
      // Content goes by the running server's sweeper: the delete marks it as it would for an admin.
      var drops = new DropService(store, Clock.systemUTC(), limits, new Pbkdf2SecretHasher(1), released -> {});
      if (!drops.remove(name)) {
        err.println("livedrop admin drops delete: no drop '" + name + "'");
        return 1;
      }
      out.println("deleted " + name + "; its viewers are told and its room closes once the server publishes it");
      return 0;
    }
  }
}
