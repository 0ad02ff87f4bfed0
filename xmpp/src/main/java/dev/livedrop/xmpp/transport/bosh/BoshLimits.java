package dev.livedrop.xmpp.transport.bosh;

/**
 * What this connection manager grants (XEP-0124 §7): the longest wait, how many requests it
 * holds, how many may be outstanding, and the timings after which a session is dead.
 */
record BoshLimits(int maxWaitSeconds, int maxHold, int inactivitySeconds, int pollingSeconds, int maxPauseSeconds) {
  static final BoshLimits DEFAULT = new BoshLimits(60, 1, 60, 2, 120);
}
