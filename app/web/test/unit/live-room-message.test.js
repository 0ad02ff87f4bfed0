import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRoomMessage } from '../../src/live/room-message.js';
import { chatMessage, eventMessage, subjectMessage } from './support/stanzas.js';

const NOW = '2026-12-04T12:00:05.000Z';

test('a drop event keeps its human body and gets its machine form (docs/events.md)', () => {
  const data = { id: '01m89gh5', drop: 'trip', kind: 'file', name: 'report.pdf', file: { size: 1200000 } };
  const m = readRoomMessage(eventMessage(7, { data, body: 'maria added report.pdf (1.2 MB)' }), 'ana', NOW);
  assert.deepEqual(m, {
    nick: 'livedrop',
    body: 'maria added report.pdf (1.2 MB)',
    event: { type: 'asset.created', seq: 7, at: '2026-12-04T12:00:00.000Z', data },
    id: 'ev-trip-7', // the origin-id, stable across re-deliveries
    delayed: false,
    stamp: NOW,
    self: false,
    fromService: true,
  });
});

test('room history keeps its delay stamp and says it is delayed', () => {
  const m = readRoomMessage(eventMessage(3, { delay: '2026-12-04T11:00:00.000Z' }), 'ana', NOW);
  assert.equal(m.delayed, true);
  assert.equal(m.stamp, '2026-12-04T11:00:00.000Z');
  assert.equal(m.event.seq, 3);
});

test('an event element from an occupant other than the service is not an event', () => {
  const m = readRoomMessage(eventMessage(8, { from: 'mallory' }), 'ana', NOW);
  assert.equal(m.event, null);
  assert.equal(m.fromService, false);
  assert.equal(m.body, 'maria added file-8.pdf');
});

test('a malformed event payload is no event, and its body is still shown', () => {
  const m = readRoomMessage(eventMessage(9, { payload: '{not json' }), 'ana', NOW);
  assert.equal(m.event, null);
  assert.equal(m.body, 'maria added file-9.pdf');
});

test('a chat line is a message without event; our own is marked self', () => {
  const m = readRoomMessage(chatMessage('ana', 'hello <all>', { id: 'x1' }), 'ana', NOW);
  assert.equal(m.body, 'hello <all>');
  assert.equal(m.event, null);
  assert.equal(m.id, 'x1');
  assert.equal(m.self, true);
});

test('a subject change is neither chat nor event', () => {
  assert.equal(readRoomMessage(subjectMessage('Trip photos'), 'ana', NOW), null);
});
