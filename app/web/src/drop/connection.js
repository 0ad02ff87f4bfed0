// The visible state of the live connection, with a way to retry at once.
import { h } from '../lib/dom.js';

const LABELS = {
  idle: 'Connecting…',
  connecting: 'Connecting…',
  online: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  failed: 'Live updates off',
  closed: 'Disconnected',
};

export class ConnectionBadge {
  constructor({ onRetry }) {
    this.text = h('span', { id: 'connection-text' }, LABELS.connecting);
    this.retry = h('button', { type: 'button', class: 'link small', hidden: true, onclick: onRetry }, 'Retry now');
    this.el = h('div', { class: 'connection connecting', id: 'connection', role: 'status', dataset: { state: 'connecting' } }, h('span', { class: 'dot', 'aria-hidden': 'true' }), this.text, this.retry);
    this.ticker = null;
  }

  update({ state, transport, retryInMs, error }) {
    clearInterval(this.ticker);
    this.el.className = `connection ${state}`;
    this.el.dataset.state = state;
    this.el.dataset.transport = transport || '';
    this.el.title = error || (state === 'online' ? `Connected over ${transport === 'bosh' ? 'HTTP (BOSH)' : 'WebSocket'}` : '');
    this.retry.hidden = state !== 'reconnecting' && state !== 'offline';
    if (state === 'reconnecting' && retryInMs) {
      const until = Date.now() + retryInMs;
      const tick = () => {
        const s = Math.max(0, Math.ceil((until - Date.now()) / 1000));
        this.text.textContent = s > 0 ? `Reconnecting in ${s} s` : LABELS.reconnecting;
      };
      tick();
      this.ticker = setInterval(tick, 1000);
    } else {
      this.text.textContent = LABELS[state] || state;
    }
  }
}
