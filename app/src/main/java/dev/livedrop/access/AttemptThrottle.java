package dev.livedrop.access;

import java.time.Duration;

/**
 * Allows at most {@code limit} password or admin-secret checks per drop and client within a
 * window that starts at the first of them. A check is reserved before the slow hash runs, in one
 * atomic step, so fifty requests racing each other get no more checks than one client in
 * sequence, on one node or spread over several; a matching secret ends the window.
 */
public interface AttemptThrottle {
  /**
   * Takes one check for this drop and client if the window has one left; false when they are all
   * used and the caller must be refused without hashing.
   */
  boolean tryReserve(String drop, String client);

  /** A secret matched: the client starts afresh. */
  void succeeded(String drop, String client);

  /** How long until this drop and client may try again (at least a second). */
  Duration retryAfter(String drop, String client);
}
