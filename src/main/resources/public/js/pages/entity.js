/**
 * The detail page of a host, VM, datastore or cluster (`entity.html?id=ID&range=day`): the vCenter
 * alarms triggered on it, its properties, one chart per metric over the chosen range with the
 * entity's vCenter events marked on every chart (a vMotion where the CPU moved, a reconfiguration
 * where the memory did), the timeline of those events, a VM's snapshots and a datastore's VMs. The
 * range is in the URL so a link shows the same view; changing it fetches the series and the events
 * again without reloading the page.
 */
import { ApiError, api } from '../api.js';
import { el, replaceChildren } from '../dom.js';
import { badge } from '../cells.js';
import { MetricChart, RANGES, summarize } from '../charts.js';
import { DASH, collator, fmtInt, fmtUnit } from '../format.js';
import { EVENT_TYPES, timeline, typeLabel } from '../events.js';
import { key, t } from '../i18n.js';
import { clearMessage, showMessage } from '../messages.js';
import { metricOrder, metricTitle, parseMetric } from '../metrics.js';
import { startPage } from '../page.js';
import { propertyTable } from '../properties.js';
import { relabelDatastoreVms, showDatastoreVms } from '../datastore-vms.js';
import { relabelEntityTables, showEntityAlarms, showVmSnapshots } from '../entity-tables.js';
import { pageUrl, param, replaceParams } from '../urls.js';

const TYPES = {
  host: [key('entity.type.host'), 'hosts.html', key('nav.hosts')],
  vm: [key('entity.type.vm'), 'vms.html', key('nav.vms')],
  datastore: [key('entity.type.datastore'), 'filer.html', key('nav.filer')],
  cluster: [key('entity.type.cluster'), 'clusters.html', key('nav.clusters')],
};
const RANGE_NAMES = {
  hour: key('entity.range.hour'), day: key('entity.range.day'), week: key('entity.range.week'),
  month: key('entity.range.month'), year: key('entity.range.year'),
};
const PARALLEL_FETCHES = 4;
/** The events marked and listed: enough for a busy host over a year, few enough for one answer. */
const EVENTS_LIMIT = 1000;

const id = param('id');
let range = RANGES[param('range')] ? param('range') : 'day';
/** An alert's link names its metric and threshold: that chart draws the line and comes into view (issue 14). */
const alertMetric = param('metric');
const alertThreshold = param('threshold') === null ? NaN : Number(param('threshold'));
let alertShown = false;
let entity = null;
let datastoreNames = new Map();
/** metric name → {chart, stats, card} */
const charts = new Map();
/** The entity's events over the range, as the last load fetched them. */
let events = [];

const els = {
  title: document.getElementById('entity-title'),
  crumbs: document.getElementById('entity-crumbs'),
  props: document.getElementById('entity-props'),
  ranges: document.getElementById('ranges'),
  charts: document.getElementById('charts'),
  datastoreVms: document.getElementById('datastore-vms'),
  alarms: document.getElementById('entity-alarms'),
  snapshots: document.getElementById('vm-snapshots'),
  timeline: document.getElementById('timeline'),
  eventsRange: document.getElementById('events-range'),
  eventsAll: document.getElementById('events-all'),
  eventKey: document.getElementById('event-key'),
};

/** One button per range; the server's list (settings.ranges) wins when it gives one. */
function renderRangeButtons(offered) {
  const names = Object.keys(RANGES).filter((r) => !Array.isArray(offered) || offered.includes(r));
  replaceChildren(els.ranges, names.map((r) => el('button', {
    type: 'button', className: 'btn', dataset: { range: r }, attrs: { 'aria-pressed': String(r === range) },
    on: { click: () => setRange(r) },
  }, RANGE_NAMES[r] ? t(RANGE_NAMES[r]) : r)));
}

function setRange(r) {
  if (r === range) return;
  range = r;
  replaceParams({ range: r });
  for (const b of els.ranges.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.range === r));
  loadSeries().then(() => clearMessage('series'), (e) => showMessage('series', 'crit', t('entity.chartsFailed'), e.message));
  loadEvents();
}

/**
 * The entity's events over the range: listed in the timeline and marked on every chart. A failure
 * is said in the timeline; the charts stay.
 */
async function loadEvents() {
  const wantedRange = range;
  const since = new Date(Date.now() - RANGES[wantedRange] * 1000).toISOString();
  els.eventsRange.textContent = RANGE_NAMES[wantedRange] ? t(RANGE_NAMES[wantedRange]) : wantedRange;
  try {
    const rows = await api.events({ entity: id, since, limit: EVENTS_LIMIT });
    if (wantedRange !== range) return;
    events = rows;
    replaceChildren(els.timeline, timeline(events, t('entity.noEvents')));
  } catch (e) {
    events = [];
    replaceChildren(els.timeline, el('p', { className: 'sub', text: t('entity.eventsFailed', { message: e.message }) }));
  }
  for (const c of charts.values()) c.chart.setEvents(events);
  renderEventKey();
}

/** Which marker color is which kind of event, for the kinds on the charts. */
function renderEventKey() {
  const shown = Object.keys(EVENT_TYPES).filter((type) => events.some((e) => e.type === type));
  if (!shown.length || !charts.size) {
    els.eventKey.replaceChildren();
    return;
  }
  replaceChildren(els.eventKey, t('entity.eventKey'), shown.map((type) => el('span', { className: 'event-key-item' },
    el('span', { className: `event-swatch ${type}`, attrs: { 'aria-hidden': 'true' } }), typeLabel(type))));
}

function renderHead(ctx) {
  const [typeKey, listPage, listKey] = TYPES[entity.type] || [null, 'index.html', key('nav.overview')];
  const typeName = typeKey ? t(typeKey) : entity.type;
  const listName = t(listKey);
  document.title = `${entity.name} · ${typeName} · vscope`;
  delete els.title.dataset.i18n; // the entity's name from now on, not "Loading…"
  replaceChildren(els.title, entity.name, ' ', badge(typeName, 'muted', entity.type));
  replaceChildren(els.crumbs,
    el('a', { href: pageUrl(listPage, { dc: ctx.dc }), text: listName }), ' › ', entity.name);
  els.eventsAll.href = pageUrl('events.html', { entity: entity.id, dc: ctx.dc });
  if (SCOPES.includes(entity.type)) {
    els.crumbs.append(' · ', el('a', { className: 'top-link', href: pageUrl('top.html', { scope: entity.id, dc: ctx.dc, range }), text: t('entity.topVms') }));
  }
}

/** The types whose VMs the Top-N page ranks within (a link from their page). */
const SCOPES = ['cluster', 'host', 'datastore'];

/**
 * Hosts list their datastores by id, and their per-datastore metrics name them by moid; both
 * read better as names. Keyed by id and by moid.
 */
async function loadDatastoreNames(ctx) {
  const needs = Array.isArray((entity.properties || {}).datastores)
    || (entity.metrics || []).some((m) => parseMetric(m.name).base.startsWith('datastore.'));
  if (!needs || datastoreNames.size || !ctx.dc) return;
  try {
    const list = await api.datastores(ctx.dc);
    datastoreNames = new Map(list.flatMap((d) => [[d.id, d.name], [d.id.slice(d.id.indexOf(':') + 1), d.name]]));
  } catch (ignored) {
    // Names are a nicety: ids are shown instead.
  }
}

/** Totals first (CPU, memory, network, disk), then per-device series; names break ties. */
function orderedMetrics() {
  const list = [...(entity.metrics || [])];
  return list.sort((a, b) => metricOrder(a.name) - metricOrder(b.name) || collator().compare(a.name, b.name));
}

function chartTitle(name) {
  return metricTitle(name, (inst) => datastoreNames.get(inst) || inst);
}

function renderChartCards() {
  const metrics = orderedMetrics();
  const wanted = new Set(metrics.map((m) => m.name));
  for (const [name, c] of charts) {
    if (!wanted.has(name)) { c.chart.destroy(); c.card.remove(); charts.delete(name); }
  }
  if (metrics.length === 0) {
    replaceChildren(els.charts, el('p', { className: 'sub', text: t('entity.noHistory') }));
    return;
  }
  els.charts.querySelector(':scope > p')?.remove();
  for (const m of metrics) {
    if (charts.has(m.name)) continue;
    const stats = el('span', { className: 'chart-stats', text: '…' });
    const body = el('div', { className: 'chart-body' });
    const title = el('h3', { text: chartTitle(m.name) });
    const card = el('article', { className: 'panel chart', dataset: { metric: m.name } },
      el('div', { className: 'chart-head' }, title, stats),
      body);
    els.charts.append(card);
    const chart = new MetricChart(body, m.unit);
    chart.setEvents(events);
    if (m.name === alertMetric && Number.isFinite(alertThreshold)) {
      chart.setThreshold(alertThreshold);
      card.classList.add('alert-chart');
      card.dataset.threshold = String(alertThreshold);
      card.querySelector('.chart-head').append(el('span', {
        className: 'chart-threshold', text: t('entity.threshold', { value: fmtUnit(alertThreshold, m.unit) }),
      }));
    }
    charts.set(m.name, { chart, stats, card, title, unit: m.unit });
  }
}

/** Brings the alert's chart into view, once, when the page opens from an alert. */
function showAlertChart() {
  const c = charts.get(alertMetric);
  if (alertShown || !c || !c.card.classList.contains('alert-chart')) return;
  alertShown = true;
  c.card.scrollIntoView({ block: 'center' });
}

/** Fetches every chart's series, a few at a time (a host can have dozens of NIC and datastore series). */
async function loadSeries() {
  const names = [...charts.keys()];
  const wantedRange = range;
  let failed = 0;
  let lastError = null;
  const worker = async () => {
    while (names.length) {
      const name = names.shift();
      const c = charts.get(name);
      try {
        const series = await api.series(id, name, wantedRange);
        if (wantedRange !== range || !c) continue; // the user picked another range meanwhile
        c.chart.setSeries(series, wantedRange);
        const s = summarize(series.points || []);
        const unit = series.unit || c.unit;
        c.stats.textContent = s.known
          ? t('entity.stats', { avg: fmtUnit(s.avg, unit), max: fmtUnit(s.max, unit), last: fmtUnit(s.last, unit) })
          : DASH;
      } catch (e) {
        failed++;
        lastError = e;
        if (c) c.stats.textContent = t('entity.seriesError', { message: e.message });
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_FETCHES }, worker));
  if (failed) {
    const message = t('entity.seriesFailed', { count: charts.size, failed: fmtInt(failed), total: fmtInt(charts.size), message: lastError.message });
    throw new ApiError(lastError.status, lastError.code, message);
  }
}

// Charts draw on a canvas with colors read once; follow a theme switch.
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  for (const c of charts.values()) c.chart.restyle();
});

if (!id) {
  replaceChildren(els.title, t('entity.noneSelected'));
}

/** After a switch of language: the range buttons, the chart titles and axes in the new words. */
function relabel() {
  els.ranges.replaceChildren();
  for (const [name, c] of charts) {
    c.title.textContent = chartTitle(name);
    c.chart.restyle();
    const line = c.card.querySelector('.chart-threshold');
    if (line) line.textContent = t('entity.threshold', { value: fmtUnit(alertThreshold, c.unit) });
  }
  if (!id) replaceChildren(els.title, t('entity.noneSelected'));
  relabelDatastoreVms();
  relabelEntityTables();
}

startPage({
  active: null,
  what: key('page.what.entity'),
  relabel,
  navigateOnDatacenterChange: true,
  async load(ctx) {
    if (!id) throw new ApiError(400, 'bad_request', t('entity.noId'));
    entity = await api.entity(id);
    ctx.adoptDatacenter(entity.datacenter);
    renderHead({ ...ctx, dc: entity.datacenter || ctx.dc });
    await loadDatastoreNames({ ...ctx, dc: entity.datacenter || ctx.dc });
    els.props.replaceChildren(propertyTable(entity, ctx.datacenters, datastoreNames, ctx.thresholds));
    const dc = entity.datacenter || ctx.dc;
    showEntityAlarms(els.alarms, entity.alarms, dc, entity.name);
    if (entity.type === 'vm') showVmSnapshots(els.snapshots, entity.snapshots, dc, entity.name);
    if (!els.ranges.childElementCount) renderRangeButtons(ctx.settings.ranges);
    renderChartCards();
    const vms = entity.type === 'datastore'
      ? showDatastoreVms(els.datastoreVms, entity.id, entity.datacenter || ctx.dc, ctx.thresholds, entity.name) : null;
    await Promise.all([loadSeries(), vms, loadEvents()]);
    showAlertChart();
  },
});
