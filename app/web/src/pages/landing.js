// The landing page: create a drop, or open one by name or link.
import { api, ApiError } from '../lib/api.js';
import { clear, h } from '../lib/dom.js';
import { toast } from '../lib/toast.js';

const EXPIRIES = [['1h', '1 hour'], ['1d', '1 day'], ['1w', '1 week'], ['1m', '1 month'], ['1y', '1 year'], ['never', 'Never']];

export function renderLanding(main) {
  document.title = 'livedrop — private, live file sharing';
  clear(main);
  const result = h('section', { id: 'created', class: 'card created', hidden: true, tabindex: '-1' });
  main.append(
    h('section', { class: 'hero' },
      h('h1', {}, 'Share files privately, live'),
      h('p', {}, 'A drop is a small private space at its own link. Everyone you give the link (and the password) can add files, notes and links, comment and chat — and sees every change the moment it happens.')),
    h('div', { class: 'landing-grid' }, createForm(result), openBox()),
    result);
}

function createForm(result) {
  const error = h('p', { class: 'error', role: 'alert', id: 'create-error' });
  const form = h('form', { id: 'create-form', class: 'card stack', novalidate: true },
    h('h2', {}, 'Create a drop'),
    field('Title', h('input', { name: 'title', id: 'create-title', maxlength: 200, required: true, placeholder: 'Team photos' })),
    field('Name in the link (optional)', h('input', {
      name: 'name', id: 'create-name', pattern: '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?', minlength: 3, maxlength: 64,
      placeholder: 'team-photos', autocapitalize: 'off', spellcheck: 'false',
    }), 'Lower-case letters, digits and dashes; left empty, one is made up.'),
    field('Expires after', h('select', { name: 'expiry', id: 'create-expiry' },
      EXPIRIES.map(([v, label]) => h('option', { value: v, selected: v === '1w' }, label)))),
    field('Password for guests (optional)', h('input', {
      name: 'password', id: 'create-password', type: 'password', minlength: 4, maxlength: 256, autocomplete: 'new-password',
    }), 'Without one, anyone with the link can open the drop.'),
    h('fieldset', { class: 'perms' },
      h('legend', {}, 'Guests may'),
      check('add', 'add files, notes and links', true),
      check('comment', 'comment and chat', true),
      check('delete', 'delete things', false)),
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Create drop'));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const f = form.elements;
    if (!form.reportValidity()) return;
    const body = {
      title: f.title.value.trim(),
      expiry: f.expiry.value,
      guests: { add: f['guest-add'].checked, comment: f['guest-comment'].checked, delete: f['guest-delete'].checked },
    };
    if (f.name.value.trim()) body.name = f.name.value.trim();
    if (f.password.value) body.password = f.password.value;
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const created = await api.createDrop(body);
      showCreated(result, created);
      form.reset();
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : String(err);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function showCreated(result, created) {
  const link = new URL(`/d/${encodeURIComponent(created.drop.name)}`, location.href).href;
  clear(result).append(
    h('h2', {}, `“${created.drop.title || created.drop.name}” is ready`),
    h('p', {}, 'Share this link', created.drop.passwordProtected ? ' and the password' : '', ':'),
    copyRow('drop-link', link),
    h('p', {}, h('strong', {}, 'Admin secret — shown only now.'),
      ' Keep it to manage the drop from another browser; this browser is already signed in as admin.'),
    copyRow('admin-secret', created.adminSecret),
    h('p', {}, h('a', { class: 'button primary', href: link, id: 'open-created' }, 'Open the drop')));
  result.hidden = false;
  result.scrollIntoView({ block: 'start' });
  result.focus({ preventScroll: true });
}

function copyRow(id, value) {
  const input = h('input', { id, value, readonly: true, class: 'mono', 'aria-label': id.replace('-', ' ') });
  const button = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(value);
        toast('Copied');
      } catch {
        input.select();
      }
    },
  }, 'Copy');
  return h('div', { class: 'copy-row' }, input, button);
}

function openBox() {
  const input = h('input', { id: 'open-name', name: 'drop', required: true, placeholder: 'team-photos or a link', autocapitalize: 'off', spellcheck: 'false' });
  const form = h('form', { class: 'card stack', id: 'open-form' },
    h('h2', {}, 'Open a drop'),
    field('Drop name or link', input),
    h('button', { type: 'submit' }, 'Open'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = dropNameFrom(input.value);
    if (!name) {
      input.setCustomValidity('Enter a drop name like team-photos, or its link.');
      input.reportValidity();
      return;
    }
    location.assign(`/d/${encodeURIComponent(name)}`);
  });
  input.addEventListener('input', () => input.setCustomValidity(''));
  return form;
}

/** "team-photos", "/d/team-photos" or "https://host/d/team-photos" → "team-photos". */
export function dropNameFrom(text) {
  const t = String(text || '').trim();
  const m = t.match(/\/d\/([^/?#]+)/);
  const name = m ? decodeURIComponent(m[1]) : t;
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(name) && name.length >= 3 && name.length <= 64 ? name : null;
}

function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('small', {}, hint) : null);
}

function check(name, label, checked) {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', name: `guest-${name}`, id: `guest-${name}`, checked }), ' ', label);
}
