package dev.livedrop.drops;

import java.security.SecureRandom;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A drop's name: its URL ({@code /d/{name}}) and, later, the localpart of its room JID. The
 * alphabet {@code a-z 0-9 -} is a strict subset of what RFC 7622 allows in a localpart, so every
 * valid name is also a valid JID localpart without escaping.
 */
public final class DropName {
  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 64;
  private static final Pattern SHAPE = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

  /** Names that would collide with our own routes, well-known paths or confusing service names. */
  static final Set<String> RESERVED = Set.of(
      "api", "app", "admin", "administrator", "assets", "static", "public", "d", "drop", "drops",
      "new", "create", "edit", "delete", "login", "logout", "signin", "signup", "register",
      "settings", "account", "help", "about", "docs", "status", "health", "healthz", "metrics",
      "well-known", "http-bind", "bosh", "xmpp", "xmpp-websocket", "websocket", "ws", "rooms",
      "conference", "muc", "root", "system", "livedrop", "www", "mail", "support", "null",
      "undefined", "index", "favicon-ico", "robots-txt", "openapi", "download");

  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private DropName() {}

  /** Returns the name unchanged if valid, else throws with the rule it breaks. */
  public static String validate(String name) {
    if (name == null || name.length() < MIN_LENGTH || name.length() > MAX_LENGTH) {
      throw new DropException(DropException.Reason.NAME_INVALID,
          "A drop name has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters.");
    }
    if (!SHAPE.matcher(name).matches()) {
      throw new DropException(DropException.Reason.NAME_INVALID,
          "A drop name uses only a-z, 0-9 and '-', and neither starts nor ends with '-'.");
    }
    if (RESERVED.contains(name)) {
      throw new DropException(DropException.Reason.NAME_RESERVED,
          "The name '" + name + "' is reserved.");
    }
    return name;
  }

  /** A random name such as {@code k7m2-qx9p-a3vd}: 12 symbols of 32, 60 bits, easy to read aloud. */
  public static String generate() {
    var sb = new StringBuilder(14);
    for (int i = 0; i < 12; i++) {
      if (i > 0 && i % 4 == 0) sb.append('-');
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
