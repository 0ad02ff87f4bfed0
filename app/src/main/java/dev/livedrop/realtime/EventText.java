package dev.livedrop.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.drops.Change;
import dev.livedrop.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The human line of an event ("maria added report.pdf (1.2 MB)"), shown by any XMPP client as
 * the message body. The machine-readable event beside it is what programs read.
 */
public final class EventText {
  private static final int MAX_QUOTE = 200;

  private EventText() {}

  public static String of(Change change) {
    JsonNode o;
    try {
      o = Json.mapper().readTree(change.payloadJson());
    } catch (Exception e) {
      return change.type().code();
    }
    return switch (change.type()) {
      case DROP_CREATED -> "The drop " + quote(text(o, "title", text(o, "name", ""))) + " was created.";
      case DROP_UPDATED -> "The drop's settings were changed.";
      case DROP_DELETED -> switch (text(o, "reason", "")) {
        case "expired" -> "The drop has expired and is gone.";
        case "removed" -> "The drop was removed by the server's operator.";
        default -> "The drop was deleted.";
      };
      case DROP_EXPIRING -> expiring(o, change.at());
      case ASSET_CREATED -> who(o, "addedBy") + " added " + assetPhrase(o);
      case ASSET_UPDATED -> text(o, "name", "An item") + " was updated.";
      case ASSET_DELETED -> text(o, "name", "An item") + " was deleted.";
      case COMMENT_CREATED -> who(o, "nickname") + " commented: " + clip(text(o, "text", ""));
      case COMMENT_DELETED -> "A comment by " + who(o, "nickname") + " was deleted.";
    };
  }

  private static String assetPhrase(JsonNode a) {
    String name = text(a, "name", "something");
    return switch (text(a, "kind", "")) {
      case "file" -> name + " (" + size(a.path("file").path("size").asLong()) + ")";
      case "note" -> "the note " + quote(name);
      case "link" -> "a link: " + name;
      default -> name;
    };
  }

  private static String expiring(JsonNode o, Instant now) {
    String at = text(o, "expiresAt", null);
    if (at == null) return "The drop expires soon.";
    long minutes = Math.max(1, Duration.between(now, Instant.parse(at)).toMinutes());
    return "The drop expires in " + minutes + (minutes == 1 ? " minute" : " minutes") + " (" + at + ").";
  }

  /** Decimal units, as people read file sizes: 1.2 MB. */
  static String size(long bytes) {
    if (bytes < 1000) return bytes + " B";
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = bytes;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }

  private static String who(JsonNode o, String field) {
    String n = text(o, field, "");
    return n.isBlank() ? "Someone" : n;
  }

  private static String quote(String s) {
    return "\u201c" + s + "\u201d";
  }

  private static String clip(String s) {
    return s.length() <= MAX_QUOTE ? s : s.substring(0, MAX_QUOTE) + "\u2026";
  }

  private static String text(JsonNode o, String field, String fallback) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }
}
