/**
 * Page addresses. The datacenter choice lives in the URL (`?dc=ID`) so that a link shows the same
 * thing to whoever opens it; every link between pages carries it.
 */

/** A query parameter of the current page, or null. */
export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

/** The URL of a page of this site with the given query parameters (empty ones dropped). */
export function pageUrl(page, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `${page}?${s}` : page;
}

/** The detail page of a host, VM or datastore. */
export function entityUrl(id, dc) {
  return pageUrl('entity.html', { id, dc });
}

/**
 * Sets (or with null, removes) query parameters of the current URL without reloading or adding
 * a history entry, so sharing the address shares the current view.
 */
export function replaceParams(changes) {
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  history.replaceState(history.state, '', url);
}
