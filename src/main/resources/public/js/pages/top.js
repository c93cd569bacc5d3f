/**
 * The Top-N page: the VMs, hosts or datastores with the highest average of one metric over the
 * last hour, day or week, in the datacenter or within a host or datastore (`?scope=ID`). The
 * question lives in the URL, so a ranking can be shared; each row links to the entity's graphs
 * over the same range.
 */
import { api } from '../api.js';
import { el, questionSelect, replaceChildren } from '../dom.js';
import { graphLink, meter } from '../cells.js';
import { fmtInt, fmtUnit, isNum } from '../format.js';
import { key, t } from '../i18n.js';
import { metricTitle } from '../metrics.js';
import { startPage } from '../page.js';
import { DataTable } from '../table.js';
import { pageUrl, param, replaceParams } from '../urls.js';

/** What each type can be ranked by (the server's list, in the order an admin asks). */
const METRICS = {
  vm: ['cpu.ready', 'cpu.usage', 'mem.usage', 'mem.ballooned', 'mem.swapped', 'mem.compressed', 'disk.maxLatency', 'disk.readLatency', 'disk.writeLatency',
    'disk.readIops', 'disk.writeIops', 'disk.read', 'disk.write', 'net.rx', 'net.tx'],
  host: ['cpu.usage', 'cpu.ready', 'mem.usage', 'mem.ballooned', 'mem.swapped', 'mem.compressed', 'disk.maxLatency', 'disk.readIops', 'disk.writeIops',
    'net.rx', 'net.tx', 'disk.read', 'disk.write'],
  datastore: ['space.usedPercent', 'readLatency', 'writeLatency', 'readIops', 'writeIops', 'disk.used', 'disk.provisioned', 'space.free'],
};
const TYPES = { vm: key('top.type.vm'), host: key('top.type.host'), datastore: key('top.type.datastore') };
const RANGES = { hour: key('top.range.hour'), day: key('top.range.day'), week: key('top.range.week') };
const LIMITS = ['10', '20', '50', '100'];

/** The question, from the URL, with the defaults the server uses. */
const q = {
  type: TYPES[param('type')] ? param('type') : 'vm',
  metric: param('metric'),
  range: RANGES[param('range')] ? param('range') : 'hour',
  limit: LIMITS.includes(param('limit')) ? param('limit') : '20',
  scope: param('scope'),
};
if (!METRICS[q.type].includes(q.metric)) q.metric = METRICS[q.type][0];

let table = null;
let page = null;
let dc = null;
let scopeName = null;

function detailUrl(id) {
  return pageUrl('entity.html', { id, dc, range: q.range });
}

const COLUMNS = [
  { id: 'rank', label: key('top.col.rank'), numeric: true, value: (r) => r.rank, text: (r) => fmtInt(r.rank) },
  {
    id: 'name', label: key('top.col.name'), value: (r) => r.name, text: (r) => r.name,
    render: (r) => el('a', { href: detailUrl(r.entity), text: r.name || r.entity }),
  },
  {
    id: 'value', label: key('top.col.value'), numeric: true, title: key('top.col.value.title'),
    value: (r) => r.value, text: (r) => fmtUnit(r.value, r.unit),
    render: (r) => (r.unit === 'percent' ? meter(r.value, null) : document.createTextNode(fmtUnit(r.value, r.unit))),
  },
  {
    id: 'graphs', label: key('top.col.graphs'), sortable: false, csv: false, filter: false, align: 'center',
    value: () => null, text: () => '', render: (r) => graphLink(r.entity, r.name, dc),
  },
];

function select(name, labelText, options, value) {
  return questionSelect(name, labelText, options, value, ask);
}

/** The form that asks the question; made again when the language changes. */
function renderQuestion() {
  const form = document.getElementById('question');
  const parts = [
    select('type', t('top.ask.type'), Object.entries(TYPES).map(([v, k]) => [v, t(k)]), q.type),
    select('metric', t('top.ask.metric'), METRICS[q.type].map((m) => [m, metricTitle(m)]), q.metric),
    select('range', t('top.ask.range'), Object.entries(RANGES).map(([v, k]) => [v, t(k)]), q.range),
    select('limit', t('top.ask.limit'), LIMITS.map((n) => [n, fmtInt(Number(n))]), q.limit),
  ];
  if (q.scope) {
    const all = el('a', { href: '#', text: t('top.scope.all') });
    all.addEventListener('click', (e) => {
      e.preventDefault();
      ask({ scope: null });
    });
    parts.push(el('span', { className: 'scope' }, t('top.scope.within', { name: scopeName || q.scope }), ' ', all));
  }
  form.onsubmit = (e) => e.preventDefault();
  // A choice made with the keyboard remakes the form: the focus goes back to the same select, or
  // the reader would have to Tab again from the top of the page for the next choice.
  const focused = form.contains(document.activeElement) ? document.activeElement.id : null;
  replaceChildren(form, ...parts);
  if (focused) document.getElementById(focused)?.focus();
}

function ask(change) {
  Object.assign(q, change);
  if (change.type) q.metric = METRICS[q.type][0];
  replaceParams({ type: q.type, metric: q.metric, range: q.range, limit: q.limit, scope: q.scope });
  renderQuestion();
  page.refresh();
}

page = startPage({
  active: 'top',
  what: key('page.what.top'),
  relabel: () => {
    renderQuestion();
    if (table) table.relabel();
  },
  async load(ctx) {
    dc = ctx.dc;
    if (!table) {
      table = new DataTable(document.getElementById('top'), {
        columns: COLUMNS, rowKey: (r) => r.entity, sort: 'rank', exportName: 'top', urlState: false,
        texts: { count: key('top.count'), empty: key('top.empty'), noMatch: key('top.noMatch'), caption: key('top.caption') },
      });
    }
    if (q.scope && scopeName === null) {
      scopeName = (await api.entity(q.scope)).name;
    }
    renderQuestion();
    const scope = q.scope || ctx.dc;
    const rows = scope ? await api.top({ type: q.type, metric: q.metric, range: q.range, limit: q.limit, scope }) : [];
    rows.forEach((r, i) => { r.rank = i + 1; });
    table.setContext(t('top.context', { metric: metricTitle(q.metric), range: t(RANGES[q.range]) }));
    table.setRows(rows.filter((r) => isNum(r.value)));
  },
});
