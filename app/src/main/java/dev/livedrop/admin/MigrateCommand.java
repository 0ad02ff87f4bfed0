package dev.livedrop.admin;

import dev.livedrop.LivedropApp;
import dev.livedrop.access.AccessTokens;
import dev.livedrop.config.LivedropConfig;
import dev.livedrop.media.Thumbnailer;
import dev.livedrop.storage.blob.BlobCopy;
import dev.livedrop.storage.blob.BlobStore;
import dev.livedrop.storage.blob.BlobStores;
import dev.livedrop.storage.jdbc.DatabaseCopy;
import dev.livedrop.storage.jdbc.SharedKeys;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code admin migrate}: moves an embedded deployment's data to the scale-out one. The source is
 * this deployment (its usual settings); the target is described by the same settings prefixed
 * {@code LIVEDROP_TARGET_} ({@code LIVEDROP_TARGET_DATABASE_URL=jdbc:postgresql://…},
 * {@code LIVEDROP_TARGET_BLOB_STORE=s3} with {@code LIVEDROP_TARGET_S3_…}). Copies the database row
 * for row with the key tokens are signed with, so that links, cookies and tokens already out keep
 * working, and the file content with its thumbnails. The server is stopped meanwhile (docs/deploy.md).
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
    LivedropConfig target = LivedropConfig.from(targetEnv(env, source));
    boolean database = target.database().postgresql();
    boolean blobs = target.blobStorage().s3() != null;
    if (!database && !blobs) {
      err.println("livedrop admin migrate: set LIVEDROP_TARGET_DATABASE_URL (a PostgreSQL database) and/or"
          + " LIVEDROP_TARGET_BLOB_STORE=s3 with LIVEDROP_TARGET_S3_* (a bucket) to copy into");
      return 2;
    }
    if (database && source.database().postgresql() && source.database().url().equals(target.database().url())) {
      err.println("livedrop admin migrate: the source and the target are the same database");
      return 2;
    }
    if (database) copyDatabase(target);
    if (blobs) copyBlobs(target);
    out.println("done");
    return 0;
  }

  private void copyDatabase(LivedropConfig target) throws Exception {
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
  }

  private void copyBlobs(LivedropConfig target) throws Exception {
    try (BlobStore from = BlobStores.open(source.blobStorage().s3(), source.dataDir());
        BlobStore to = BlobStores.open(target.blobStorage().s3(), target.dataDir())) {
      out.println("copying file content to bucket " + target.blobStorage().s3().bucket());
      var copied = BlobCopy.copy(from, to, sha -> List.of(Thumbnailer.key(sha, "png"), Thumbnailer.key(sha, "jpg")),
          line -> out.println("  " + line));
      out.printf("  %d files copied (%d bytes), %d there already, %d thumbnails%n", copied.blobs(), copied.bytes(),
          copied.skipped(), copied.derived());
    }
  }

  /**
   * The settings of the target: every LIVEDROP_TARGET_X as LIVEDROP_X, nothing else of the source's
   * but its data dir (where content is staged on its way to a bucket).
   */
  static Map<String, String> targetEnv(Map<String, String> env, LivedropConfig source) {
    var target = new HashMap<String, String>();
    target.put("LIVEDROP_DATA_DIR", source.dataDir().toString());
    env.forEach((k, v) -> {
      if (k.startsWith(TARGET_PREFIX)) target.put("LIVEDROP_" + k.substring(TARGET_PREFIX.length()), v);
    });
    return target;
  }
}
