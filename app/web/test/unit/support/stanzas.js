// TEST-ONLY: stanzas a MUC service sends, built with strophe.js's own builders.
import './tiny-dom.js';
import { $msg, $pres } from 'strophe.js';
import { NS } from '../../../src/live/protocol.js';

export const ROOM = 'trip@rooms.drops.example';

/** An occupant's presence (XEP-0045 §7.2.3), with status codes and, for a destroyed room, <destroy/>. */
export function occupant(nick, { type, codes = [], role = 'participant', affiliation = 'none', destroy = false } = {}) {
  const b = $pres(type ? { from: `${ROOM}/${nick}`, type } : { from: `${ROOM}/${nick}` })
    .c('x', { xmlns: NS.MUC_USER })
    .c('item', { affiliation, role: type === 'unavailable' ? 'none' : role }).up();
  for (const code of codes) b.c('status', { code }).up();
  if (destroy) b.c('destroy').c('reason').t('drop deleted');
  return b.tree();
}

/** A join refused (XEP-0045 §7.2.6–§7.2.9): a presence error with its defined condition. */
export function joinError(nick, condition, type = 'auth') {
  return $pres({ from: `${ROOM}/${nick}`, type: 'error' })
    .c('x', { xmlns: NS.MUC }).up()
    .c('error', { type })
    .c(condition, { xmlns: NS.STANZAS })
    .tree();
}

/** A drop event as docs/events.md shows it; `delay` makes it room history. */
export function eventMessage(seq, { type = 'asset.created', data = { id: `a${seq}`, name: `file-${seq}.pdf` }, body = `maria added file-${seq}.pdf`, from = 'livedrop', delay = null, payload } = {}) {
  const id = `ev-trip-${seq}`;
  const b = $msg({ from: `${ROOM}/${from}`, type: 'groupchat', id })
    .c('body').t(body).up()
    .c('event', { xmlns: NS.EVENT, type, seq: String(seq), at: '2026-12-04T12:00:00.000Z' }).t(payload ?? JSON.stringify(data)).up()
    .c('origin-id', { xmlns: NS.ORIGIN_ID, id }).up();
  if (delay) b.c('delay', { xmlns: NS.DELAY, from: ROOM, stamp: delay }).up();
  return b.tree();
}

export function chatMessage(nick, text, { id = 'c1' } = {}) {
  return $msg({ from: `${ROOM}/${nick}`, type: 'groupchat', id })
    .c('body').t(text).up()
    .c('origin-id', { xmlns: NS.ORIGIN_ID, id }).tree();
}

export function subjectMessage(text) {
  return $msg({ from: `${ROOM}/livedrop`, type: 'groupchat' }).c('subject').t(text).tree();
}
