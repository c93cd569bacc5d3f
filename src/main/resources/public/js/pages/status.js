/**
 * The Status page: how collection from each vCenter goes. This is where an admin looks when the
 * banner says data is stale: the error, how long cycles take (and whether they grow), which
 * entities were skipped, which counters vCenter does not offer (statistics level too low),
 * whether the inventory has to be read whole each cycle (a vCenter that ignores page limits) and
 * whether its events are read (a vCenter may refuse them to the account, issue 13).
 */
import { el, replaceChildren, svg } from '../dom.js';
import { badge } from '../cells.js';
import { DASH, fmtAgo, fmtDateTime, fmtDuration, fmtInt, fmtNum, fmtPercent, fmtSeconds, isNum, parseTime } from '../format.js';
import { key, t } from '../i18n.js';
import { startPage } from '../page.js';

const EVENTS_STATE = {
  ok: [key('status.events.ok'), 'ok'], behind: [key('status.events.behind'), 'warn'], refused: [key('status.events.refused'), 'crit'],
  failing: [key('status.events.failing'), 'crit'], starting: [key('status.events.starting'), 'muted'],
};
const STATE = { ok: [key('status.state.ok'), 'ok'], failing: [key('status.state.failing'), 'crit'], starting: [key('status.state.starting'), 'muted'] };

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
  const title = t('status.sparkline', { count: nums.length, n: fmtInt(nums.length), min: fmtDuration(Math.min(...nums)), max: fmtDuration(max) });
  return svg('svg', { class: 'spark', viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': title },
    svg('title', {}, document.createTextNode(title)),
    svg('polyline', { points }));
}

function listDetails(summaryText, items) {
  if (!items.length) return document.createTextNode(t('status.none'));
  return el('details', {},
    el('summary', { text: summaryText }),
    el('ul', { className: 'plain-list' }, items.map((i) => el('li', { text: i }))));
}

/** Whether the vCenter's events are read: refused or failing says why, behind says more wait. */
function eventsCell(vc) {
  const events = vc.events || {};
  const [stateKey, kind] = EVENTS_STATE[events.state] || [null, 'muted'];
  return el('td', { className: 'events-state' }, badge(stateKey ? t(stateKey) : events.state || DASH, kind, events.state),
    events.error ? el('div', { className: 'status-error', text: events.error }) : null);
}

function vcenterRow(vc) {
  const [stateKey, kind] = STATE[vc.state] || [null, 'muted'];
  const stateText = stateKey ? t(stateKey) : vc.state || DASH;
  const skipped = Object.entries(vc.skipped || {}).map(([entity, reason]) => `${entity}: ${reason}`);
  const missing = vc.missingCounters || [];
  const errorAt = parseTime(vc.errorAt);
  return el('tr', { dataset: { vcenter: vc.name } },
    el('td', { text: vc.name }),
    el('td', {}, badge(stateText, kind, vc.state),
      // A vCenter that ignores page limits: collection works, at a higher cost worth knowing.
      vc.inventoryFallback && el('details', { className: 'sub inventory-fallback' },
        el('summary', { text: t('status.inventoryFallback') }),
        el('div', { text: vc.inventoryFallback }))),
    el('td', { className: 'nowrap' }, timeCell(vc.lastAttempt)),
    el('td', { className: 'nowrap' }, timeCell(vc.lastSuccess),
      // shown since the start from disk, until this run's first success (issue 15)
      vc.fromPreviousRun && el('div', { className: 'sub previous-run', text: t('status.previousRun') })),
    el('td', { className: 'nowrap' }, fmtDuration(vc.durationMs), sparkline(vc.recentDurationsMs)),
    el('td', { className: 'nowrap', text: fmtSeconds(vc.intervalSeconds) }),
    el('td', {}, vc.error
      ? el('div', {}, el('div', { className: 'sub', text: errorAt ? fmtDateTime(errorAt) : '' }), el('div', { className: 'status-error', text: vc.error }))
      : t('status.none')),
    el('td', {}, listDetails(t('status.skipped', { count: skipped.length, n: fmtInt(skipped.length) }), skipped)),
    el('td', {}, listDetails(t('status.notOffered', { count: missing.length, n: fmtInt(missing.length) }), missing)),
    eventsCell(vc));
}

const HEAD = [
  key('status.head.vcenter'), key('status.head.state'), key('status.head.lastAttempt'), key('status.head.lastSuccess'),
  key('status.head.duration'), key('status.head.interval'), key('status.head.lastError'), key('status.head.skipped'),
  key('status.head.notOffered'), key('status.head.events'),
];

const CHANNEL_HEAD = [
  key('status.channel.name'), key('status.channel.type'), key('status.head.state'), key('status.channel.lastSuccess'),
  key('status.head.lastError'), key('status.channel.waiting'), key('status.channel.sent'), key('status.channel.failed'),
];

/** One alert channel: whether its last delivery failed, why, and what waits (issue 14). */
function channelRow(c) {
  const failing = c.consecutiveFailures > 0;
  const lastFailure = parseTime(c.lastFailure);
  const next = parseTime(c.nextAttempt);
  return el('tr', { dataset: { channel: c.name } },
    el('td', { text: c.name }),
    el('td', { text: c.type }),
    el('td', {}, badge(failing ? t('status.channel.failing') : t('status.channel.ok'), failing ? 'crit' : 'ok', failing ? 'failing' : 'ok')),
    el('td', { className: 'nowrap' }, timeCell(c.lastSuccess)),
    el('td', {}, failing && c.lastError
      ? el('div', {}, el('div', { className: 'sub', text: lastFailure ? fmtDateTime(lastFailure) : '' }),
        el('div', { className: 'status-error', text: c.lastError }),
        next ? el('div', { className: 'sub', text: t('status.channel.retry', { time: fmtDateTime(next) }) }) : null)
      : t('status.none')),
    el('td', { className: 'num', text: fmtInt(c.waiting) }),
    el('td', { className: 'num', text: fmtInt(c.sent) }),
    el('td', { className: 'num', text: fmtInt(c.failed) }));
}

function channelsPanel(channels) {
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'channels-title' } },
    el('h2', { id: 'channels-title', text: t('status.channels') }),
    channels.length
      ? el('div', { className: 'table-wrap' }, el('table', { className: 'data status channels' },
        el('caption', { className: 'sr-only', text: t('status.channels') }),
        el('thead', {}, el('tr', {}, CHANNEL_HEAD.map((h) => el('th', { scope: 'col' }, el('span', { className: 'static-head', text: t(h) }))))),
        el('tbody', {}, channels.map(channelRow))))
      : el('p', { className: 'sub', text: t('status.channels.none') }));
}

function thresholdsPanel(settings, limits) {
  const names = {
    cpu: key('status.limit.cpu'), mem: key('status.limit.mem'), cpuReady: key('status.limit.cpuReady'),
    datastoreUsed: key('status.limit.datastoreUsed'), latency: key('status.limit.latency'),
  };
  const value = (k, v) => (k === 'latency' ? t('unit.join', { n: fmtNum(v, Number.isInteger(v) ? 0 : 1), unit: t('unit.ms') }) : fmtPercent(v, Number.isInteger(v) ? 0 : 1));
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'settings-title' } },
    el('h2', { id: 'settings-title', text: t('status.settings') }),
    el('table', { className: 'props' }, el('tbody', {},
      el('tr', {}, el('th', { scope: 'row', text: t('status.interval') }), el('td', { text: fmtSeconds(settings.intervalSeconds) })),
      Object.entries(names).map(([k, n]) => el('tr', {},
        el('th', { scope: 'row', text: t('status.limit', { name: t(n) }) }),
        el('td', { text: `${value(k, limits[k].warning)} / ${value(k, limits[k].critical)}` }))))));
}

startPage({
  active: 'status',
  what: key('page.what.status'),
  async load(ctx) {
    // The page shell has fetched /api/v1/status for the header already; no second request.
    // Without it, the shell's message says why.
    if (!ctx.status) return;
    serverNow = Date.parse(ctx.status.now) || Date.now();
    const vcenters = ctx.status.vcenters || [];
    const table = el('table', { className: 'data status' },
      el('caption', { className: 'sr-only', text: t('status.caption') }),
      el('thead', {}, el('tr', {}, HEAD.map((h) => el('th', { scope: 'col' }, el('span', { className: 'static-head', text: t(h) }))))),
      el('tbody', {}, vcenters.length
        ? vcenters.map(vcenterRow)
        : el('tr', {}, el('td', { className: 'empty', colspan: HEAD.length, text: t('status.noVcenter') }))));
    replaceChildren(document.getElementById('vcenters'), el('div', { className: 'table-wrap' }, table));
    replaceChildren(document.getElementById('channels'), channelsPanel(ctx.status.channels || []));
    replaceChildren(document.getElementById('settings'), thresholdsPanel(ctx.settings, ctx.thresholds));
  },
});
