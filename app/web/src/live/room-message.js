/**
 * A groupchat message of the drop's room as the app sees it: a chat line, or a drop event in its
 * machine form (docs/events.md) next to its human body.
 */
import { Strophe } from 'strophe.js';
import { NS, SERVICE_NICK, child } from './protocol.js';

/**
 * Reads `m`; null for what is neither chat nor event (a subject change, a chat state).
 * `nowIso` stamps a live message; a delayed one (history) keeps its XEP-0203 stamp.
 */
export function readRoomMessage(m, ownNick, nowIso) {
  const nick = Strophe.getResourceFromJid(m.getAttribute('from') || '');
  const bodyEl = child(m, 'body');
  const eventEl = child(m, 'event', NS.EVENT);
  if (!bodyEl && !eventEl) return null;
  const delay = child(m, 'delay', NS.DELAY);
  const stamp = delay?.getAttribute('stamp') || null;
  // Only the service posts events: an occupant cannot forge one by adding the element.
  const event = eventEl && nick === SERVICE_NICK ? readEvent(eventEl) : null;
  const originId = child(m, 'origin-id', NS.ORIGIN_ID)?.getAttribute('id') || null;
  return {
    nick,
    body: bodyEl ? bodyEl.textContent : '',
    event,
    id: originId || m.getAttribute('id'),
    delayed: Boolean(delay),
    stamp: stamp || nowIso,
    self: nick === ownNick,
    fromService: nick === SERVICE_NICK,
  };
}

function readEvent(eventEl) {
  try {
    return {
      type: eventEl.getAttribute('type'),
      seq: Number(eventEl.getAttribute('seq')),
      at: eventEl.getAttribute('at'),
      data: JSON.parse(eventEl.textContent || 'null'),
    };
  } catch {
    return null; // a malformed payload is not an event; the body is still shown
  }
}
