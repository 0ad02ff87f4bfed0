import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../src/live/backoff.js';

test('delays double from the initial one and stop at the maximum', () => {
  const top = (a) => backoffDelay(a, { initialMs: 1000, maxMs: 30000 }, () => 1);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(top), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
});

test('jitter keeps at least half of each delay', () => {
  assert.equal(backoffDelay(3, { initialMs: 1000, maxMs: 30000 }, () => 0), 4000);
});
