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
 * reports state 'failed'.
 */
import { $iq, $msg, $pres, Strophe } from 'strophe.js';
import { backoffDelay } from './backoff.js';
import { Emitter } from '../lib/emitter.js';

export const NS = Object.freeze({
  MUC: 'http://jabber.org/protocol/muc',
  MUC_USER: 'http://jabber.org/protocol/muc#user',
  EVENT: 'urn:livedrop:event:1',
  ORIGIN_ID: 'urn:xmpp:sid:0',
  STANZA_ID: 'urn:xmpp:sid:0',
  DELAY: 'urn:xmpp:delay',
  PING: 'urn:xmpp:ping',
  STANZAS: 'urn:ietf:params:xml:ns:xmpp-stanzas',
});

/** Nick the application posts events as. */
export const SERVICE_NICK = 'livedrop';

const S = Strophe.Status;
const KEEPALIVE_MS = 25000;
const PING_TIMEOUT_MS = 10000;
const JOIN_TIMEOUT_MS = 15000;
const HISTORY_STANZAS = 25;

export function connect(options) {
  return new XmppClient(options);
}

export class XmppClient extends Emitter {
  constructor({ session, transport = 'auto', backoff = {}, debug = false }) {
    super();
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
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.onBrowserOnline);
      window.addEventListener('offline', this.onBrowserOffline);
    }
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
    clearTimeout(this.retryTimer);
    this.stopKeepalive();
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onBrowserOnline);
      window.removeEventListener('offline', this.onBrowserOffline);
    }
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
    clearTimeout(this.retryTimer);
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
    const order = this.transportsToTry(session);
    this.tryTransports(gen, order);
  }

  transportsToTry(session) {
    const ws = session.websocket ? absoluteUrl(session.websocket, true) : null;
    const bosh = session.bosh ? absoluteUrl(session.bosh, false) : null;
    if (this.preferred === 'websocket') return [['websocket', ws]];
    if (this.preferred === 'bosh') return [['bosh', bosh]];
    const both = [];
    if (ws && !this.websocketFailed && typeof WebSocket !== 'undefined') both.push(['websocket', ws]);
    if (bosh) both.push(['bosh', bosh]);
    return both;
  }

  tryTransports(gen, order) {
    const [kind, url] = order[0] || [];
    if (!url) return this.retry(new Error('no transport configured'));
    this.transport = kind;
    const mechanisms = this.session.jid ? (SASL[this.session.sasl] || [Strophe.SASLPlain]) : [Strophe.SASLAnonymous];
    const conn = new Strophe.Connection(url, { mechanisms });
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
          reachedServer = true;
          break;
        case S.CONNECTED:
          reachedServer = true;
          this.attempt = 0;
          this.onConnected(gen);
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
            // WebSocket blocked on the way (a proxy, a firewall): BOSH is plain HTTP and gets through.
            this.websocketFailed = true;
            this.tryTransports(gen, rest);
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
    const x = { xmlns: NS.MUC };
    const pres = $pres({ to: `${this.room}/${this.nick}` }).c('x', x);
    if (this.session.roomPassword) pres.c('password').t(this.session.roomPassword).up();
    // XEP-0045 §7.2.13: recent chat on the first join; on a rejoin, what we may have missed.
    if (this.lastStamp) pres.c('history', { since: this.lastStamp });
    else pres.c('history', { maxstanzas: String(HISTORY_STANZAS) });
    this.joined = false;
    this.conn.send(pres);
    clearTimeout(this.joinTimer);
    this.joinTimer = setTimeout(() => {
      if (gen === this.generation && !this.joined) this.dropConnection(new Error('the room did not answer the join'));
    }, JOIN_TIMEOUT_MS);
  }

  onPresence(gen, p) {
    if (gen !== this.generation) return false;
    const from = p.getAttribute('from') || '';
    if (Strophe.getBareJidFromJid(from) !== this.room) return true;
    const nick = Strophe.getResourceFromJid(from);
    const type = p.getAttribute('type');
    if (type === 'error') {
      this.onJoinError(gen, p);
      return true;
    }
    const xUser = child(p, 'x', NS.MUC_USER);
    const codes = xUser ? [...xUser.getElementsByTagName('status')].map((s) => s.getAttribute('code')) : [];
    const item = xUser ? xUser.getElementsByTagName('item')[0] : null;
    const self = codes.includes('110') || nick === this.nick;
    const available = type !== 'unavailable';
    const info = {
      nick,
      available,
      self,
      role: item?.getAttribute('role') || null,
      affiliation: item?.getAttribute('affiliation') || null,
    };
    if (available) this.occupants.set(nick, info);
    else this.occupants.delete(nick);
    this.emit('presence', info);
    if (self && available && !this.joined) {
      this.joined = true;
      this.rejoinedAfterAuthError = false;
      clearTimeout(this.joinTimer);
      this.setState('online');
      this.emit('joined', { room: this.room, nick: this.nick, rejoin: this.joinedOnce });
      this.joinedOnce = true;
    } else if (self && !available) {
      // XEP-0045 §10.9 destroyed, §8.2 kicked (307), §9.1 banned (301): we are out of the room.
      const destroyed = xUser && xUser.getElementsByTagName('destroy').length > 0;
      const reason = destroyed ? 'destroyed' : codes.includes('301') ? 'banned' : codes.includes('307') ? 'kicked' : 'left';
      this.emit('left', { reason });
      if (destroyed || reason === 'banned') this.fail(Object.assign(new Error(`room ${reason}`), { fatal: true }));
      else this.dropConnection(new Error(`removed from the room (${reason})`));
    }
    return true;
  }

  onJoinError(gen, p) {
    const err = p.getElementsByTagName('error')[0];
    const condition = err && err.firstElementChild ? err.firstElementChild.localName : 'undefined-condition';
    if (condition === 'conflict' && this.nickTry < 20) {
      // XEP-0045 §7.2.9: the nick is taken (often our own earlier tab): try "nick (2)", "nick (3)", ...
      this.nickTry++;
      this.nick = `${this.baseNick} (${this.nickTry})`;
      this.join(gen);
      return;
    }
    clearTimeout(this.joinTimer);
    const fatal = condition === 'not-authorized' || condition === 'forbidden' || condition === 'item-not-found'
      || condition === 'registration-required';
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
    const from = m.getAttribute('from') || '';
    if (Strophe.getBareJidFromJid(from) !== this.room) return true;
    const nick = Strophe.getResourceFromJid(from);
    const bodyEl = child(m, 'body');
    const eventEl = child(m, 'event', NS.EVENT);
    const delay = child(m, 'delay', NS.DELAY);
    const stamp = delay?.getAttribute('stamp') || null;
    if (!bodyEl && !eventEl) return true; // subject change or chat state
    if (!delay) this.lastStamp = new Date().toISOString();
    else if (!this.lastStamp || stamp > this.lastStamp) this.lastStamp = stamp;
    let event = null;
    if (eventEl && nick === SERVICE_NICK) {
      try {
        event = {
          type: eventEl.getAttribute('type'),
          seq: Number(eventEl.getAttribute('seq')),
          at: eventEl.getAttribute('at'),
          data: JSON.parse(eventEl.textContent || 'null'),
        };
      } catch {
        event = null; // a malformed payload is not an event; the body is still shown
      }
    }
    const originId = child(m, 'origin-id', NS.ORIGIN_ID)?.getAttribute('id') || null;
    this.emit('message', {
      nick,
      body: bodyEl ? bodyEl.textContent : '',
      event,
      id: originId || m.getAttribute('id'),
      delayed: Boolean(delay),
      stamp: stamp || new Date().toISOString(),
      self: nick === this.nick,
      fromService: nick === SERVICE_NICK,
    });
    return true;
  }

  // --- keepalive and recovery ------------------------------------------------------------------

  /** XEP-0199 pings: a connection that died silently (laptop lid, Wi-Fi switch) is noticed. */
  startKeepalive(gen) {
    this.stopKeepalive();
    this.keepalive = setInterval(() => {
      if (gen !== this.generation || !this.conn) return;
      const iq = $iq({ type: 'get', to: this.session.domain, id: randomId() }).c('ping', { xmlns: NS.PING });
      this.conn.sendIQ(iq, () => {}, (res) => {
        if (res === null) this.dropConnection(new Error('ping timed out'));
      }, PING_TIMEOUT_MS);
    }, KEEPALIVE_MS);
  }

  stopKeepalive() {
    clearInterval(this.keepalive);
    this.keepalive = null;
  }

  /** Abandons the current connection and schedules the next attempt. */
  dropConnection(error) {
    const conn = this.conn;
    this.generation++;
    this.stopKeepalive();
    clearTimeout(this.joinTimer);
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
    const retryInMs = backoffDelay(this.attempt++, this.backoff);
    this.setState('reconnecting', { error: String(error?.message || error), retryInMs });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (gen === this.generation) this.start();
    }, retryInMs);
  }

  fail(error) {
    this.generation++;
    this.stopKeepalive();
    clearTimeout(this.retryTimer);
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

function child(el, name, ns) {
  for (const c of el.children) {
    if (c.localName === name && (!ns || c.namespaceURI === ns)) return c;
  }
  return null;
}

// A drop session's ticket is checked as presented, so it logs in with PLAIN; an account of the
// server's own (stored SCRAM-hashed) may say which SCRAM to use instead.
const SASL = {
  'scram-sha-256': [Strophe.SASLSHA256],
  'scram-sha-1': [Strophe.SASLSHA1],
};

function absoluteUrl(url, websocket) {
  const u = new URL(url, window.location.href);
  if (websocket && u.protocol === 'http:') u.protocol = 'ws:';
  if (websocket && u.protocol === 'https:') u.protocol = 'wss:';
  // A page served over https must not be sent to ws:// or http:// (mixed content).
  if (window.location.protocol === 'https:') {
    if (u.protocol === 'ws:') u.protocol = 'wss:';
    if (u.protocol === 'http:') u.protocol = 'https:';
  }
  return u.href;
}

function randomId() {
  return crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);
}
