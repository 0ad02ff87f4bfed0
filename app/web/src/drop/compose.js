// Adding a note (Markdown) or a link.
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { toast } from '../lib/toast.js';

export class Composer {
  constructor({ page }) {
    this.page = page;
    this.el = h('div', { class: 'compose row' }, this.noteForm(), this.linkForm());
    this.refresh();
  }

  refresh() {
    this.el.hidden = !this.page.can('add');
  }

  noteForm() {
    const title = h('input', { id: 'note-title', maxlength: 200, placeholder: 'Title', 'aria-label': 'Note title' });
    const text = h('textarea', { id: 'note-text', rows: 5, required: true, placeholder: 'Markdown: # heading, **bold**, - lists, [links](https://…)', 'aria-label': 'Note text' });
    const form = h('form', { class: 'stack', id: 'note-form' }, title, text, h('button', { type: 'submit', class: 'primary small' }, 'Add note'));
    form.addEventListener('submit', (e) => this.submit(e, form, { kind: 'note', title: title.value.trim() || undefined, text: text.value }));
    return h('details', { class: 'card compose-card' }, h('summary', { id: 'add-note' }, 'Add a note'), form);
  }

  linkForm() {
    const url = h('input', { id: 'link-url', type: 'url', required: true, placeholder: 'https://…', 'aria-label': 'Link address' });
    const title = h('input', { id: 'link-title', maxlength: 200, placeholder: 'Title (optional)', 'aria-label': 'Link title' });
    const form = h('form', { class: 'stack', id: 'link-form' }, url, title, h('button', { type: 'submit', class: 'primary small' }, 'Add link'));
    form.addEventListener('submit', (e) => this.submit(e, form, { kind: 'link', url: url.value.trim(), title: title.value.trim() || undefined }));
    return h('details', { class: 'card compose-card' }, h('summary', { id: 'add-link' }, 'Add a link'), form);
  }

  async submit(e, form, body) {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const asset = await api.addAsset(this.page.name, body);
      form.reset();
      form.closest('details').open = false;
      this.page.assetsAdded([asset]);
    } catch (err) {
      if (!this.page.accessLost(err)) toast(err.message, { kind: 'error' });
    } finally {
      button.disabled = false;
    }
  }
}
