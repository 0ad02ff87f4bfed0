// Short-lived status messages, announced to screen readers through the live region in index.html.
import { h } from './dom.js';

export function toast(text, { kind = 'info', ms = 4000 } = {}) {
  const box = document.getElementById('toasts');
  if (!box) return;
  const el = h('div', { class: `toast ${kind}` }, text);
  box.append(el);
  setTimeout(() => el.remove(), ms);
}
