/**
 * The drop's room as XEP-0045 describes it: the join presence we send, and what an occupant's
 * presence or a join error says.
 */
import { $pres, Strophe } from 'strophe.js';
import { MUC_STATUS, NS, child } from './protocol.js';

const HISTORY_STANZAS = 25;

/** XEP-0045 §7.2: joining, with the room password; §7.2.13: which history to replay. */
export function joinPresence({ room, nick, password, since }) {
  const pres = $pres({ to: `${room}/${nick}` }).c('x', { xmlns: NS.MUC });
  if (password) pres.c('password').t(password).up();
  // Recent chat on the first join; on a rejoin, what we may have missed.
  if (since) pres.c('history', { since });
  else pres.c('history', { maxstanzas: String(HISTORY_STANZAS) });
  return pres;
}

/** An occupant's presence: who, whether still in, with which role; and for our own leaving, why. */
export function readOccupantPresence(p, ownNick) {
  const nick = Strophe.getResourceFromJid(p.getAttribute('from') || '');
  const xUser = child(p, 'x', NS.MUC_USER);
  const codes = xUser ? [...xUser.getElementsByTagName('status')].map((s) => s.getAttribute('code')) : [];
  const item = xUser ? xUser.getElementsByTagName('item')[0] : null;
  const info = {
    nick,
    available: p.getAttribute('type') !== 'unavailable',
    self: codes.includes(MUC_STATUS.SELF) || nick === ownNick,
    role: item?.getAttribute('role') || null,
    affiliation: item?.getAttribute('affiliation') || null,
  };
  // XEP-0045 §10.9 destroyed, §8.2 kicked (307), §9.1 banned (301): we are out of the room.
  const destroyed = Boolean(xUser && xUser.getElementsByTagName('destroy').length > 0);
  const leftReason = destroyed ? 'destroyed'
    : codes.includes(MUC_STATUS.BANNED) ? 'banned'
      : codes.includes(MUC_STATUS.KICKED) ? 'kicked' : 'left';
  return { info, leftReason };
}

/** The defined condition of a presence error (RFC 6120 §8.3.3), e.g. 'conflict', 'not-authorized'. */
export function errorCondition(p) {
  const err = p.getElementsByTagName('error')[0];
  return err && err.firstElementChild ? err.firstElementChild.localName : 'undefined-condition';
}

/** Join errors that another attempt with the same credentials cannot cure. */
export function isRefusal(condition) {
  return condition === 'not-authorized' || condition === 'forbidden' || condition === 'item-not-found'
    || condition === 'registration-required';
}
