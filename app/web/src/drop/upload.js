// Uploading: a drop zone and a file picker for many files at once, one request per file so each
// has its own progress bar (XMLHttpRequest upload progress) and can be cancelled on its own.
import { api } from '../lib/api.js';
import { formatBytes, h } from '../lib/dom.js';

const PARALLEL = 3;

export class Uploader {
  constructor({ page }) {
    this.page = page;
    this.queue = [];
    this.running = 0;
    this.input = h('input', { type: 'file', multiple: true, id: 'file-input', class: 'visually-hidden' });
    this.input.addEventListener('change', () => {
      this.add([...this.input.files]);
      this.input.value = '';
    });
    this.list = h('ul', { class: 'uploads', id: 'uploads', 'aria-live': 'polite' });
    this.zone = h('label', { class: 'dropzone', for: 'file-input', id: 'dropzone', tabindex: '0' },
      h('strong', {}, 'Drop files here'), ' or ', h('span', { class: 'linkish' }, 'choose files'));
    this.zone.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.input.click();
      }
    });
    for (const t of ['dragenter', 'dragover']) {
      this.zone.addEventListener(t, (e) => {
        e.preventDefault();
        this.zone.classList.add('over');
      });
    }
    for (const t of ['dragleave', 'drop']) this.zone.addEventListener(t, () => this.zone.classList.remove('over'));
    this.zone.addEventListener('drop', (e) => {
      e.preventDefault();
      this.add([...(e.dataTransfer?.files || [])]);
    });
    // A file dropped beside the zone must not navigate away from the drop.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());
    this.el = h('section', { class: 'upload', 'aria-label': 'Upload files' }, this.input, this.zone, this.list);
    this.refresh();
  }

  refresh() {
    this.el.hidden = !this.page.can('add');
  }

  add(files) {
    for (const file of files) {
      const job = new UploadJob(this.page.name, file, () => this.next());
      this.list.prepend(job.el);
      this.queue.push(job);
    }
    this.next();
  }

  next() {
    this.running = this.queue.filter((j) => j.state === 'uploading').length;
    while (this.running < PARALLEL) {
      const job = this.queue.find((j) => j.state === 'waiting');
      if (!job) break;
      this.running++;
      job.start((assets) => this.page.assetsAdded(assets), (e) => this.page.accessLost(e));
    }
    this.queue = this.queue.filter((j) => j.state === 'waiting' || j.state === 'uploading');
  }
}

class UploadJob {
  constructor(drop, file, onSettled) {
    this.drop = drop;
    this.file = file;
    this.onSettled = onSettled;
    this.state = 'waiting';
    this.progress = h('progress', { max: file.size || 1, value: 0, 'aria-label': `Upload of ${file.name}` });
    this.status = h('span', { class: 'upload-status' }, 'waiting');
    this.cancel = h('button', { type: 'button', class: 'small', onclick: () => this.abort() }, 'Cancel');
    this.el = h('li', { class: 'upload-item', dataset: { state: 'waiting' } },
      h('span', { class: 'upload-name', title: file.name }, file.name),
      h('span', { class: 'size' }, formatBytes(file.size)), this.progress, this.status, this.cancel);
  }

  start(onAssets, onAccessLost) {
    this.set('uploading', '0 %');
    const xhr = new XMLHttpRequest();
    this.xhr = xhr;
    xhr.open('POST', api.filesUrl(this.drop));
    xhr.responseType = 'json';
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      this.progress.max = e.total;
      this.progress.value = e.loaded;
      this.status.textContent = `${Math.floor((e.loaded / e.total) * 100)} %`;
    });
    xhr.addEventListener('load', () => {
      if (xhr.status === 201 || xhr.status === 200) {
        const body = xhr.response;
        const assets = Array.isArray(body) ? body : body?.assets || [];
        this.progress.value = this.progress.max;
        this.set('done', 'added');
        onAssets(assets);
        setTimeout(() => this.el.remove(), 4000);
      } else {
        const p = xhr.response || {};
        let msg = p.detail || p.title || `HTTP ${xhr.status}`;
        if (Number.isFinite(p.remainingBytes)) msg += ` (${formatBytes(p.remainingBytes)} left)`;
        this.set('failed', msg);
        if (xhr.status === 401 || xhr.status === 410) onAccessLost({ status: xhr.status, problem: p, message: msg, type: '' });
      }
      this.settle();
    });
    xhr.addEventListener('error', () => {
      this.set('failed', 'network error');
      this.settle();
    });
    xhr.addEventListener('abort', () => {
      this.set('cancelled', 'cancelled');
      this.settle();
    });
    const form = new FormData();
    form.append('file', this.file, this.file.name);
    xhr.send(form);
  }

  abort() {
    if (this.state === 'uploading') this.xhr.abort();
    else if (this.state === 'waiting') {
      this.set('cancelled', 'cancelled');
      this.settle();
    } else this.el.remove();
  }

  set(state, text) {
    this.state = state;
    this.el.dataset.state = state;
    this.status.textContent = text;
    if (state === 'done' || state === 'failed' || state === 'cancelled') this.cancel.textContent = 'Dismiss';
  }

  settle() {
    this.onSettled();
  }
}
