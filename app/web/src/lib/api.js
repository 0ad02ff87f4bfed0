/**
 * The REST API (/api/v1, see GET /api/v1/openapi.json). The page never sees a token: /access and
 * drop creation set the drop's HttpOnly cookie, which every same-origin request then carries.
 * Errors come back as RFC 9457 problems; ApiError keeps the stable `type` slug to branch on.
 */
const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.type = (this.problem.type || '').replace('urn:livedrop:problem:', '');
  }
}

export async function request(method, path, body, { signal } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(BASE + path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached.' });
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: a proxy's error page */
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

const enc = encodeURIComponent;

export const api = {
  createDrop: (d) => request('POST', '/drops', d),
  drop: (name) => request('GET', `/drops/${enc(name)}`),
  updateDrop: (name, patch) => request('PATCH', `/drops/${enc(name)}`, patch),
  deleteDrop: (name) => request('DELETE', `/drops/${enc(name)}`),
  access: (name, body) => request('POST', `/drops/${enc(name)}/access`, body),
  session: (name) => request('POST', `/drops/${enc(name)}/session`),
  addAsset: (name, body) => request('POST', `/drops/${enc(name)}/assets`, body),
  updateAsset: (name, id, patch) => request('PATCH', `/drops/${enc(name)}/assets/${enc(id)}`, patch),
  deleteAsset: (name, id) => request('DELETE', `/drops/${enc(name)}/assets/${enc(id)}`),
  comments: (name, id) => request('GET', `/drops/${enc(name)}/assets/${enc(id)}/comments`),
  addComment: (name, id, text) => request('POST', `/drops/${enc(name)}/assets/${enc(id)}/comments`, { text }),
  deleteComment: (name, id, cid) => request('DELETE', `/drops/${enc(name)}/assets/${enc(id)}/comments/${enc(cid)}`),
  contentUrl: (name, id) => `${BASE}/drops/${enc(name)}/assets/${enc(id)}/content`,
  thumbnailUrl: (name, id) => `${BASE}/drops/${enc(name)}/assets/${enc(id)}/thumbnail`,
  zipUrl: (name) => `${BASE}/drops/${enc(name)}/download.zip`,
  filesUrl: (name) => `${BASE}/drops/${enc(name)}/files`,
};
