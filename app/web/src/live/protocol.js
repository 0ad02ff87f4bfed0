/** The XMPP namespaces the live connection speaks, and livedrop's own room conventions (docs/events.md). */
export const NS = Object.freeze({
  MUC: 'http://jabber.org/protocol/muc',
  MUC_USER: 'http://jabber.org/protocol/muc#user',
  EVENT: 'urn:livedrop:event:1',
  ORIGIN_ID: 'urn:xmpp:sid:0',
  STANZA_ID: 'urn:xmpp:sid:0',
  DELAY: 'urn:xmpp:delay',
  PING: 'urn:xmpp:ping',
  STANZAS: 'urn:ietf:params:xml:ns:xmpp-stanzas',
});

/** Nick the application posts events as. */
export const SERVICE_NICK = 'livedrop';

/** XEP-0045 §15.6 status codes the client acts on. */
export const MUC_STATUS = Object.freeze({
  SELF: '110',
  BANNED: '301',
  KICKED: '307',
});

/** The first child element of `el` named `name` (in namespace `ns`, when given). */
export function child(el, name, ns) {
  for (const c of el.children) {
    if (c.localName === name && (!ns || c.namespaceURI === ns)) return c;
  }
  return null;
}
