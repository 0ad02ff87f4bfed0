package dev.livedrop.storage.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local directory where uploads are written and hashed before they are committed, whatever the store. */
final class StagingArea {
  private final Path dir;

  StagingArea(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  Path newFile(String prefix) throws IOException {
    return Files.createTempFile(dir, prefix, ".part");
  }

  void discard(Path staged) {
    try {
      Files.deleteIfExists(staged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes what a previous run left mid-upload; returns how many files. */
  int clear() throws IOException {
    int n = 0;
    try (var files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
        n++;
      }
    }
    return n;
  }
}
