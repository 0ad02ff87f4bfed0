// src/live/xmpp.js in the drop's room (XEP-0045): the join, what it hands on, and being put out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NS } from '../../src/live/protocol.js';
import { createSequencer } from '../../src/live/sequencer.js';
import { S, settle, startClient } from './support/fake-strophe.js';
import { ROOM, chatMessage, eventMessage, joinError, occupant, subjectMessage } from './support/stanzas.js';

const ticket = (n, extra = {}) => ({
  domain: 'drops.example', websocket: '/xmpp-websocket', bosh: '/http-bind',
  jid: 'v-3f9c0a1b@drops.example', password: `ticket-${n}`, room: ROOM, roomPassword: `room-secret-${n}`, nick: 'ana', ...extra,
});

async function connected(sessions) {
  const h = startClient({ sessions });
  await settle();
  const c = h.conn();
  c.status(S.CONNECTING);
  c.status(S.AUTHENTICATING);
  c.status(S.CONNECTED);
  return { h, c };
}

async function joined(sessions = [ticket(1)]) {
  const { h, c } = await connected(sessions);
  c.receive(occupant('ana', { codes: ['110'] }));
  return { h, c };
}

/** The second and later connections, through a reconnect: connect and accept the join. */
async function rejoin(h, nick = 'ana') {
  await h.clock.advance(h.clock.pending()[0]);
  const c = h.conn();
  c.status(S.CONNECTED);
  const join = c.lastSent('presence');
  c.receive(occupant(nick, { codes: ['110'] }));
  return { c, join };
}

const joinParts = (pres) => {
  const x = pres.getElementsByTagName('x')[0];
  return {
    to: pres.getAttribute('to'),
    ns: x.namespaceURI,
    password: x.getElementsByTagName('password')[0]?.textContent ?? null,
    history: Object.fromEntries(x.getElementsByTagName('history')[0].attrs),
  };
};

test('joins the room with the nickname and room password from /session, asking for recent history', async () => {
  const { h, c } = await connected([ticket(1)]);
  assert.deepEqual(joinParts(c.lastSent('presence')), {
    to: `${ROOM}/ana`, ns: NS.MUC, password: 'room-secret-1', history: { maxstanzas: '25' },
  });
  assert.equal(h.client.state, 'connecting', 'not online before the room answers');
  c.receive(occupant('bob'));
  c.receive(occupant('ana', { codes: ['110'], role: 'moderator', affiliation: 'owner' }));
  assert.equal(h.client.state, 'online');
  assert.deepEqual(h.seen.joined, [{ room: ROOM, nick: 'ana', rejoin: false }]);
  assert.deepEqual(h.seen.presence.map((p) => [p.nick, p.available, p.self, p.role]),
    [['bob', true, false, 'participant'], ['ana', true, true, 'moderator']]);
});

test('a taken nickname (conflict) is retried as "nick (2)" on the same connection', async () => {
  const { h, c } = await connected([ticket(1)]);
  c.receive(joinError('ana', 'conflict', 'cancel'));
  assert.equal(joinParts(c.lastSent('presence')).to, `${ROOM}/ana (2)`);
  c.receive(occupant('ana (2)', { codes: ['110'] }));
  assert.equal(h.client.state, 'online');
  assert.equal(h.seen.joined[0].nick, 'ana (2)');
  assert.equal(h.connections.length, 1);
});

test('a room that does not answer the join within 15 s is left and retried', async () => {
  const { h, c } = await connected([ticket(1)]);
  await h.clock.advance(15000);
  assert.equal(c.disconnectedWith, 'recovering');
  assert.equal(h.seen.status.at(-1).error, 'the room did not answer the join');
});

test('a drop event is handed on once, parsed, and stanzas of other rooms or without content are not', async () => {
  const { h, c } = await joined();
  const data = { id: 'a7', drop: 'trip', kind: 'file', name: 'report.pdf' };
  c.receive(eventMessage(7, { data }));
  c.receive(subjectMessage('Trip photos'));
  c.receive(chatMessage('bob', 'hi'));
  const elsewhere = eventMessage(8);
  elsewhere.setAttribute('from', 'other@rooms.drops.example/livedrop');
  c.receive(elsewhere);
  assert.equal(h.seen.message.length, 2);
  const [ev, chat] = h.seen.message;
  assert.equal(ev.body, 'maria added file-7.pdf');
  assert.deepEqual(ev.event, { type: 'asset.created', seq: 7, at: '2026-12-04T12:00:00.000Z', data });
  assert.equal(ev.id, 'ev-trip-7');
  assert.equal(chat.event, null);
  assert.equal(chat.body, 'hi');
});

test('a repeated event (same origin-id and seq) reaches the page\'s state once', async () => {
  // xmpp.js hands on every stanza; the sequencer the drop page feeds (src/pages/drop.js) drops a
  // seq it has, so a re-delivery after a crash (docs/events.md, Guarantees) changes nothing.
  const { h, c } = await joined();
  const applied = [];
  const sequencer = createSequencer({ load: async () => ({ seq: 6 }), onState: () => {}, apply: (e) => applied.push(e.seq) });
  sequencer.prime({ seq: 6 });
  h.client.on('message', (m) => m.event && sequencer.offer(m.event));
  c.receive(eventMessage(7));
  c.receive(eventMessage(7)); // posted again after a restart, same origin-id
  c.receive(eventMessage(8));
  assert.deepEqual(h.seen.message.map((m) => m.id), ['ev-trip-7', 'ev-trip-7', 'ev-trip-8']);
  assert.deepEqual(applied, [7, 8]);
});

test('a gap in seq reloads the drop\'s state over REST, then applies what is newer', async () => {
  const { h, c } = await joined();
  const applied = [];
  let loads = 0;
  const sequencer = createSequencer({ load: async () => { loads++; return { seq: 9 }; }, onState: () => {}, apply: (e) => applied.push(e.seq) });
  sequencer.prime({ seq: 6 });
  h.client.on('message', (m) => m.event && sequencer.offer(m.event));
  c.receive(eventMessage(7));
  c.receive(eventMessage(10)); // 8 and 9 were missed
  await sequencer.reload(); // joins the reload the gap started
  assert.equal(loads, 1);
  assert.deepEqual(applied, [7, 10]);
});

test('a rejoin asks the room for the history since the last message seen, and says it is a rejoin', async () => {
  const { h, c } = await joined([ticket(1), ticket(2)]);
  c.receive(eventMessage(3, { delay: '2026-12-04T11:00:00.000Z' })); // join history
  await h.clock.advance(60000); // a minute later (two keepalive pings answered)
  c.receive(eventMessage(4)); // live, stamped with the clock
  c.status(S.DISCONNECTED);
  const { join } = await rejoin(h);
  assert.deepEqual(joinParts(join).history, { since: '2026-12-04T12:01:00.000Z' });
  assert.equal(joinParts(join).password, 'room-secret-2');
  assert.deepEqual(h.seen.joined.map((j) => j.rejoin), [false, true]);
});

test('occupants seen before a drop are reported gone, so the people list does not go stale', async () => {
  const { h, c } = await joined();
  c.receive(occupant('bob'));
  h.seen.presence.length = 0;
  c.status(S.DISCONNECTED);
  assert.deepEqual(h.seen.presence.map((p) => [p.nick, p.available]).sort(), [['ana', false], ['bob', false]]);
});

test('kicked (307, the drop\'s password changed): reported as left, then a fresh /session and a rejoin', async () => {
  const { h, c } = await joined([ticket(1), ticket(2)]);
  c.receive(occupant('ana', { type: 'unavailable', codes: ['307', '110'] }));
  assert.deepEqual(h.seen.left, [{ reason: 'kicked' }]);
  assert.equal(h.client.state, 'reconnecting');
  assert.equal(c.disconnectedWith, 'recovering');
  const { join } = await rejoin(h);
  assert.equal(h.sessionCalls(), 2);
  assert.equal(joinParts(join).password, 'room-secret-2');
  assert.equal(h.client.state, 'online');
});

test('a destroyed room (the drop was deleted) is left for good', async () => {
  const { h, c } = await joined();
  c.receive(occupant('ana', { type: 'unavailable', codes: ['110'], destroy: true }));
  assert.deepEqual(h.seen.left, [{ reason: 'destroyed' }]);
  assert.equal(h.client.state, 'failed');
  assert.equal(h.seen.status.at(-1).fatalError.fatal, true);
  assert.deepEqual(h.clock.pending(), []);
});

test('banned (301) is left for good', async () => {
  const { h, c } = await joined();
  c.receive(occupant('ana', { type: 'unavailable', codes: ['301', '110'] }));
  assert.deepEqual(h.seen.left, [{ reason: 'banned' }]);
  assert.equal(h.client.state, 'failed');
});

test('another occupant leaving is a presence, not our leaving', async () => {
  const { h, c } = await joined();
  c.receive(occupant('bob'));
  c.receive(occupant('bob', { type: 'unavailable', codes: ['307'] }));
  assert.deepEqual(h.seen.left, []);
  assert.equal(h.client.state, 'online');
  assert.deepEqual(h.seen.presence.at(-1), { nick: 'bob', available: false, self: false, role: 'none', affiliation: 'none' });
});

test('a join refused (not-authorized) asks for a fresh /session once, then gives up', async () => {
  const { h, c } = await connected([ticket(1), ticket(2)]);
  c.receive(joinError('ana', 'not-authorized'));
  assert.equal(h.client.state, 'reconnecting');
  assert.match(h.seen.status.at(-1).error, /could not join the room: not-authorized/);
  await h.clock.advance(h.clock.pending()[0]);
  const second = h.conn();
  second.status(S.CONNECTED);
  assert.equal(joinParts(second.lastSent('presence')).password, 'room-secret-2');
  second.receive(joinError('ana', 'not-authorized'));
  assert.equal(h.client.state, 'failed');
  assert.equal(h.seen.status.at(-1).fatalError.condition, 'not-authorized');
  assert.deepEqual(h.clock.pending(), []);
});

test('a passing join error (the room not yet there) is retried with growing delays, not given up', async () => {
  const { h, c } = await connected([ticket(1)]);
  c.receive(joinError('ana', 'service-unavailable', 'wait'));
  await h.clock.advance(h.clock.pending()[0]);
  h.conn().status(S.CONNECTED);
  h.conn().receive(joinError('ana', 'service-unavailable', 'wait'));
  assert.equal(h.client.state, 'reconnecting');
  assert.equal(h.seen.status.at(-1).error, 'could not join the room: service-unavailable');
  assert.deepEqual(h.seen.status.filter((s) => s.state === 'reconnecting').map((s) => s.retryInMs), [1000, 2000],
    'a login that succeeds without a join does not reset the backoff');
});

test('sendChat posts a groupchat line with an origin-id once online', async () => {
  const { h, c } = await joined();
  const id = h.client.sendChat('see you at 5');
  const m = c.lastSent('message');
  assert.equal(m.getAttribute('to'), ROOM);
  assert.equal(m.getAttribute('type'), 'groupchat');
  assert.equal(m.getElementsByTagName('body')[0].textContent, 'see you at 5');
  assert.equal(m.getElementsByTagName('origin-id')[0].getAttribute('id'), id);
});
