// The admin's settings: title, description, expiry, password, guest permissions; deleting the drop.
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { toast } from '../lib/toast.js';

const EXPIRIES = [['', 'Keep the current expiry'], ['1h', '1 hour from now'], ['1d', '1 day from now'], ['1w', '1 week from now'],
  ['1m', '1 month from now'], ['1y', '1 year from now'], ['never', 'Never']];

export function openSettings(page) {
  const d = page.drop;
  const error = h('p', { class: 'error', role: 'alert' });
  const f = {
    title: h('input', { id: 'set-title', maxlength: 200, value: d.title || '' }),
    description: h('textarea', { id: 'set-description', rows: 3, maxlength: 4000 }),
    expiry: h('select', { id: 'set-expiry' }, EXPIRIES.map(([v, l]) => h('option', { value: v }, l))),
    password: h('input', { id: 'set-password', type: 'password', minlength: 4, maxlength: 256, autocomplete: 'new-password' }),
    removePassword: h('input', { id: 'set-remove-password', type: 'checkbox' }),
    add: h('input', { id: 'set-add', type: 'checkbox', checked: Boolean(d.guests?.add) }),
    comment: h('input', { id: 'set-comment', type: 'checkbox', checked: Boolean(d.guests?.comment) }),
    delete: h('input', { id: 'set-delete', type: 'checkbox', checked: Boolean(d.guests?.delete) }),
  };
  f.description.value = d.description || '';
  const row = (label, input, hint) => h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hint ? h('small', {}, hint) : null);
  const checkRow = (input, label) => h('label', { class: 'check' }, input, ' ', label);
  const dialog = h('dialog', { class: 'settings', id: 'settings-dialog', 'aria-labelledby': 'settings-heading' });
  const form = h('form', { class: 'stack', method: 'dialog' },
    h('h2', { id: 'settings-heading' }, 'Drop settings'),
    row('Title', f.title),
    row('Description', f.description),
    row('Expiry', f.expiry),
    row(d.passwordProtected ? 'New password' : 'Password', f.password, 'A new password signs every guest out until they enter it.'),
    d.passwordProtected ? checkRow(f.removePassword, 'Remove the password (anyone with the link may open the drop)') : null,
    h('fieldset', { class: 'perms' }, h('legend', {}, 'Guests may'),
      checkRow(f.add, 'add files, notes and links'), checkRow(f.comment, 'comment and chat'), checkRow(f.delete, 'delete things')),
    error,
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'primary', value: 'save' }, 'Save'),
      h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'),
      h('button', { type: 'button', class: 'danger push-right', onclick: () => deleteDrop(page, dialog) }, 'Delete drop')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!form.reportValidity()) return;
    const patch = {
      title: f.title.value.trim(),
      description: f.description.value,
      guests: { add: f.add.checked, comment: f.comment.checked, delete: f.delete.checked },
    };
    if (f.expiry.value) patch.expiry = f.expiry.value;
    if (f.password.value) patch.password = f.password.value;
    else if (f.removePassword.checked) patch.removePassword = true;
    try {
      const updated = await api.updateDrop(page.name, patch);
      page.applyState({ ...updated, assets: updated.assets || [...page.assets.assets.values()], you: updated.you || page.you });
      dialog.close();
      toast('Settings saved');
    } catch (err) {
      error.textContent = err.message;
    }
  });
  dialog.append(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  f.title.focus();
}

async function deleteDrop(page, dialog) {
  if (!window.confirm(`Delete the drop “${page.drop.title || page.name}” and everything in it? This cannot be undone.`)) return;
  try {
    await api.deleteDrop(page.name);
    dialog.close();
    page.client?.close();
    location.assign('/');
  } catch (err) {
    toast(err.message, { kind: 'error' });
  }
}
