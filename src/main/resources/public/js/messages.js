/**
 * The message area at the top of the page content: API errors and notices, one per key, so a
 * failing refresh updates its message instead of stacking a new one every interval.
 */
import { el } from './dom.js';

const shown = new Map();

function area() {
  let node = document.getElementById('messages');
  if (!node) {
    node = el('div', { id: 'messages', attrs: { 'aria-live': 'polite' } });
    (document.querySelector('main') || document.body).prepend(node);
  }
  return node;
}

/**
 * Shows (or replaces) the message with this key.
 *
 * @param {string} key e.g. "load"
 * @param {'info'|'warn'|'crit'} kind
 * @param {string} text
 * @param {string} [detail] e.g. the server's error text, shown in monospace
 */
export function showMessage(key, kind, text, detail) {
  const node = el('div', { className: `banner ${kind}`, attrs: { role: kind === 'crit' ? 'alert' : 'status' } },
    el('strong', { text }),
    detail ? el('span', { className: 'banner-detail', text: detail }) : null);
  const old = shown.get(key);
  if (old) old.replaceWith(node);
  else area().append(node);
  shown.set(key, node);
}

export function clearMessage(key) {
  const old = shown.get(key);
  if (old) old.remove();
  shown.delete(key);
}
