package dev.livedrop.support.xmpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a server's temp dir once it has stopped. */
final class TempDirs {
  private TempDirs() {}

  static void delete(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp dir is harmless; the processes, which matter, are already stopped.
    }
  }
}
