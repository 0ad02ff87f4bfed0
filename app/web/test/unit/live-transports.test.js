import assert from 'node:assert/strict';
import { test } from 'node:test';
import { absoluteUrl, transportsToTry } from '../../src/live/transports.js';

const session = { websocket: '/xmpp-websocket', bosh: '/http-bind' };
const page = 'http://drops.example/d/trip';

test('auto tries WebSocket first, then BOSH, both on the page\'s origin', () => {
  const order = transportsToTry(session, { preferred: 'auto', websocketFailed: false, websocketAvailable: true, pageUrl: page });
  assert.deepEqual(order, [['websocket', 'ws://drops.example/xmpp-websocket'], ['bosh', 'http://drops.example/http-bind']]);
});

test('once WebSocket failed, or where there is none, only BOSH is tried', () => {
  for (const opts of [{ websocketFailed: true, websocketAvailable: true }, { websocketFailed: false, websocketAvailable: false }]) {
    assert.deepEqual(transportsToTry(session, { preferred: 'auto', pageUrl: page, ...opts }), [['bosh', 'http://drops.example/http-bind']]);
  }
});

test('a page served over https never connects to ws:// or http:// (mixed content)', () => {
  assert.equal(absoluteUrl('ws://drops.example/xmpp-websocket', true, 'https://drops.example/'), 'wss://drops.example/xmpp-websocket');
  assert.equal(absoluteUrl('/http-bind', false, 'https://drops.example/d/x'), 'https://drops.example/http-bind');
  assert.equal(absoluteUrl('/xmpp-websocket', true, 'https://drops.example/d/x'), 'wss://drops.example/xmpp-websocket');
});

test('a forced transport is the only one tried', () => {
  const opts = { websocketFailed: true, websocketAvailable: true, pageUrl: page };
  assert.deepEqual(transportsToTry(session, { ...opts, preferred: 'websocket' }), [['websocket', 'ws://drops.example/xmpp-websocket']]);
  assert.deepEqual(transportsToTry(session, { ...opts, preferred: 'bosh' }), [['bosh', 'http://drops.example/http-bind']]);
});
