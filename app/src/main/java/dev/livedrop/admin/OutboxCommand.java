package dev.livedrop.admin;

import dev.livedrop.LivedropApp;
import dev.livedrop.config.LivedropConfig;
import dev.livedrop.storage.jdbc.JdbcDropStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** {@code admin outbox}: what waits to be published to the rooms, so a stuck publisher shows. */
final class OutboxCommand {
  private static final int DROPS_SHOWN = 20;
  private final LivedropConfig config;
  private final PrintStream out;

  OutboxCommand(LivedropConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  int run(String[] args) throws Exception {
    try (var db = LivedropApp.openDatabase(config)) {
      var backlog = new JdbcDropStore(db.dataSource(), db.dialect()).changeLog().backlog(DROPS_SHOWN);
      if (backlog.changes() == 0) {
        out.println("outbox empty: every change is published");
        return 0;
      }
      Duration age = Duration.between(backlog.oldest(), Instant.now());
      out.printf("%d changes unpublished, the oldest from %s (%d s ago)%n", backlog.changes(), backlog.oldest(),
          Math.max(0, age.toSeconds()));
      backlog.byDrop().forEach((drop, n) -> out.printf("  %-32s %d%n", drop, n));
      return 0;
    }
  }
}
