package dev.livedrop.access;

import java.time.Duration;

/**
 * How fast one client may ask about drops that do not exist: a token bucket per client address
 * holding {@code probes} tokens, refilled at {@code probes} per {@code window}. Only a miss (a
 * name that names no drop) spends a token, so opening existing drops never costs anything; a
 * client whose bucket is empty has been guessing names, on whichever node.
 */
public interface NameProbeLimiter {
  /** Whether this client has misses left; true when the limit is off. */
  boolean allowed(String client);

  /** Counts one miss against this client. */
  void missed(String client);

  /** How long until this client has a miss to spend again (at least a second). */
  Duration retryAfter(String client);
}
