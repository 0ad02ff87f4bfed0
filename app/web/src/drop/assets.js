// The drop's assets: files (thumbnail or type badge, size), notes (sanitized Markdown) and links,
// each with who added it and when, its comments and the actions the viewer may take.
import { api } from '../lib/api.js';
import { clear, formatBytes, h, safeHttpUrl, timeEl } from '../lib/dom.js';
import { renderMarkdown } from '../lib/markdown.js';
import { toast } from '../lib/toast.js';
import { CommentsPanel } from './comments.js';

const VIEW_KEY = 'livedrop.view';

export class AssetList {
  constructor({ page }) {
    this.page = page;
    this.assets = new Map(); // id → asset
    this.cards = new Map(); // id → { el, comments }
    this.list = h('ul', { class: 'assets', id: 'assets', 'aria-live': 'polite' });
    this.empty = h('p', { class: 'empty', id: 'assets-empty' }, 'Nothing here yet.');
    const view = localStorage.getItem(VIEW_KEY) === 'list' ? 'list' : 'grid';
    this.list.classList.toggle('as-list', view === 'list');
    const toggle = h('button', {
      type: 'button', id: 'view-toggle', 'aria-pressed': String(view === 'list'),
      onclick: () => {
        const list = !this.list.classList.contains('as-list');
        this.list.classList.toggle('as-list', list);
        toggle.setAttribute('aria-pressed', String(list));
        localStorage.setItem(VIEW_KEY, list ? 'list' : 'grid');
      },
    }, 'List view');
    this.el = h('section', { class: 'assets-section', 'aria-labelledby': 'assets-heading' },
      h('div', { class: 'title-row' }, h('h2', { id: 'assets-heading' }, 'Files, notes and links'), toggle),
      this.empty, this.list);
  }

  count() {
    return this.assets.size;
  }

  usedBytes() {
    let n = 0;
    for (const a of this.assets.values()) n += a.file?.size || 0;
    return n;
  }

  setAll(assets) {
    const ids = new Set(assets.map((a) => a.id));
    for (const id of [...this.assets.keys()]) if (!ids.has(id)) this.remove(id);
    for (const a of assets) this.upsert(a);
  }

  upsert(asset) {
    if (!asset || !asset.id) return;
    const old = this.assets.get(asset.id);
    // An older copy (a late upload answer after a newer event) must not win.
    if (old && old.updatedAt && asset.updatedAt && Date.parse(asset.updatedAt) < Date.parse(old.updatedAt)) return;
    this.assets.set(asset.id, asset);
    const existing = this.cards.get(asset.id);
    const card = this.renderCard(asset, existing?.comments);
    if (existing) existing.el.replaceWith(card.el);
    else this.insertSorted(card.el, asset);
    this.cards.set(asset.id, card);
    this.afterChange();
  }

  remove(id) {
    const card = this.cards.get(id);
    if (card) card.el.remove();
    this.cards.delete(id);
    this.assets.delete(id);
    this.afterChange();
  }

  commentAdded(comment) {
    this.cards.get(comment.assetId)?.comments.added(comment);
  }

  commentRemoved(comment) {
    this.cards.get(comment.assetId)?.comments.removed(comment);
  }

  refreshPermissions() {
    for (const a of this.assets.values()) this.upsert({ ...a });
  }

  afterChange() {
    this.empty.hidden = this.assets.size > 0;
    this.page.renderHeader?.();
  }

  /** Newest first, as people expect of a shared folder that fills up live. */
  insertSorted(el, asset) {
    const t = Date.parse(asset.createdAt) || 0;
    for (const li of this.list.children) {
      const other = this.assets.get(li.dataset.id);
      if (other && (Date.parse(other.createdAt) || 0) < t) {
        this.list.insertBefore(el, li);
        return;
      }
    }
    this.list.append(el);
  }

  renderCard(a, comments) {
    const name = this.page.name;
    const panel = comments || new CommentsPanel({ page: this.page, asset: a });
    panel.asset = a;
    const actions = h('div', { class: 'actions' });
    if (a.kind === 'file') {
      actions.append(h('a', { class: 'button small', href: api.contentUrl(name, a.id), download: a.name, 'aria-label': `Download ${a.name}` }, 'Download'));
    }
    actions.append(panel.toggleButton());
    if (this.page.can('delete')) {
      actions.append(h('button', {
        type: 'button', class: 'small danger', 'aria-label': `Delete ${a.name}`,
        onclick: () => this.confirmDelete(a),
      }, 'Delete'));
    }
    const el = h('li', { class: `asset ${a.kind}`, dataset: { id: a.id, kind: a.kind } },
      this.preview(a),
      h('div', { class: 'asset-body' },
        h('h3', { class: 'asset-name', title: a.name }, a.kind === 'link' ? this.linkTitle(a) : a.name),
        a.kind === 'note' ? h('div', { class: 'note-text markdown' }, renderMarkdown(a.note?.text || '')) : null,
        a.description ? h('p', { class: 'asset-description' }, a.description) : null,
        h('p', { class: 'asset-meta' },
          a.kind === 'file' ? h('span', { class: 'size' }, formatBytes(a.file?.size)) : null,
          a.kind === 'file' ? ' · ' : null,
          h('span', { class: 'added-by' }, a.addedBy), ' · ', timeEl(a.createdAt)),
        actions,
        panel.el));
    return { el, comments: panel };
  }

  preview(a) {
    if (a.kind === 'file') {
      const href = api.contentUrl(this.page.name, a.id);
      if (a.file?.thumbnail === 'ready') {
        const src = `${api.thumbnailUrl(this.page.name, a.id)}?v=${encodeURIComponent(a.updatedAt || '')}`;
        return h('a', { class: 'thumb', href, target: '_blank', rel: 'noopener', tabindex: '-1', 'aria-hidden': 'true' },
          h('img', { src, alt: '', loading: 'lazy', decoding: 'async' }));
      }
      const ext = (a.name.match(/\.([A-Za-z0-9]{1,5})$/)?.[1] || 'file').toUpperCase();
      return h('div', { class: `thumb badge ${a.file?.thumbnail === 'pending' ? 'pending' : ''}`, 'aria-hidden': 'true' }, ext);
    }
    return h('div', { class: 'thumb badge', 'aria-hidden': 'true' }, a.kind === 'note' ? 'NOTE' : 'LINK');
  }

  linkTitle(a) {
    const url = safeHttpUrl(a.link?.url);
    if (!url) return a.name;
    return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow ugc' }, a.name || url);
  }

  async confirmDelete(a) {
    if (!window.confirm(`Delete “${a.name}”? This cannot be undone.`)) return;
    try {
      await api.deleteAsset(this.page.name, a.id);
      this.remove(a.id);
    } catch (e) {
      if (!this.page.accessLost(e)) toast(e.message, { kind: 'error' });
    }
  }

  clearAll() {
    clear(this.list);
    this.assets.clear();
    this.cards.clear();
  }
}
