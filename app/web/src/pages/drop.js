// A drop's page: access (password prompt), state from the REST API, live changes from the room.
import { api, ApiError } from '../lib/api.js';
import { clear, formatBytes, h, relativeTime } from '../lib/dom.js';
import { toast } from '../lib/toast.js';
import { connect } from '../live/xmpp.js';
import { createSequencer } from '../live/sequencer.js';
import { AssetList } from '../drop/assets.js';
import { Uploader } from '../drop/upload.js';
import { Composer } from '../drop/compose.js';
import { ChatPanel } from '../drop/chat.js';
import { PeoplePanel } from '../drop/people.js';
import { openSettings } from '../drop/settings.js';
import { ConnectionBadge } from '../drop/connection.js';

const NICK_KEY = 'livedrop.nickname';

export function renderDrop(main, name) {
  new DropPage(main, name).start();
}

class DropPage {
  constructor(main, name) {
    this.main = main;
    this.name = name;
    this.drop = null;
    this.you = null;
    this.client = null;
    this.initialSeq = null;
  }

  async start() {
    document.title = `${this.name} — livedrop`;
    clear(this.main).append(h('p', { class: 'loading' }, 'Opening the drop…'));
    try {
      const state = await api.drop(this.name);
      this.show(state);
    } catch (e) {
      this.handleAccessError(e);
    }
  }

  /** 401: ask for the password; 404/410: say so. */
  handleAccessError(e) {
    this.client?.close();
    this.client = null;
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 401) return this.showPrompt(e);
    const message = e.status === 404 ? 'There is no drop by this name.'
      : e.status === 410 ? 'This drop has expired and is gone.'
        : e.status === 0 ? 'The server cannot be reached. Check your connection and reload.'
          : e.message;
    clear(this.main).append(h('section', { class: 'card notice', id: 'drop-unavailable' },
      h('h1', {}, e.status === 404 ? 'Drop not found' : e.status === 410 ? 'Drop expired' : 'Cannot open the drop'),
      h('p', {}, message),
      h('p', {}, h('a', { href: '/' }, 'Create a new drop'))));
  }

  showPrompt(problem) {
    document.title = `${this.name} — livedrop`;
    const error = h('p', { class: 'error', role: 'alert', id: 'access-error' });
    if (problem?.type === 'wrong-credentials') error.textContent = problem.message;
    else if (problem?.problem?.token === 'revoked') error.textContent = 'The password has changed. Enter the new one.';
    else if (problem?.problem?.token === 'expired') error.textContent = 'Your access expired. Enter the password again.';
    const password = h('input', { type: 'password', id: 'access-password', name: 'password', required: true, autocomplete: 'current-password' });
    const nickname = h('input', { id: 'access-nickname', name: 'nickname', maxlength: 64, value: localStorage.getItem(NICK_KEY) || '', autocomplete: 'nickname' });
    let admin = false;
    const label = h('label', { for: 'access-password' }, 'Password');
    const toggle = h('button', { type: 'button', class: 'link', id: 'access-admin-toggle' }, 'I have the admin secret');
    toggle.addEventListener('click', () => {
      admin = !admin;
      label.textContent = admin ? 'Admin secret' : 'Password';
      toggle.textContent = admin ? 'I have the guest password' : 'I have the admin secret';
      password.focus();
    });
    const form = h('form', { class: 'card stack narrow', id: 'access-form' },
      h('h1', {}, 'This drop is private'),
      h('p', {}, 'Enter the password you were given to open ', h('strong', {}, this.name), '.'),
      h('div', { class: 'field' }, label, password),
      h('div', { class: 'field' }, h('label', { for: 'access-nickname' }, 'Your name (shown to others)'), nickname),
      error,
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Open'), toggle));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      error.textContent = '';
      const body = admin ? { adminSecret: password.value } : { password: password.value };
      if (nickname.value.trim()) {
        body.nickname = nickname.value.trim();
        localStorage.setItem(NICK_KEY, body.nickname);
      }
      try {
        await api.access(this.name, body);
        await this.start();
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 429 || e.status === 400)) {
          error.textContent = e.status === 429 ? `${e.message} (${e.problem.retryAfterSeconds ?? 60} s)` : e.message;
          password.select();
        } else {
          this.handleAccessError(e);
        }
      }
    });
    clear(this.main).append(form);
    password.focus();
  }

  // --- the page ----------------------------------------------------------------------------

  show(state) {
    this.drop = state;
    this.you = state.you || { role: 'guest', nickname: 'guest' };
    this.initialSeq = Number.isFinite(state.seq) ? state.seq : null;
    document.title = `${state.title || state.name} — livedrop`;

    this.header = h('section', { class: 'drop-head' });
    this.assets = new AssetList({ page: this });
    this.uploader = new Uploader({ page: this });
    this.composer = new Composer({ page: this });
    this.chat = new ChatPanel({ page: this });
    this.people = new PeoplePanel({ page: this });
    this.badge = new ConnectionBadge({ onRetry: () => this.client?.reconnectNow() });

    clear(this.main).append(
      h('div', { class: 'drop-layout' },
        h('div', { class: 'drop-main' }, this.header, this.uploader.el, this.composer.el, this.assets.el),
        h('aside', { class: 'drop-side', 'aria-label': 'People and chat' }, this.people.el, this.chat.el)));
    clear(document.getElementById('topbar-extra')).append(this.badge.el);

    this.renderHeader();
    this.assets.setAll(state.assets || []);
    this.sequencer = createSequencer({
      load: () => api.drop(this.name),
      onState: (s) => this.applyState(s),
      apply: (e) => this.applyEvent(e),
      onError: (e) => {
        if (e instanceof ApiError && [401, 404, 410].includes(e.status)) this.handleAccessError(e);
      },
    });
    this.sequencer.prime(state); // the state just rendered is the first load
    this.startLive();
  }

  /** A whole state from the REST API (first load, after a gap, after a reconnect). */
  applyState(state) {
    this.drop = state;
    this.you = state.you || this.you;
    this.renderHeader();
    this.assets.setAll(state.assets || []);
    this.uploader.refresh();
    this.composer.refresh();
  }

  applyEvent(e) {
    const d = e.data || {};
    switch (e.type) {
      case 'drop.created':
      case 'drop.updated': {
        const before = this.drop;
        this.drop = { ...this.drop, ...d, assets: this.drop.assets, you: this.you };
        this.renderHeader();
        this.uploader.refresh();
        this.composer.refresh();
        this.assets.refreshPermissions();
        if (before && d.passwordProtected && (!before.passwordProtected) && this.you.role !== 'admin') {
          // A new password locks out earlier guests: find out now rather than on the next click.
          this.sequencer.reload().catch(() => {});
        }
        break;
      }
      case 'drop.deleted':
        this.client?.close();
        clear(this.main).append(h('section', { class: 'card notice', id: 'drop-deleted' },
          h('h1', {}, 'This drop was deleted'), h('p', {}, h('a', { href: '/' }, 'Create a new drop'))));
        break;
      case 'drop.expiring':
        toast(`This drop expires ${relativeTime(d.expiresAt || this.drop.expiresAt)}.`, { kind: 'warn', ms: 10000 });
        break;
      case 'asset.created':
      case 'asset.updated':
        this.assets.upsert(d);
        break;
      case 'asset.deleted':
        this.assets.remove(d.id);
        break;
      case 'comment.created':
        this.assets.commentAdded(d);
        break;
      case 'comment.deleted':
        this.assets.commentRemoved(d);
        break;
      default:
        break; // a newer server's event: the next reload shows its effect
    }
  }

  startLive() {
    this.client = connect({
      session: async () => {
        try {
          const session = await api.session(this.name);
          // This page came from the server that runs the XMPP endpoints: reach them on the page's
          // own origin, whatever public URL the server was configured with (the CSP allows only it).
          return { ...session, websocket: '/xmpp-websocket', bosh: '/http-bind' };
        } catch (e) {
          if (e instanceof ApiError && [401, 403, 404, 410].includes(e.status)) {
            queueMicrotask(() => this.handleAccessError(e));
            throw Object.assign(e, { fatal: true });
          }
          throw e;
        }
      },
    });
    this.client.on('status', (s) => this.badge.update(s));
    this.client.on('joined', ({ rejoin }) => {
      // Anything may have happened while we were away: the state is reloaded; events after it apply.
      if (rejoin) this.sequencer.reload().catch(() => {});
    });
    this.client.on('presence', (p) => this.people.update(p));
    this.client.on('message', (m) => {
      if (m.event) {
        const fresh = this.initialSeq === null || m.event.seq > this.initialSeq;
        this.sequencer.offer(m.event);
        if (fresh && !m.delayed) this.chat.activity(m);
      } else if (!m.fromService) {
        this.chat.message(m);
      }
    });
    this.client.on('left', ({ reason }) => {
      if (reason === 'destroyed') toast('The drop’s room was closed.', { kind: 'warn' });
    });
    window.addEventListener('pagehide', () => this.client?.close(), { once: true });
  }

  renderHeader() {
    const d = this.drop;
    const admin = this.you.role === 'admin';
    const expiry = d.expiresAt ? `expires ${relativeTime(d.expiresAt)}` : 'never expires';
    const used = this.assets ? this.assets.usedBytes() : d.usedBytes ?? 0;
    clear(this.header).append(...[
      h('div', { class: 'title-row' },
        h('h1', { id: 'drop-title' }, d.title || d.name),
        h('div', { class: 'row' },
          h('a', { class: 'button', href: api.zipUrl(this.name), download: `${this.name}.zip`, id: 'download-zip' }, 'Download all'),
          admin ? h('button', { type: 'button', id: 'open-settings', onclick: () => openSettings(this) }, 'Settings') : null)),
      d.description ? h('p', { class: 'description', id: 'drop-description' }, d.description) : null,
      h('p', { class: 'meta' },
        h('span', {}, `${(this.assets?.count() ?? (d.assets || []).length)} items · ${formatBytes(used)}`),
        ' · ', h('span', {}, expiry),
        ' · ', h('span', {}, d.passwordProtected ? 'password protected' : 'anyone with the link'),
        ' · ', h('span', { id: 'you' }, `you are ${this.you.nickname}${admin ? ' (admin)' : ''}`)),
    ].filter(Boolean)); // the DOM's own append() would print a null as "null"
  }

  // --- permissions (the server enforces them; these only hide what would be refused) -------------

  can(action) {
    if (this.you.role === 'admin') return true;
    return Boolean(this.drop?.guests?.[action]);
  }

  /** Called by components when an API call says the access is gone. */
  accessLost(e) {
    if (e instanceof ApiError && [401, 404, 410].includes(e.status)) {
      this.handleAccessError(e);
      return true;
    }
    return false;
  }

  /** After an upload or a note: the server's answer applies at once; the event will be a duplicate. */
  assetsAdded(assets) {
    for (const a of assets) this.assets.upsert(a);
  }
}
