// Comments on one asset: loaded when opened, kept live by comment.created / comment.deleted events.
import { api } from '../lib/api.js';
import { clear, h, timeEl } from '../lib/dom.js';
import { toast } from '../lib/toast.js';

export class CommentsPanel {
  constructor({ page, asset }) {
    this.page = page;
    this.asset = asset;
    this.comments = null; // null until loaded
    this.unseen = 0;
    this.list = h('ul', { class: 'comments' });
    this.el = h('div', { class: 'comments-panel', hidden: true, id: `comments-${asset.id}` }, this.list);
    this.button = null;
  }

  toggleButton() {
    this.button = h('button', {
      type: 'button', class: 'small comments-toggle', 'aria-expanded': String(!this.el.hidden),
      'aria-controls': this.el.id, onclick: () => this.toggle(),
    }, this.label());
    return this.button;
  }

  label() {
    const n = this.comments ? this.comments.length : null;
    return `Comments${n !== null ? ` (${n})` : ''}${this.unseen ? ` · ${this.unseen} new` : ''}`;
  }

  refreshLabel() {
    if (this.button) this.button.textContent = this.label();
  }

  async toggle() {
    this.el.hidden = !this.el.hidden;
    this.button?.setAttribute('aria-expanded', String(!this.el.hidden));
    if (!this.el.hidden) {
      this.unseen = 0;
      if (this.comments === null) await this.load();
      this.render();
      this.el.querySelector('textarea')?.focus();
    }
    this.refreshLabel();
  }

  async load() {
    try {
      const res = await api.comments(this.page.name, this.asset.id);
      this.comments = Array.isArray(res) ? res : res?.comments || [];
    } catch (e) {
      if (!this.page.accessLost(e)) toast(e.message, { kind: 'error' });
      this.comments = [];
    }
  }

  added(c) {
    if (this.comments === null) {
      if (this.el.hidden) this.unseen++;
    } else if (!this.comments.some((x) => x.id === c.id)) {
      this.comments.push(c);
      if (!this.el.hidden) this.render();
    }
    this.refreshLabel();
  }

  removed(c) {
    if (this.comments) this.comments = this.comments.filter((x) => x.id !== c.id);
    if (!this.el.hidden) this.render();
    this.refreshLabel();
  }

  render() {
    clear(this.list);
    for (const c of this.comments || []) {
      this.list.append(h('li', { class: 'comment', dataset: { id: c.id } },
        h('p', { class: 'comment-meta' }, h('strong', {}, c.nickname), ' · ', timeEl(c.createdAt),
          this.page.you.role === 'admin'
            ? h('button', { type: 'button', class: 'link small', 'aria-label': 'Delete comment', onclick: () => this.remove(c) }, 'delete')
            : null),
        h('p', { class: 'comment-text' }, c.text)));
    }
    if (!this.el.querySelector('form') && this.page.can('comment')) this.el.append(this.form());
  }

  form() {
    const text = h('textarea', { rows: 2, maxlength: 4000, required: true, 'aria-label': `Comment on ${this.asset.name}`, placeholder: 'Write a comment' });
    const form = h('form', { class: 'comment-form' }, text, h('button', { type: 'submit', class: 'small primary' }, 'Comment'));
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit();
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      try {
        const c = await api.addComment(this.page.name, this.asset.id, value);
        text.value = '';
        this.added(c);
      } catch (err) {
        if (!this.page.accessLost(err)) toast(err.message, { kind: 'error' });
      }
    });
    return form;
  }

  async remove(c) {
    try {
      await api.deleteComment(this.page.name, this.asset.id, c.id);
      this.removed(c);
    } catch (e) {
      if (!this.page.accessLost(e)) toast(e.message, { kind: 'error' });
    }
  }
}
