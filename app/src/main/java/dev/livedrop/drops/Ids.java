package dev.livedrop.drops;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Identifiers for assets and comments: 48 bits of milliseconds then 80 random bits, in lower-case
 * Crockford base32 (26 characters). They sort by creation time and are unguessable.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  private static long lastMillis;
  private static final byte[] LAST_RANDOM = new byte[10];

  /**
   * Monotonic within a millisecond (as ULID specifies): a second id in the same millisecond is the
   * previous one plus one, so ids made in order sort in order.
   */
  public static String next(Instant now) {
    byte[] random = new byte[10];
    long millis = now.toEpochMilli();
    synchronized (LAST_RANDOM) {
      if (millis <= lastMillis) {
        millis = lastMillis;
        for (int i = 9; i >= 0 && ++LAST_RANDOM[i] == 0; i--) {
          // carry into the next byte
        }
      } else {
        lastMillis = millis;
        RANDOM.nextBytes(LAST_RANDOM);
        LAST_RANDOM[0] &= 0x7f; // room to count up without overflowing 80 bits
      }
      System.arraycopy(LAST_RANDOM, 0, random, 0, 10);
    }
    char[] out = new char[26];
    // 10 chars of time (50 bits, top 2 always zero) then 16 chars of randomness (80 bits).
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    long hi = 0;
    for (int i = 0; i < 5; i++) hi = (hi << 8) | (random[i] & 0xff);
    long lo = 0;
    for (int i = 5; i < 10; i++) lo = (lo << 8) | (random[i] & 0xff);
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }

  public static boolean plausible(String id) {
    if (id == null || id.length() != 26) return false;
    for (int i = 0; i < id.length(); i++) {
      if (new String(ALPHABET).indexOf(id.charAt(i)) < 0) return false;
    }
    return true;
  }
}
