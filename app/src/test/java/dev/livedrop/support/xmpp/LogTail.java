package dev.livedrop.support.xmpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a server's logs, for the message of a failed start. */
final class LogTail {
  private LogTail() {}

  static String of(int lines, Path... files) {
    var out = new StringBuilder();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) continue;
      try {
        // Lenient decoding: a log may hold bytes that are not UTF-8.
        List<String> all = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().toList();
        out.append("--- ").append(f).append('\n');
        for (String l : all.subList(Math.max(0, all.size() - lines), all.size())) out.append(l).append('\n');
      } catch (IOException e) {
        out.append("--- ").append(f).append(": ").append(e).append('\n');
      }
    }
    return out.length() == 0 ? "(no log written)" : out.toString();
  }
}
