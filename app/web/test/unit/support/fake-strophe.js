// TEST-ONLY: a Strophe.Connection as src/live/xmpp.js uses it, driven by the test (which status
// the server's answer produces, which stanzas arrive), plus a clock whose timers run when the test
// advances it. Status codes and stanzas are strophe.js's own (Strophe.Status, $pres, $msg).
import './tiny-dom.js';
import { Strophe } from 'strophe.js';
import { connect } from '../../../src/live/xmpp.js';

export const S = Strophe.Status;

export class FakeConnection {
  constructor(url, options) {
    this.url = url;
    this.options = options;
    this.sent = [];
    this.iqs = [];
    this.handlers = [];
    this.disconnectedWith = null;
  }

  connect(jid, pass, callback) {
    Object.assign(this, { jid, pass, callback });
  }

  /** Strophe's signature (handler, ns, name, type, ...); a handler returning falsy is removed. */
  addHandler(handler, ns, name, type) {
    const h = { handler, ns, name, type };
    this.handlers.push(h);
    return h;
  }

  send(stanza) {
    this.sent.push(stanza.tree ? stanza.tree() : stanza);
  }

  sendIQ(iq, onResult, onError, timeout) {
    this.iqs.push({ iq: iq.tree(), onResult, onError, timeout });
  }

  flush() {}

  /** As Strophe: the callback hears DISCONNECTING, then DISCONNECTED. */
  disconnect(reason) {
    this.disconnectedWith = reason;
    this.callback?.(S.DISCONNECTING, null);
    this.callback?.(S.DISCONNECTED, null);
  }

  // --- the test's side ---

  status(code, condition = null) {
    this.callback(code, condition);
  }

  /** Delivers a stanza to the handlers that match it by element name and type, as Strophe does. */
  receive(el) {
    for (const h of [...this.handlers]) {
      if (h.name && h.name !== el.nodeName) continue;
      if (h.type && h.type !== el.getAttribute('type')) continue;
      if (!h.handler(el)) this.handlers.splice(this.handlers.indexOf(h), 1);
    }
  }

  /** The last stanza sent named `name`. */
  lastSent(name) {
    return this.sent.filter((s) => s.nodeName === name).at(-1) || null;
  }
}

export class FakeClock {
  constructor(start = Date.parse('2026-12-04T12:00:00Z')) {
    this.time = start;
    this.timers = new Map();
    this.nextId = 1;
  }

  now() {
    return this.time;
  }

  schedule(fn, ms, every) {
    const id = this.nextId++;
    this.timers.set(id, { fn, at: this.time + ms, every });
    return id;
  }

  cancel(id) {
    this.timers.delete(id);
  }

  /** Delays of the timers still pending, soonest first. */
  pending() {
    return [...this.timers.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time forward, running each timer that falls due, in order. */
  async advance(ms) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, t] = due;
      this.time = t.at;
      if (t.every) t.at += t.every;
      else this.timers.delete(id);
      t.fn();
      await settle();
    }
    this.time = end;
  }
}

/** Lets pending promise callbacks run (the client awaits its session provider). */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A client on fake surroundings. `sessions` are what the /session call answers, one per call (the
 * last repeats); an Error in the list is thrown instead.
 */
export function startClient({ sessions, transport = 'auto', websocketAvailable = true, pageUrl = 'http://drops.example/d/trip' }) {
  const clock = new FakeClock();
  const connections = [];
  const network = new EventTarget();
  const seen = { status: [], joined: [], presence: [], message: [], left: [] };
  let sessionCalls = 0;
  const client = connect({
    transport,
    backoff: { initialMs: 1000, maxMs: 8000 },
    session: async () => {
      const answer = sessions[Math.min(sessionCalls++, sessions.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    },
    environment: {
      createConnection: (url, options) => {
        const c = new FakeConnection(url, options);
        connections.push(c);
        return c;
      },
      setTimeout: (fn, ms) => clock.schedule(fn, ms),
      clearTimeout: (id) => clock.cancel(id),
      setInterval: (fn, ms) => clock.schedule(fn, ms, ms),
      clearInterval: (id) => clock.cancel(id),
      now: () => clock.now(),
      random: () => 1, // no jitter: each delay is its ceiling
      pageUrl: () => pageUrl,
      websocketAvailable: () => websocketAvailable,
      network,
    },
  });
  for (const type of Object.keys(seen)) client.on(type, (d) => seen[type].push(d));
  return {
    client,
    clock,
    connections,
    network,
    seen,
    states: () => seen.status.map((s) => s.state),
    sessionCalls: () => sessionCalls,
    conn: () => connections.at(-1),
  };
}
