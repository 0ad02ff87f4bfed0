// The chat panel: occupants' groupchat lines, and the drop's changes as activity lines.
import { h, timeEl } from '../lib/dom.js';
import { toast } from '../lib/toast.js';

const MAX_LINES = 500;

export class ChatPanel {
  constructor({ page }) {
    this.page = page;
    this.seen = new Set();
    this.log = h('ol', { class: 'chat-log', id: 'chat-log', 'aria-live': 'polite', 'aria-label': 'Chat and activity' });
    this.input = h('input', { id: 'chat-input', maxlength: 2000, autocomplete: 'off', placeholder: 'Say something', 'aria-label': 'Chat message' });
    this.form = h('form', { class: 'chat-form row', id: 'chat-form' }, this.input, h('button', { type: 'submit', class: 'primary small' }, 'Send'));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      try {
        this.page.client.sendChat(text);
        this.input.value = '';
      } catch {
        toast('Not connected — your message was not sent.', { kind: 'warn' });
      }
    });
    this.el = h('section', { class: 'card side-card chat', 'aria-labelledby': 'chat-heading' },
      h('h2', { id: 'chat-heading' }, 'Chat'), this.log, this.page.can('comment') ? this.form : h('p', { class: 'muted' }, 'Chat is off for guests here.'));
  }

  /** A line someone typed; history and rejoins repeat lines, so each is shown once. */
  message(m) {
    const key = m.id || `${m.nick}|${m.stamp}|${m.body}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.append(h('li', { class: `chat-line${m.self ? ' self' : ''}`, dataset: { nick: m.nick } },
      h('span', { class: 'who' }, m.nick), ' ', h('span', { class: 'text' }, m.body), ' ', timeEl(m.stamp)));
  }

  /** A change to the drop, in the words the server wrote for people. */
  activity(m) {
    const key = `seq:${m.event.seq}`;
    if (this.seen.has(key) || !m.body) return;
    this.seen.add(key);
    this.append(h('li', { class: 'activity', dataset: { event: m.event.type } }, h('span', { class: 'text' }, m.body), ' ', timeEl(m.stamp)));
  }

  append(li) {
    const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
    this.log.append(li);
    while (this.log.children.length > MAX_LINES) this.log.firstElementChild.remove();
    if (atBottom) this.log.scrollTop = this.log.scrollHeight;
  }
}
