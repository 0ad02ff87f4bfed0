/**
 * The browser's XMPP connection to a drop's room, on Strophe.js: log in (SASL PLAIN with the
 * session's credentials, or ANONYMOUS when it has none), join the room (XEP-0045 §7.2), and report
 * what happens as events. It keeps itself connected: WebSocket first, BOSH when WebSocket cannot
 * get through, and reconnects with backoff after a network drop or a server restart.
 *
 *   const client = connect({ session: async () => ({ domain, websocket, bosh, jid, password,
 *                                                     room, roomPassword, nick }) });
 *   client.on('status',   ({ state, transport, attempt, retryInMs, error }) => ...)
 *   client.on('joined',   ({ room, nick, rejoin }) => ...)      // every (re)join
 *   client.on('presence', ({ nick, available, role, affiliation, self }) => ...)
 *   client.on('message',  ({ nick, body, event, id, delayed, self, stamp }) => ...)
 *   client.on('left',     ({ reason }) => ...)                   // the room went away (destroyed, kicked)
 *   client.sendChat('hello'); client.close();
 *
 * `session` is asked again before every reconnect, so credentials may be short-lived. If it
 * throws an error with `fatal: true` (the drop is gone, the password changed) the client stops and
 * reports state 'failed'. `environment` replaces parts of browserEnvironment() (the tests' seam).
 *
 * Beside it: transports.js (which transport, which URL), room-presence.js (joining, occupants),
 * room-message.js (chat lines and drop events), protocol.js (namespaces).
 */
import { $iq, $msg, $pres, Strophe } from 'strophe.js';
import { backoffDelay } from './backoff.js';
import { browserEnvironment } from './environment.js';
import { NS } from './protocol.js';
import { errorCondition, isRefusal, joinPresence, readOccupantPresence } from './room-presence.js';
import { readRoomMessage } from './room-message.js';
import { transportsToTry } from './transports.js';
import { Emitter } from '../lib/emitter.js';

export { NS, SERVICE_NICK } from './protocol.js';

const S = Strophe.Status;
const KEEPALIVE_MS = 25000;
const PING_TIMEOUT_MS = 10000;
const JOIN_TIMEOUT_MS = 15000;
const MAX_NICK_TRIES = 20;

export function connect(options) {
  return new XmppClient(options);
}

export class XmppClient extends Emitter {
  constructor({ session, transport = 'auto', backoff = {}, debug = false, environment = {} }) {
    super();
    this.env = { ...browserEnvironment(), ...environment };
    this.sessionProvider = session;
    this.preferred = transport; // 'auto' | 'websocket' | 'bosh'
    this.backoff = backoff;
    this.debug = debug;
    this.closed = false;
    this.attempt = 0;
    this.generation = 0;
    this.conn = null;
    this.state = 'idle';
    this.transport = null;
    this.joinedOnce = false;
    this.websocketFailed = false;
    this.occupants = new Map();
    this.onBrowserOnline = () => this.reconnectNow();
    this.onBrowserOffline = () => this.setState('offline');
    this.env.network?.addEventListener('online', this.onBrowserOnline);
    this.env.network?.addEventListener('offline', this.onBrowserOffline);
    queueMicrotask(() => this.start());
  }

  // --- public ----------------------------------------------------------------------------------

  sendChat(text) {
    if (this.state !== 'online') throw new Error('not connected');
    const id = randomId();
    this.conn.send($msg({ to: this.room, type: 'groupchat', id })
      .c('body').t(text).up()
      .c('origin-id', { xmlns: NS.ORIGIN_ID, id }));
    return id;
  }

  /** Leaves the room and the server for good. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.env.clearTimeout(this.retryTimer);
    this.env.clearTimeout(this.joinTimer);
    this.stopKeepalive();
    this.env.network?.removeEventListener('online', this.onBrowserOnline);
    this.env.network?.removeEventListener('offline', this.onBrowserOffline);
    const conn = this.conn;
    this.generation++;
    if (conn) {
      try {
        if (this.room && this.nick) conn.send($pres({ to: `${this.room}/${this.nick}`, type: 'unavailable' }));
        conn.flush();
        conn.disconnect('closed');
      } catch {
        /* already down */
      }
    }
    this.setState('closed');
  }

  /** Drops the current attempt and its wait, and connects at once (the browser came back online). */
  reconnectNow() {
    if (this.closed || this.state === 'online' || this.state === 'connecting') return;
    this.env.clearTimeout(this.retryTimer);
    this.start();
  }

  // --- connection life -------------------------------------------------------------------------

  async start() {
    if (this.closed) return;
    const gen = ++this.generation;
    this.setState('connecting');
    let session;
    try {
      session = await this.sessionProvider();
    } catch (e) {
      if (gen !== this.generation) return;
      if (e && e.fatal) return this.fail(e);
      return this.retry(e);
    }
    if (gen !== this.generation || this.closed) return;
    this.session = session;
    this.room = session.room;
    this.baseNick = session.nick || 'guest';
    this.nick = this.baseNick;
    this.nickTry = 1;
    const order = transportsToTry(session, {
      preferred: this.preferred,
      websocketFailed: this.websocketFailed,
      websocketAvailable: this.env.websocketAvailable(),
      pageUrl: this.env.pageUrl(),
    });
    this.tryTransports(gen, order);
  }

  /** `fellBack`: WebSocket just failed before reaching the server on this attempt. */
  tryTransports(gen, order, fellBack = false) {
    const [kind, url] = order[0] || [];
    if (!url) return this.retry(new Error('no transport configured'));
    this.transport = kind;
    const mechanisms = this.session.jid ? (SASL[this.session.sasl] || [Strophe.SASLPlain]) : [Strophe.SASLAnonymous];
    const conn = this.env.createConnection(url, { mechanisms });
    this.conn = conn;
    if (this.debug) {
      conn.xmlInput = (el) => console.debug('xmpp <-', el.outerHTML || el);
      conn.xmlOutput = (el) => console.debug('xmpp ->', el.outerHTML || el);
    }
    let reachedServer = false;
    const jid = this.session.jid || this.session.domain;
    conn.connect(jid, this.session.password || null, (status, condition) => {
      if (gen !== this.generation) return;
      if (this.debug) console.debug('xmpp status', status, condition);
      switch (status) {
        case S.AUTHENTICATING:
        case S.CONNECTED:
          reachedServer = true;
          // BOSH got through where WebSocket did not: something on the way blocks WebSocket, so
          // this page stops trying it. A server that was simply down fails both, and proves nothing.
          if (fellBack) this.websocketFailed = true;
          if (status === S.CONNECTED) this.onConnected(gen);
          break;
        case S.AUTHFAIL:
          this.lastError = new Error(`authentication failed${condition ? `: ${condition}` : ''}`);
          break;
        case S.CONNFAIL:
        case S.CONNTIMEOUT:
        case S.ERROR:
          this.lastError = new Error(condition || 'connection failed');
          break;
        case S.DISCONNECTED: {
          this.stopKeepalive();
          this.emitLeftOccupants();
          const rest = order.slice(1);
          if (!reachedServer && kind === 'websocket' && rest.length) {
            // WebSocket blocked on the way (a proxy, a firewall)? BOSH is plain HTTP and gets through.
            this.tryTransports(gen, rest, true);
          } else {
            this.retry(this.lastError || new Error('disconnected'));
          }
          break;
        }
        default:
          break;
      }
    });
  }

  onConnected(gen) {
    const conn = this.conn;
    conn.addHandler((p) => this.onPresence(gen, p), null, 'presence');
    conn.addHandler((m) => this.onMessage(gen, m), null, 'message', 'groupchat');
    this.join(gen);
    this.startKeepalive(gen);
  }

  join(gen) {
    this.joined = false;
    this.conn.send(joinPresence({ room: this.room, nick: this.nick, password: this.session.roomPassword, since: this.lastStamp }));
    this.env.clearTimeout(this.joinTimer);
    this.joinTimer = this.env.setTimeout(() => {
      if (gen === this.generation && !this.joined) this.dropConnection(new Error('the room did not answer the join'));
    }, JOIN_TIMEOUT_MS);
  }

  onPresence(gen, p) {
    if (gen !== this.generation) return false;
    if (Strophe.getBareJidFromJid(p.getAttribute('from') || '') !== this.room) return true;
    if (p.getAttribute('type') === 'error') {
      this.onJoinError(gen, p);
      return true;
    }
    const { info, leftReason } = readOccupantPresence(p, this.nick);
    if (info.available) this.occupants.set(info.nick, info);
    else this.occupants.delete(info.nick);
    this.emit('presence', info);
    if (info.self && info.available && !this.joined) {
      this.joined = true;
      // Only a joined room counts as recovered: a server that logs us in but whose room keeps
      // failing the join is retried with growing delays, not every second by every viewer.
      this.attempt = 0;
      this.rejoinedAfterAuthError = false;
      this.env.clearTimeout(this.joinTimer);
      this.setState('online');
      this.emit('joined', { room: this.room, nick: this.nick, rejoin: this.joinedOnce });
      this.joinedOnce = true;
    } else if (info.self && !info.available) {
      this.emit('left', { reason: leftReason });
      if (leftReason === 'destroyed' || leftReason === 'banned') this.fail(Object.assign(new Error(`room ${leftReason}`), { fatal: true }));
      else this.dropConnection(new Error(`removed from the room (${leftReason})`));
    }
    return true;
  }

  onJoinError(gen, p) {
    const condition = errorCondition(p);
    if (condition === 'conflict' && this.nickTry < MAX_NICK_TRIES) {
      // XEP-0045 §7.2.9: the nick is taken (often our own earlier tab): try "nick (2)", "nick (3)", ...
      this.nickTry++;
      this.nick = `${this.baseNick} (${this.nickTry})`;
      this.join(gen);
      return;
    }
    this.env.clearTimeout(this.joinTimer);
    const fatal = isRefusal(condition);
    const e = Object.assign(new Error(`could not join the room: ${condition}`), { condition, fatal });
    if (fatal) {
      // The session may be stale (the room password changed): ask for a new one once before giving up.
      if (!this.rejoinedAfterAuthError) {
        this.rejoinedAfterAuthError = true;
        this.dropConnection(e);
      } else {
        this.fail(e);
      }
    } else {
      this.dropConnection(e);
    }
  }

  onMessage(gen, m) {
    if (gen !== this.generation) return false;
    if (Strophe.getBareJidFromJid(m.getAttribute('from') || '') !== this.room) return true;
    const message = readRoomMessage(m, this.nick, new Date(this.env.now()).toISOString());
    if (!message) return true; // subject change or chat state
    // The newest stamp seen: a rejoin asks the room's history since then.
    if (!message.delayed) this.lastStamp = message.stamp;
    else if (!this.lastStamp || message.stamp > this.lastStamp) this.lastStamp = message.stamp;
    this.emit('message', message);
    return true;
  }

  // --- keepalive and recovery ------------------------------------------------------------------

  /** XEP-0199 pings: a connection that died silently (laptop lid, Wi-Fi switch) is noticed. */
  startKeepalive(gen) {
    this.stopKeepalive();
    this.keepalive = this.env.setInterval(() => {
      if (gen !== this.generation || !this.conn) return;
      const iq = $iq({ type: 'get', to: this.session.domain, id: randomId() }).c('ping', { xmlns: NS.PING });
      this.conn.sendIQ(iq, () => {}, (res) => {
        if (res === null) this.dropConnection(new Error('ping timed out'));
      }, PING_TIMEOUT_MS);
    }, KEEPALIVE_MS);
  }

  stopKeepalive() {
    this.env.clearInterval(this.keepalive);
    this.keepalive = null;
  }

  /** Abandons the current connection and schedules the next attempt. */
  dropConnection(error) {
    const conn = this.conn;
    this.generation++;
    this.stopKeepalive();
    this.env.clearTimeout(this.joinTimer);
    this.emitLeftOccupants();
    try {
      conn?.disconnect('recovering'); // its callbacks now belong to an old generation and are ignored
    } catch {
      /* already down */
    }
    this.retry(error);
  }

  emitLeftOccupants() {
    for (const nick of this.occupants.keys()) this.emit('presence', { nick, available: false, self: nick === this.nick });
    this.occupants.clear();
  }

  retry(error) {
    if (this.closed || this.state === 'failed') return;
    const gen = ++this.generation;
    const retryInMs = backoffDelay(this.attempt++, this.backoff, this.env.random);
    this.setState('reconnecting', { error: String(error?.message || error), retryInMs });
    this.env.clearTimeout(this.retryTimer);
    this.retryTimer = this.env.setTimeout(() => {
      if (gen === this.generation) this.start();
    }, retryInMs);
  }

  fail(error) {
    this.generation++;
    this.stopKeepalive();
    this.env.clearTimeout(this.retryTimer);
    this.env.clearTimeout(this.joinTimer);
    try {
      this.conn?.disconnect('failed');
    } catch {
      /* ignore */
    }
    this.setState('failed', { error: String(error?.message || error), fatalError: error });
  }

  setState(state, extra = {}) {
    this.state = state;
    this.emit('status', { state, transport: this.transport, attempt: this.attempt, ...extra });
  }
}

// A drop session's ticket is checked as presented, so it logs in with PLAIN; an account of the
// server's own (stored SCRAM-hashed) may say which SCRAM to use instead.
const SASL = {
  'scram-sha-256': [Strophe.SASLSHA256],
  'scram-sha-1': [Strophe.SASLSHA1],
};

function randomId() {
  return crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);
}
