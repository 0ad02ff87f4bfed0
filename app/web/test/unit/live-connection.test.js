// src/live/xmpp.js's connection life on a fake Strophe connection and a fake clock: which
// transport, which login, when it reconnects and with which credentials, what the badge hears.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Strophe } from 'strophe.js';
import { S, settle, startClient } from './support/fake-strophe.js';
import { ROOM, occupant } from './support/stanzas.js';

const ticket = (n, extra = {}) => ({
  domain: 'drops.example', websocket: '/xmpp-websocket', bosh: '/http-bind',
  jid: 'v-3f9c0a1b@drops.example', password: `ticket-${n}`, room: ROOM, roomPassword: 'room-secret', nick: 'ana', ...extra,
});

/** Drives the current connection to a joined room, as a server that accepts everything would. */
function acceptAndJoin(h) {
  const c = h.conn();
  c.status(S.CONNECTING);
  c.status(S.AUTHENTICATING);
  c.status(S.CONNECTED);
  c.receive(occupant('ana', { codes: ['110'] }));
  return c;
}

test('WebSocket is tried first, on the page\'s origin', async () => {
  const h = startClient({ sessions: [ticket(1)] });
  await settle();
  assert.equal(h.connections.length, 1);
  assert.equal(h.conn().url, 'ws://drops.example/xmpp-websocket');
  acceptAndJoin(h);
  assert.equal(h.client.state, 'online');
  assert.equal(h.seen.status.at(-1).transport, 'websocket');
});

test('a WebSocket that fails before reaching the server falls back to BOSH, and stays there', async () => {
  const h = startClient({ sessions: [ticket(1)] });
  await settle();
  const ws = h.conn();
  ws.status(S.CONNECTING);
  ws.status(S.CONNFAIL, 'websocket error');
  ws.status(S.DISCONNECTED);
  assert.equal(h.connections.length, 2, 'BOSH tried at once, without waiting for a backoff');
  const bosh = h.conn();
  assert.equal(bosh.url, 'http://drops.example/http-bind');
  assert.equal(bosh.jid, 'v-3f9c0a1b@drops.example');
  acceptAndJoin(h);
  assert.equal(h.seen.status.at(-1).state, 'online');
  assert.equal(h.seen.status.at(-1).transport, 'bosh');
  assert.ok(!h.states().includes('reconnecting'));

  bosh.status(S.DISCONNECTED); // a server restart
  await h.clock.advance(h.clock.pending()[0]);
  assert.equal(h.conn().url, 'http://drops.example/http-bind', 'WebSocket is not tried again on this page');
});

test('a server that is down fails WebSocket and BOSH alike, so the next attempt tries WebSocket again', async () => {
  const h = startClient({ sessions: [ticket(1)] });
  await settle();
  acceptAndJoin(h).status(S.DISCONNECTED); // the server goes away
  await h.clock.advance(1000);
  for (const transport of ['websocket', 'bosh']) {
    const c = h.conn();
    assert.equal(c.url.startsWith('ws:'), transport === 'websocket');
    c.status(S.CONNECTING);
    c.status(S.CONNFAIL, 'connection refused');
    c.status(S.DISCONNECTED);
  }
  assert.deepEqual(h.connections.map((c) => c.url).slice(1),
    ['ws://drops.example/xmpp-websocket', 'http://drops.example/http-bind']);
  assert.equal(h.client.state, 'reconnecting');
  await h.clock.advance(2000);
  assert.equal(h.conn().url, 'ws://drops.example/xmpp-websocket');
});

test('a WebSocket that reached the server and then dropped is retried, not given up for BOSH', async () => {
  const h = startClient({ sessions: [ticket(1)] });
  await settle();
  const ws = h.conn();
  ws.status(S.CONNECTING);
  ws.status(S.AUTHENTICATING);
  ws.status(S.DISCONNECTED);
  assert.equal(h.connections.length, 1);
  assert.equal(h.client.state, 'reconnecting');
  await h.clock.advance(1000);
  assert.equal(h.conn().url, 'ws://drops.example/xmpp-websocket');
});

test('without WebSocket in the page, BOSH is the first and only transport', async () => {
  const h = startClient({ sessions: [ticket(1)], websocketAvailable: false });
  await settle();
  assert.deepEqual(h.connections.map((c) => c.url), ['http://drops.example/http-bind']);
});

test('logs in with SASL PLAIN and the ticket from /session; ANONYMOUS at the domain without one', async () => {
  const withTicket = startClient({ sessions: [ticket(1)] });
  await settle();
  assert.equal(withTicket.conn().jid, 'v-3f9c0a1b@drops.example');
  assert.equal(withTicket.conn().pass, 'ticket-1');
  assert.deepEqual(withTicket.conn().options.mechanisms, [Strophe.SASLPlain]);

  const anonymous = startClient({ sessions: [ticket(1, { jid: undefined, password: undefined })] });
  await settle();
  assert.equal(anonymous.conn().jid, 'drops.example');
  assert.equal(anonymous.conn().pass, null);
  assert.deepEqual(anonymous.conn().options.mechanisms, [Strophe.SASLAnonymous]);
});

test('a dropped connection reconnects after a doubling backoff, with a fresh /session each time', async () => {
  const h = startClient({ sessions: [ticket(1), ticket(2), ticket(3), ticket(4)], transport: 'bosh' });
  await settle();
  acceptAndJoin(h).status(S.DISCONNECTED);
  assert.equal(h.client.state, 'reconnecting');
  assert.equal(h.seen.status.at(-1).retryInMs, 1000);
  assert.deepEqual(h.clock.pending(), [1000]);

  await h.clock.advance(999);
  assert.equal(h.connections.length, 1, 'nothing before the delay is over');
  await h.clock.advance(1);
  assert.equal(h.sessionCalls(), 2);
  assert.equal(h.conn().pass, 'ticket-2');

  h.conn().status(S.CONNFAIL, 'host-unknown'); // the server still down: the next wait doubles
  h.conn().status(S.DISCONNECTED);
  assert.equal(h.seen.status.at(-1).retryInMs, 2000);
  assert.equal(h.seen.status.at(-1).error, 'host-unknown');
  await h.clock.advance(2000);
  assert.equal(h.conn().pass, 'ticket-3');

  acceptAndJoin(h).status(S.DISCONNECTED); // a success resets the backoff
  assert.equal(h.seen.status.at(-1).retryInMs, 1000);
});

test('a ticket the server refuses (expired: not-authorized) is replaced by a fresh /session before the next login', async () => {
  const h = startClient({ sessions: [ticket(1), ticket(2)] });
  await settle();
  const first = h.conn();
  first.status(S.CONNECTING);
  first.status(S.AUTHENTICATING);
  first.status(S.AUTHFAIL, 'not-authorized');
  first.status(S.DISCONNECTED);
  assert.equal(h.seen.status.at(-1).state, 'reconnecting');
  assert.equal(h.seen.status.at(-1).error, 'authentication failed: not-authorized');
  await h.clock.advance(1000);
  assert.equal(h.sessionCalls(), 2);
  assert.equal(h.conn().pass, 'ticket-2');
  acceptAndJoin(h);
  assert.equal(h.client.state, 'online');
  assert.equal(h.seen.joined.length, 1);
});

test('a /session that cannot be had retries; one marked fatal (drop gone, access revoked) stops for good', async () => {
  const offline = Object.assign(new Error('Failed to fetch'), {});
  const gone = Object.assign(new Error('drop expired'), { fatal: true });
  const h = startClient({ sessions: [offline, gone] });
  await settle();
  assert.equal(h.client.state, 'reconnecting');
  assert.equal(h.seen.status.at(-1).error, 'Failed to fetch');
  await h.clock.advance(1000);
  assert.equal(h.client.state, 'failed');
  assert.equal(h.seen.status.at(-1).fatalError, gone);
  assert.deepEqual(h.clock.pending(), [], 'no retry scheduled');
  assert.equal(h.connections.length, 0);
});

test('the badge hears every state: connecting, online, reconnecting with its delay, online again, closed', async () => {
  const h = startClient({ sessions: [ticket(1)] });
  await settle();
  acceptAndJoin(h).status(S.DISCONNECTED);
  await h.clock.advance(1000);
  acceptAndJoin(h);
  h.client.close();
  assert.deepEqual(h.states(), ['connecting', 'online', 'reconnecting', 'connecting', 'online', 'closed']);
  const waiting = h.seen.status[2];
  assert.equal(waiting.retryInMs, 1000);
  assert.equal(waiting.error, 'disconnected');
  assert.equal(waiting.transport, 'websocket');
});

test('the browser going offline shows at once; coming back online reconnects without waiting out the backoff', async () => {
  const h = startClient({ sessions: [ticket(1), ticket(2)] });
  await settle();
  acceptAndJoin(h);
  h.network.dispatchEvent(new Event('offline'));
  assert.equal(h.client.state, 'offline');
  h.conn().status(S.DISCONNECTED);
  assert.deepEqual(h.clock.pending(), [1000]);
  h.network.dispatchEvent(new Event('online'));
  await settle();
  assert.equal(h.connections.length, 2);
  assert.equal(h.conn().pass, 'ticket-2');
  await h.clock.advance(5000);
  assert.equal(h.connections.length, 2, 'the abandoned wait does not start a second attempt');
});

test('a connection that dies silently is noticed by the keepalive ping and replaced', async () => {
  const h = startClient({ sessions: [ticket(1)] });
  await settle();
  const c = acceptAndJoin(h);
  await h.clock.advance(25000);
  assert.equal(c.iqs.length, 1);
  const { iq, onError, timeout } = c.iqs[0];
  assert.equal(iq.getAttribute('to'), 'drops.example');
  assert.equal(iq.firstElementChild.namespaceURI, 'urn:xmpp:ping');
  assert.equal(timeout, 10000);
  onError(null); // Strophe's answer to an IQ timeout
  assert.equal(c.disconnectedWith, 'recovering');
  assert.equal(h.seen.status.at(-1).error, 'ping timed out');
  await h.clock.advance(1000);
  assert.equal(h.connections.length, 2);
});

test('close leaves the room, disconnects, and nothing is scheduled afterwards', async () => {
  const h = startClient({ sessions: [ticket(1)] });
  await settle();
  const c = acceptAndJoin(h);
  h.client.close();
  const leave = c.lastSent('presence');
  assert.equal(leave.getAttribute('type'), 'unavailable');
  assert.equal(leave.getAttribute('to'), `${ROOM}/ana`);
  assert.equal(c.disconnectedWith, 'closed');
  assert.deepEqual(h.clock.pending(), []);
  assert.equal(h.client.state, 'closed');
  assert.throws(() => h.client.sendChat('late'), /not connected/);
});
