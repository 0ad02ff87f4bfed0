import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSequencer } from '../../src/live/sequencer.js';

function harness(states) {
  const applied = [];
  const loadedStates = [];
  let loads = 0;
  const seq = createSequencer({
    load: async () => states[Math.min(loads++, states.length - 1)],
    onState: (s) => loadedStates.push(s),
    apply: (e) => applied.push(e.seq),
  });
  return { seq, applied, loadedStates, loads: () => loads };
}

const ev = (seq) => ({ type: 'asset.created', seq, data: {} });

test('events after the loaded state apply in order', async () => {
  const h = harness([{ seq: 42 }]);
  await h.seq.reload();
  assert.equal(h.seq.offer(ev(43)), 'applied');
  assert.equal(h.seq.offer(ev(44)), 'applied');
  assert.deepEqual(h.applied, [43, 44]);
  assert.equal(h.seq.seq, 44);
});

test('events the state already includes are ignored (room history, duplicates)', async () => {
  const h = harness([{ seq: 42 }]);
  await h.seq.reload();
  assert.equal(h.seq.offer(ev(41)), 'ignored');
  assert.equal(h.seq.offer(ev(42)), 'ignored');
  h.seq.offer(ev(43));
  assert.equal(h.seq.offer(ev(43)), 'ignored');
  assert.deepEqual(h.applied, [43]);
});

test('a gap reloads the state and replays only what is newer than it', async () => {
  const h = harness([{ seq: 42 }, { seq: 45 }]);
  await h.seq.reload();
  assert.equal(h.seq.offer(ev(45)), 'gap');
  assert.equal(h.seq.offer(ev(46)), 'held');
  await h.seq.reload(); // joins the reload the gap started
  assert.equal(h.loads(), 2);
  assert.deepEqual(h.applied, [46]);
  assert.equal(h.seq.seq, 46);
});

test('events arriving before the first load are held, then sorted and filtered', async () => {
  const h = harness([{ seq: 10 }]);
  assert.equal(h.seq.offer(ev(12)), 'held');
  assert.equal(h.seq.offer(ev(11)), 'held');
  assert.equal(h.seq.offer(ev(9)), 'held');
  await h.seq.reload();
  assert.deepEqual(h.applied, [11, 12]);
});

test('a state without seq applies every event (idempotent upserts)', async () => {
  const h = harness([{}]);
  await h.seq.reload();
  assert.equal(h.seq.offer(ev(5)), 'applied');
  assert.equal(h.seq.offer(ev(3)), 'applied');
  assert.deepEqual(h.applied, [5, 3]);
});

test('an event without a numeric seq is not an event', async () => {
  const h = harness([{ seq: 1 }]);
  await h.seq.reload();
  assert.equal(h.seq.offer({ type: 'x', seq: NaN }), 'ignored');
});

test('a failed reload keeps held events for the next one', async () => {
  let fail = true;
  const applied = [];
  const seq = createSequencer({
    load: async () => { if (fail) throw new Error('offline'); return { seq: 1 }; },
    onState: () => {},
    apply: (e) => applied.push(e.seq),
  });
  seq.offer(ev(2));
  await assert.rejects(seq.reload());
  fail = false;
  await seq.reload();
  assert.deepEqual(applied, [2]);
});

test('prime takes an already loaded state as the first load', async () => {
  const h = harness([{ seq: 99 }]);
  h.seq.offer(ev(5));
  h.seq.prime({ seq: 4 });
  h.seq.offer(ev(6));
  assert.deepEqual(h.applied, [5, 6]);
  assert.equal(h.loads(), 0);
});
