/**
 * The Status page: how collection from each vCenter goes. This is where an admin looks when the
 * banner says data is stale: the error, how long cycles take (and whether they grow), which
 * entities were skipped, which counters vCenter does not offer (statistics level too low) and
 * whether the inventory has to be read whole each cycle (a vCenter that ignores page limits).
 */
import { el, replaceChildren, svg } from '../dom.js';
import { badge } from '../cells.js';
import { DASH, fmtAgo, fmtDateTime, fmtDuration, isNum, parseTime } from '../format.js';
import { startPage } from '../page.js';

const STATE = { ok: ['OK', 'ok'], failing: ['Failing', 'crit'], starting: ['Starting', 'muted'] };

/** The server's clock at the status answer, so ages do not depend on the browser's clock. */
let serverNow = Date.now();

function timeCell(iso) {
  const d = parseTime(iso);
  if (!d) return DASH;
  return el('span', {}, el('time', { attrs: { datetime: d.toISOString() }, text: fmtDateTime(d) }),
    el('span', { className: 'sub', text: ` (${fmtAgo(d, serverNow)})` }));
}

/** A tiny line of the recent cycle durations, oldest left, scaled to the largest. */
function sparkline(values) {
  const nums = (values || []).filter(isNum);
  if (nums.length < 2) return null;
  const w = 90;
  const h = 20;
  const max = Math.max(...nums) || 1;
  const points = nums.map((v, i) => `${((i / (nums.length - 1)) * w).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`).join(' ');
  const title = `Last ${nums.length} cycles: ${fmtDuration(Math.min(...nums))} to ${fmtDuration(max)}`;
  return svg('svg', { class: 'spark', viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': title },
    svg('title', {}, document.createTextNode(title)),
    svg('polyline', { points }));
}

function listDetails(summaryText, items) {
  if (!items.length) return document.createTextNode('None');
  return el('details', {},
    el('summary', { text: summaryText }),
    el('ul', { className: 'plain-list' }, items.map((i) => el('li', { text: i }))));
}

function vcenterRow(vc) {
  const [stateText, kind] = STATE[vc.state] || [vc.state || DASH, 'muted'];
  const skipped = Object.entries(vc.skipped || {}).map(([entity, reason]) => `${entity}: ${reason}`);
  const missing = vc.missingCounters || [];
  const errorAt = parseTime(vc.errorAt);
  return el('tr', { dataset: { vcenter: vc.name } },
    el('td', { text: vc.name }),
    el('td', {}, badge(stateText, kind, vc.state),
      // A vCenter that ignores page limits: collection works, at a higher cost worth knowing.
      vc.inventoryFallback && el('details', { className: 'sub inventory-fallback' },
        el('summary', { text: 'Inventory read whole each cycle' }),
        el('div', { text: vc.inventoryFallback }))),
    el('td', { className: 'nowrap' }, timeCell(vc.lastAttempt)),
    el('td', { className: 'nowrap' }, timeCell(vc.lastSuccess)),
    el('td', { className: 'nowrap' }, fmtDuration(vc.durationMs), sparkline(vc.recentDurationsMs)),
    el('td', { className: 'nowrap', text: isNum(vc.intervalSeconds) ? `${vc.intervalSeconds} s` : DASH }),
    el('td', {}, vc.error
      ? el('div', {}, el('div', { className: 'sub', text: errorAt ? fmtDateTime(errorAt) : '' }), el('div', { className: 'status-error', text: vc.error }))
      : 'None'),
    el('td', {}, listDetails(`${skipped.length} skipped`, skipped)),
    el('td', {}, listDetails(`${missing.length} not offered`, missing)));
}

const HEAD = ['vCenter', 'State', 'Last attempt', 'Last success', 'Cycle duration', 'Interval', 'Last error', 'Skipped entities', 'Counters not offered'];

function thresholdsPanel(settings, t) {
  const names = { cpu: 'CPU usage', mem: 'Memory usage', cpuReady: 'CPU ready', datastoreUsed: 'Datastore used', latency: 'Latency' };
  const unit = (k) => (k === 'latency' ? ' ms' : ' %');
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'settings-title' } },
    el('h2', { id: 'settings-title', text: 'Settings' }),
    el('table', { className: 'props' }, el('tbody', {},
      el('tr', {}, el('th', { scope: 'row', text: 'Collection interval' }), el('td', { text: `${settings.intervalSeconds ?? DASH} s` })),
      Object.entries(names).map(([k, n]) => el('tr', {},
        el('th', { scope: 'row', text: `${n} warning / critical` }),
        el('td', { text: `${t[k].warning}${unit(k)} / ${t[k].critical}${unit(k)}` }))))));
}

startPage({
  active: 'status',
  what: 'the collection status',
  async load(ctx) {
    // The page shell has fetched /api/v1/status for the header already; no second request.
    // Without it, the shell's message says why.
    if (!ctx.status) return;
    serverNow = Date.parse(ctx.status.now) || Date.now();
    const vcenters = ctx.status.vcenters || [];
    const table = el('table', { className: 'data status' },
      el('caption', { className: 'sr-only', text: 'Collection status per vCenter' }),
      el('thead', {}, el('tr', {}, HEAD.map((h) => el('th', { scope: 'col' }, el('span', { className: 'static-head', text: h }))))),
      el('tbody', {}, vcenters.length
        ? vcenters.map(vcenterRow)
        : el('tr', {}, el('td', { className: 'empty', colspan: HEAD.length, text: 'No vCenter is configured.' }))));
    replaceChildren(document.getElementById('vcenters'), el('div', { className: 'table-wrap' }, table));
    replaceChildren(document.getElementById('settings'), thresholdsPanel(ctx.settings, ctx.thresholds));
  },
});
