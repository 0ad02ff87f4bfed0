package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * How a room tells nicknames apart. An occupant is shown under the nickname they chose (a valid
 * resourcepart), but two nicknames that RFC 8266's Nickname profile compares as equal ("LiveDrop",
 * "livedrop", "ＬｉｖｅＤｒｏｐ") are one nickname, so nobody can pass for another occupant by
 * case, width or spacing; one with code points that profile disallows (a zero-width space) is refused.
 */
public final class Nicknames {
  private Nicknames() {}

  /** The nickname as occupants see it, or the error that refuses it. */
  public static String display(String nick) {
    Jids.Parsed p = Jids.parse("x@y/" + nick);
    if (p == null || p.resource() == null || p.resource().isBlank()) {
      throw new StanzaError(Condition.JID_MALFORMED, "That nickname is not allowed.");
    }
    return p.resource();
  }

  /** The form two nicknames are compared in (RFC 8266 §2.4), or the error that refuses the nickname. */
  public static String comparable(String nick) {
    try {
      return PrecisProfiles.NICKNAME.toComparableString(nick);
    } catch (IllegalArgumentException e) {
      throw new StanzaError(Condition.JID_MALFORMED,
          "That nickname is not allowed: it has characters that would make it look like another.");
    }
  }

  /** Whether two nicknames are the same nickname; false if either is not a valid one. */
  public static boolean same(String a, String b) {
    try {
      return comparable(a).equals(comparable(b));
    } catch (StanzaError e) {
      return false;
    }
  }
}
