/**
 * The JSON API client. URLs are relative to the page, so vscope also works behind a reverse proxy
 * that mounts it under a sub-path. Every failure becomes an ApiError carrying a message fit to
 * show to a person; a 401 sends the browser to the login page instead. Requests carry the reader's
 * language (which may be the one chosen in the header, not the browser's), so that the API's
 * `message` fields come in it; its `error` codes are the same in every language.
 */
import { language, t } from './i18n.js';

const TIMEOUT_MS = 30_000;

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the server could not be reached
   * @param {string} code the API's `error` field, or a local code
   * @param {string} message readable text
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Where the login page is; `next` brings the user back here afterwards. */
export function loginUrl() {
  return `login.html?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/**
 * The last answer of each list endpoint, with its entity tag: a refresh that finds the list
 * unchanged (the same collection cycle) gets a 304 and reuses it. The API's answers are not
 * stored by the browser (Cache-Control: no-store), so this one copy per list is the only one.
 */
const lastLists = new Map();

/**
 * GETs a JSON resource.
 *
 * @param {string} path e.g. "api/v1/hosts"
 * @param {Record<string, string|null|undefined>} [params] query parameters; empty ones are dropped
 * @param {boolean} [revalidate] keep the answer and send its entity tag next time (the lists)
 */
export async function getJson(path, params = {}, revalidate = false) {
  const url = new URL(path, document.baseURI);
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') url.searchParams.set(k, v);
  }
  const last = revalidate ? lastLists.get(url.pathname) : null;
  const headers = { Accept: 'application/json', 'Accept-Language': language() };
  if (last && last.href === url.href) headers['If-None-Match'] = last.etag;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let res;
  try {
    res = await fetch(url, { headers, credentials: 'same-origin', signal: abort.signal });
  } catch (e) {
    const timedOut = e && e.name === 'AbortError';
    throw new ApiError(0, timedOut ? 'timeout' : 'network',
      timedOut ? t('api.timeout', { seconds: TIMEOUT_MS / 1000 }) : t('api.unreachable'));
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 401) {
    location.assign(loginUrl());
    // Never settles: the page is going away, and callers should not flash an error meanwhile.
    return new Promise(() => {});
  }
  if (res.status === 304 && headers['If-None-Match']) return last.body;
  let body = null;
  try {
    body = await res.json();
  } catch (ignored) {
    // A proxy's HTML error page, or an empty body: reported below with the status line.
  }
  if (!res.ok) {
    const message = body && typeof body.message === 'string' && body.message
      ? body.message
      : `HTTP ${res.status} ${res.statusText}`.trim();
    throw new ApiError(res.status, (body && body.error) || 'http', message);
  }
  if (body === null) throw new ApiError(res.status, 'parse', t('api.unreadable', { path: url.pathname }));
  const etag = revalidate && res.headers.get('ETag');
  if (etag) lastLists.set(url.pathname, { href: url.href, etag, body });
  else lastLists.delete(url.pathname);
  return body;
}

/**
 * Sends a change (POST with a JSON body, DELETE) and reads the JSON answer, if any. The browser
 * adds Origin, which the server's cross-site check requires of every change.
 */
export async function send(method, path, body) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let res;
  try {
    res = await fetch(new URL(path, document.baseURI), {
      method,
      headers: { Accept: 'application/json', 'Accept-Language': language(), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
      signal: abort.signal,
    });
  } catch (e) {
    const timedOut = e && e.name === 'AbortError';
    throw new ApiError(0, timedOut ? 'timeout' : 'network',
      timedOut ? t('api.timeout', { seconds: TIMEOUT_MS / 1000 }) : t('api.unreachable'));
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 401) {
    location.assign(loginUrl());
    return new Promise(() => {});
  }
  let answer = null;
  try {
    answer = res.status === 204 ? null : await res.json();
  } catch (ignored) {
    // no JSON: the status line says enough
  }
  if (!res.ok) {
    const message = answer && typeof answer.message === 'string' && answer.message ? answer.message : `HTTP ${res.status} ${res.statusText}`.trim();
    throw new ApiError(res.status, (answer && answer.error) || 'http', message);
  }
  return answer;
}

/** The endpoints, one function each. */
export const api = {
  datacenters: () => getJson('api/v1/datacenters'),
  hosts: (dc) => getJson('api/v1/hosts', { datacenter: dc }, true),
  datastores: (dc) => getJson('api/v1/datastores', { datacenter: dc }, true),
  vms: (dc) => getJson('api/v1/vms', { datacenter: dc }, true),
  clusters: (dc, target, nplus1) => getJson('api/v1/clusters', { datacenter: dc, target, nplus1: nplus1 ? 'true' : null }),
  /** Every snapshot of the datacenter's VMs, oldest first (issue 13). */
  snapshots: (dc) => getJson('api/v1/snapshots', { datacenter: dc }),
  /** The alarms triggered on the datacenter's entities (issue 13). */
  alarms: (dc) => getJson('api/v1/alarms', { datacenter: dc }),
  /** One cluster's resource pools, the root first and each before its children. */
  resourcePools: (cluster) => getJson('api/v1/resourcePools', { cluster }),
  // In the query, not the path: an id may hold a "/", which a path segment cannot carry.
  entity: (id) => getJson('api/v1/entities', { id }),
  /** The VMs of a datastore, with their space on it and their disk latency. */
  datastoreVms: (datastore) => getJson('api/v1/datastores/vms', { datastore }),
  series: (entity, metric, range) => getJson('api/v1/series', { entity, metric, range }),
  /** {type, metric, range, limit, scope} → [{entity, name, value, unit}], highest first. */
  top: (question) => getJson('api/v1/top', question),
  /** The health checks, failing first: [{check, title, severity, count, entities: [{id, name, detail}]}]. */
  health: (dc) => getJson('api/v1/health', { datacenter: dc }),
  /** {entity | datacenter, since, type, user, limit} → vCenter's events the caller may see, newest first. */
  events: (question) => getJson('api/v1/events', question),
  status: () => getJson('api/v1/status'),
  settings: () => getJson('api/v1/settings'),
  /** Alerts the caller may see: pending and firing ones, or `state` firing, pending or resolved (the last 30 days). */
  alerts: (state) => getJson('api/v1/alerts', { state }),
  rules: () => getJson('api/v1/rules'),
  silences: () => getJson('api/v1/silences'),
  /** {targets: [ids], rule?, duration, reason} → the silence set. */
  silence: (request) => send('POST', 'api/v1/silences', request),
  unsilence: (id) => send('DELETE', `api/v1/silences/${encodeURIComponent(id)}`),
  /** Who is logged in: {authenticated, loginRequired, username}; a 200 also when nobody is. */
  session: () => getJson('api/v1/session'),
};

/** Ends the session. The browser sends Origin with a DELETE, which the server's CSRF check wants. */
export async function logout() {
  try {
    await fetch(new URL('api/v1/session', document.baseURI), { method: 'DELETE', credentials: 'same-origin' });
  } catch (ignored) {
    // Going to the login page is right whether or not the server heard us.
  }
  location.assign('login.html');
}
