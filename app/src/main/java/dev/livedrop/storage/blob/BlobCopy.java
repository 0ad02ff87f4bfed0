package dev.livedrop.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Copies stored content from one store to another (local disk to S3 when a deployment scales
 * out), with the derived files (thumbnails) of each. Content the target holds already is skipped,
 * so a copy that stopped halfway is simply run again.
 */
public final class BlobCopy {
  /** What a copy did. */
  public record Copied(long blobs, long skipped, long derived, long bytes) {}

  private BlobCopy() {}

  /** {@code derivedKeys}: the keys of the derived files a content hash may have. */
  public static Copied copy(BlobStore from, BlobStore to, Function<String, List<String>> derivedKeys,
      Consumer<String> progress) throws IOException {
    var hashes = new ArrayList<String>();
    from.forEachBlob(hashes::add);
    long blobs = 0;
    long skipped = 0;
    long derived = 0;
    long bytes = 0;
    for (String sha : hashes) {
      if (to.exists(sha)) {
        skipped++;
      } else {
        Path staged = to.newStagingFile();
        try (InputStream in = from.open(sha)) {
          bytes += Files.copy(in, staged, StandardCopyOption.REPLACE_EXISTING);
          to.commit(staged, sha);
          blobs++;
        } catch (IOException | RuntimeException e) {
          to.discard(staged);
          throw e;
        }
      }
      for (String key : derivedKeys.apply(sha)) {
        var content = from.derived(key);
        if (content.isPresent()) {
          to.putDerived(key, content.get());
          derived++;
        }
      }
      long done = blobs + skipped;
      if (done % 1000 == 0) progress.accept(done + " of " + hashes.size() + " files");
    }
    return new Copied(blobs, skipped, derived, bytes);
  }
}
