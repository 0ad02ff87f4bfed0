package dev.livedrop.admin;

import dev.livedrop.LivedropApp;
import dev.livedrop.access.AccessTokens;
import dev.livedrop.config.LivedropConfig;
import dev.livedrop.storage.jdbc.DatabaseCopy;
import dev.livedrop.storage.jdbc.SharedKeys;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code admin migrate}: moves an embedded deployment's data to the scale-out one. The source is
 * this deployment (its usual settings); the target is described by the same settings prefixed
 * {@code LIVEDROP_TARGET_} ({@code LIVEDROP_TARGET_DATABASE_URL=jdbc:postgresql://…}). Copies the
 * database row for row, and the key tokens are signed with, so that links, cookies and tokens
 * already out keep working. The server should be stopped while it runs (docs/deploy.md).
 */
final class MigrateCommand {
  static final String TARGET_PREFIX = "LIVEDROP_TARGET_";
  private final LivedropConfig source;
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  MigrateCommand(LivedropConfig source, Map<String, String> env, PrintStream out, PrintStream err) {
    this.source = source;
    this.env = env;
    this.out = out;
    this.err = err;
  }

  int run(String[] args) throws Exception {
    if (args.length > 0) {
      err.print(Admin.USAGE);
      return 2;
    }
    LivedropConfig target = LivedropConfig.from(targetEnv(env));
    if (!target.database().postgresql()) {
      err.println("livedrop admin migrate: set LIVEDROP_TARGET_DATABASE_URL to the PostgreSQL database to copy into");
      return 2;
    }
    if (source.database().postgresql() && source.database().url().equals(target.database().url())) {
      err.println("livedrop admin migrate: the source and the target are the same database");
      return 2;
    }
    try (var from = LivedropApp.openDatabase(source); var to = LivedropApp.openDatabase(target)) {
      out.println("copying the database to " + target.database().url());
      DatabaseCopy.copy(from, to, line -> out.println("  " + line));
      if (!from.dialect().shared()) {
        // The embedded server keeps the token key in its data dir; nodes share it in the database.
        var keyFile = source.dataDir().resolve("token.key");
        if (Files.exists(keyFile)) {
          SharedKeys.put(to.dataSource(), "token", AccessTokens.loadOrCreateKey(keyFile));
          out.println("  the token key: copied, so tokens and links already out stay valid");
        }
      }
    }
    out.println("done");
    return 0;
  }

  /** The settings of the target: every LIVEDROP_TARGET_X as LIVEDROP_X, nothing else of the source's. */
  static Map<String, String> targetEnv(Map<String, String> env) {
    var target = new HashMap<String, String>();
    env.forEach((k, v) -> {
      if (k.startsWith(TARGET_PREFIX)) target.put("LIVEDROP_" + k.substring(TARGET_PREFIX.length()), v);
    });
    return target;
  }
}
