package dev.livedrop.drops;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** Checks on the short texts people type: nicknames, titles, descriptions, comments, links. */
public final class TextRules {
  public static final int MAX_NICKNAME = 64;
  public static final int MAX_TITLE = 200;
  public static final int MAX_DESCRIPTION = 4000;
  public static final int MAX_COMMENT = 4000;
  public static final int MAX_URL = 2048;
  public static final int MIN_PASSWORD = 4;
  public static final int MAX_PASSWORD = 256;

  /** Nicknames only livedrop itself (its room service) and a drop's admin appear under. */
  private static final Set<String> RESERVED_NICKNAMES = Set.of("livedrop", "admin");

  private TextRules() {}

  public static String nickname(String raw) {
    if (raw == null || raw.isBlank()) return "anonymous";
    String n = raw.strip();
    if (n.length() > MAX_NICKNAME) throw DropException.invalid("A nickname has at most " + MAX_NICKNAME + " characters.");
    if (n.codePoints().anyMatch(Character::isISOControl)) throw DropException.invalid("A nickname may not hold control characters.");
    // Invisible characters (zero-width space, joiners, direction marks) make one name look like another.
    if (n.codePoints().anyMatch(c -> Character.getType(c) == Character.FORMAT)) {
      throw DropException.invalid("A nickname may not hold invisible characters.");
    }
    return n;
  }

  /**
   * A guest's nickname: as {@link #nickname}, and not one that reads as the service's or the
   * admin's, whatever its case, width or a " (2)" after it.
   */
  public static String guestNickname(String raw) {
    String n = nickname(raw);
    String folded = Normalizer.normalize(n, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
        .replaceAll("\\s+", " ").replaceFirst(" ?\\(\\d+\\)$", "").strip();
    if (RESERVED_NICKNAMES.contains(folded)) {
      throw DropException.invalid("The nickname '" + n + "' is reserved; choose another.");
    }
    return n;
  }

  /** A one-line text (title, name): trimmed, no control characters; null stays null. */
  public static String line(String field, String raw, int max) {
    if (raw == null) return null;
    String s = raw.strip();
    if (s.length() > max) throw DropException.invalid("'" + field + "' has at most " + max + " characters.");
    if (s.codePoints().anyMatch(Character::isISOControl)) {
      throw DropException.invalid("'" + field + "' may not hold control characters or line breaks.");
    }
    return s;
  }

  /** A multi-line text: line breaks and tabs allowed, other control characters not. */
  public static String text(String field, String raw, int max) {
    if (raw == null) return null;
    if (raw.length() > max) throw DropException.invalid("'" + field + "' has at most " + max + " characters.");
    if (raw.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      throw DropException.invalid("'" + field + "' may not hold control characters other than line breaks and tabs.");
    }
    return raw;
  }

  public static String required(String field, String value) {
    if (value == null || value.isBlank()) throw DropException.invalid("'" + field + "' is required.");
    return value;
  }

  public static String password(String raw) {
    if (raw.length() < MIN_PASSWORD || raw.length() > MAX_PASSWORD) {
      throw DropException.invalid("A password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
    }
    return raw;
  }

  /** Only absolute http(s) links: javascript:, data: and friends would run in a viewer's page. */
  public static String url(String raw) {
    String s = required("url", raw).strip();
    if (s.length() > MAX_URL) throw DropException.invalid("A link has at most " + MAX_URL + " characters.");
    try {
      URI uri = new URI(s);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw DropException.invalid("A link must be an absolute http or https URL.");
      }
      return s;
    } catch (URISyntaxException e) {
      throw DropException.invalid("A link must be a valid URL: " + e.getReason() + ".");
    }
  }
}
