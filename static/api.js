// api.js: the one way the pages talk to the JSON API under /api/v1.

/** ApiError is an answer of the API outside 2xx, in the API's error shape. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.field = field || '';
  }
}

// uuid returns a random UUID; crypto.randomUUID exists only in secure contexts (https, localhost),
// and a community office may well serve plain http on its own network.
function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * request sends one API call and returns the decoded JSON (null for 204). A POST carries an
 * Idempotency-Key, and when the network fails it is retried once with the same key, so the
 * server creates the object at most once.
 */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body instanceof Blob) {
    init.body = body; // a file sent as it is (an import), with its own type
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method === 'POST') headers['Idempotency-Key'] = uuid();
  let res;
  try {
    res = await fetch('/api/v1' + path, init);
  } catch {
    if (method !== 'POST') throw new ApiError(0, 'network');
    await new Promise((ok) => setTimeout(ok, 800));
    try {
      res = await fetch('/api/v1' + path, init);
    } catch {
      throw new ApiError(0, 'network');
    }
  }
  if (res.status === 204) return null;
  const json = (res.headers.get('Content-Type') || '').includes('json');
  const data = json ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (json && data && data.error) || {};
    throw new ApiError(res.status, e.code || `http_${res.status}`, e.message, e.field);
  }
  return data;
}

/** get reads path with the query parameters that are set. */
export function get(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  }
  const s = q.toString();
  return request('GET', s ? `${path}?${s}` : path);
}

export const post = (path, body) => request('POST', path, body ?? {});
export const patch = (path, body) => request('PATCH', path, body);
export const put = (path, body) => request('PUT', path, body);
export const del = (path, body) => request('DELETE', path, body);

/** all reads every page of a list, up to max items. */
export async function all(path, query, max = 500) {
  const items = [];
  let cursor = '';
  do {
    const page = await get(path, { ...query, limit: Math.min(max - items.length, 500), cursor });
    items.push(...page.items);
    cursor = page.next_cursor || '';
  } while (cursor && items.length < max);
  return items;
}
