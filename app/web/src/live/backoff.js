/**
 * Reconnect delays: exponential from `initialMs` up to `maxMs`, with "equal jitter" (half fixed,
 * half random) so that the viewers of a drop do not all come back in the same millisecond after a
 * server restart.
 */
export function backoffDelay(attempt, { initialMs = 1000, maxMs = 30000 } = {}, random = Math.random) {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
