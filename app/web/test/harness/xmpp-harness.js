// TEST-ONLY: exposes what src/live/xmpp.js reports as DOM the Java test reads (textContent only).
import { connect } from '../../src/live/xmpp.js';

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const item = (text, data = {}) => {
  const li = document.createElement('li');
  li.textContent = text;
  Object.assign(li.dataset, data);
  return li;
};

const client = connect({
  transport: params.get('transport') || 'auto',
  backoff: { initialMs: 200, maxMs: 2000 },
  debug: params.has('debug'),
  session: async () => ({
    domain: params.get('domain'),
    websocket: params.get('websocket') || '/xmpp-websocket',
    bosh: params.get('bosh') || '/http-bind',
    room: params.get('room'),
    nick: params.get('nick') || 'harness',
    // An account login (jid, password, and which SASL mechanism) instead of ANONYMOUS.
    jid: params.get('jid') || undefined,
    password: params.get('password') || undefined,
    sasl: params.get('sasl') || undefined,
  }),
});

client.on('status', (s) => {
  $('state').textContent = s.state;
  $('transport').textContent = s.transport || '';
  $('statuses').appendChild(item(`${s.state}${s.error ? `: ${s.error}` : ''}`));
});
client.on('joined', (j) => {
  $('nick').textContent = j.nick;
  $('joins').textContent = String(Number($('joins').textContent) + 1);
});
client.on('presence', (p) => {
  const existing = [...$('occupants').children].find((li) => li.dataset.nick === p.nick);
  if (existing) existing.remove();
  if (p.available) $('occupants').appendChild(item(p.nick, { nick: p.nick }));
});
client.on('message', (m) => {
  $('received').appendChild(item(m.body, {
    nick: m.nick,
    event: m.event ? m.event.type : '',
    seq: m.event ? String(m.event.seq) : '',
    delayed: String(m.delayed),
  }));
});
$('chat').addEventListener('submit', (e) => {
  e.preventDefault();
  client.sendChat($('chat-text').value);
  $('chat-text').value = '';
});
window.livedropHarness = client;
