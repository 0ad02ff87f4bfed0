// "Here now": the room's occupants, from MUC presence.
import { clear, h } from '../lib/dom.js';
import { api, ApiError } from '../lib/api.js';
import { toast } from '../lib/toast.js';
import { SERVICE_NICK } from '../live/xmpp.js';

export class PeoplePanel {
  constructor({ page }) {
    this.page = page;
    this.occupants = new Map();
    this.list = h('ul', { class: 'people', id: 'here-now' });
    this.el = h('section', { class: 'card side-card', 'aria-labelledby': 'here-now-heading' },
      h('h2', { id: 'here-now-heading' }, 'Here now'), this.list, this.nameForm());
  }

  update({ nick, available, self, affiliation, role }) {
    if (nick === SERVICE_NICK) return;
    if (available) this.occupants.set(nick, { nick, self, admin: affiliation === 'owner' || affiliation === 'admin' || role === 'moderator' });
    else this.occupants.delete(nick);
    this.render();
  }

  render() {
    clear(this.list);
    const sorted = [...this.occupants.values()].sort((a, b) => (b.self - a.self) || a.nick.localeCompare(b.nick));
    for (const o of sorted) {
      this.list.append(h('li', { dataset: { nick: o.nick }, class: o.self ? 'self' : '' },
        h('span', { class: 'dot', 'aria-hidden': 'true' }), o.nick, o.self ? h('span', { class: 'muted' }, ' (you)') : null));
    }
    if (!sorted.length) this.list.append(h('li', { class: 'muted' }, 'Nobody is connected.'));
  }

  /** Open drops: anyone may pick a name. Protected drops ask for it with the password. */
  nameForm() {
    const input = h('input', { id: 'nickname', maxlength: 64, 'aria-label': 'Your name', placeholder: 'Your name', autocomplete: 'nickname' });
    const form = h('form', { class: 'name-form row' }, input, h('button', { type: 'submit', class: 'small' }, 'Set name'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const nickname = input.value.trim();
      if (!nickname) return;
      localStorage.setItem('livedrop.nickname', nickname);
      try {
        await api.access(this.page.name, { nickname });
        toast(`You are now ${nickname}`);
        this.page.client?.close();
        this.page.start();
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) toast('This drop has a password: reopen it to change your name.', { kind: 'warn' });
        else toast(err.message, { kind: 'error' });
      }
    });
    return h('details', { class: 'name-details' }, h('summary', {}, 'Change your name'), form);
  }
}
