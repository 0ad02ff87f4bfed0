/**
 * What the live connection takes from its surroundings, in one place so that tests can hand it
 * their own (test/unit/support/fake-strophe.js): the Strophe connection, timers and clock, the
 * page's address and its online/offline events. These are the browser's.
 */
import { Strophe } from 'strophe.js';

export function browserEnvironment() {
  const page = typeof window !== 'undefined' ? window : null;
  return {
    createConnection: (url, options) => new Strophe.Connection(url, options),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (id) => clearInterval(id),
    now: () => Date.now(),
    random: Math.random,
    pageUrl: () => page.location.href,
    websocketAvailable: () => typeof WebSocket !== 'undefined',
    /** An EventTarget firing 'online' and 'offline', or null. */
    network: page,
  };
}
