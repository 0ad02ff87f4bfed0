/**
 * Which transports to try, in order, and at which URLs: WebSocket first, BOSH when WebSocket is
 * unavailable or failed before reaching the server (a proxy or a firewall in the way).
 */
export function transportsToTry(session, { preferred, websocketFailed, websocketAvailable, pageUrl }) {
  const ws = session.websocket ? absoluteUrl(session.websocket, true, pageUrl) : null;
  const bosh = session.bosh ? absoluteUrl(session.bosh, false, pageUrl) : null;
  if (preferred === 'websocket') return [['websocket', ws]];
  if (preferred === 'bosh') return [['bosh', bosh]];
  const both = [];
  if (ws && !websocketFailed && websocketAvailable) both.push(['websocket', ws]);
  if (bosh) both.push(['bosh', bosh]);
  return both;
}

/** `url` resolved against the page; a WebSocket URL gets ws:/wss:. */
export function absoluteUrl(url, websocket, pageUrl) {
  const u = new URL(url, pageUrl);
  if (websocket && u.protocol === 'http:') u.protocol = 'ws:';
  if (websocket && u.protocol === 'https:') u.protocol = 'wss:';
  // A page served over https must not be sent to ws:// or http:// (mixed content).
  if (new URL(pageUrl).protocol === 'https:') {
    if (u.protocol === 'ws:') u.protocol = 'wss:';
    if (u.protocol === 'http:') u.protocol = 'https:';
  }
  return u.href;
}
