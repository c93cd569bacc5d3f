/**
 * The Alerts page (issue 14): what fires now (what, where, since when, a link to the graph with
 * the threshold drawn), the silences and a form to set one, what resolved in the last 30 days, and
 * the rules, read-only (they live in the configuration file). Every list comes from the API,
 * filtered there by what the reader may see.
 */
import { api } from '../api.js';
import { badge, entityLink } from '../cells.js';
import { el, replaceChildren } from '../dom.js';
import { DASH, fmtAgo, fmtDateTime, fmtDuration, fmtUnit, isNum, parseTime } from '../format.js';
import { key, t } from '../i18n.js';
import { clearMessage, showMessage } from '../messages.js';
import { startPage } from '../page.js';
import { DataTable } from '../table.js';
import { pageUrl } from '../urls.js';

const SEVERITY = { critical: [key('alerts.severity.critical'), 'crit'], warning: [key('alerts.severity.warning'), 'warn'] };
const STATE = { firing: key('alerts.state.firing'), pending: key('alerts.state.pending'), resolved: key('alerts.state.resolved') };
const KIND = {
  vm: key('alerts.kind.vm'), host: key('alerts.kind.host'), datastore: key('alerts.kind.datastore'), cluster: key('alerts.kind.cluster'),
  datacenter: key('alerts.kind.datacenter'), vcenter: key('alerts.kind.vcenter'), store: key('alerts.kind.store'),
};
const DURATIONS = [['1h', key('alerts.silence.1h')], ['4h', key('alerts.silence.4h')], ['1d', key('alerts.silence.1d')], ['7d', key('alerts.silence.7d')]];

let serverNow = Date.now();
let page = null;
const tables = {};

function severityCell(a) {
  const [k, kind] = SEVERITY[a.severity] || [null, 'muted'];
  return badge(k ? t(k) : a.severity, kind, a.severity);
}

function severityColumn() {
  return {
    id: 'severity', label: key('alerts.col.severity'),
    value: (a) => (a.severity === 'critical' ? 0 : 1), text: (a) => t((SEVERITY[a.severity] || [key('alerts.severity.warning')])[0]),
    render: severityCell,
  };
}

/** "DC0 › Cluster-A › esx01": the datacenter, cluster and host a target lies in, as far as one of each. */
function path(target) {
  const parts = [];
  if (target.datacenter) parts.push(target.datacenter.name);
  if (target.kind !== 'cluster' && target.clusters && target.clusters.length === 1) parts.push(target.clusters[0].name);
  if (target.kind !== 'host' && target.kind !== 'datastore' && target.hosts && target.hosts.length === 1) parts.push(target.hosts[0].name);
  return parts.join(' › ');
}

function whereCell(a) {
  const target = a.target;
  const kind = KIND[target.kind] ? t(KIND[target.kind]) : target.kind;
  const main = target.kind === 'vcenter' || target.kind === 'store'
    ? el('a', { href: 'status.html', text: target.name })
    : entityLink(target.id, target.name, target.datacenter ? target.datacenter.id : null);
  return el('span', {}, main, ' ', el('span', { className: 'sub', text: kind }),
    path(target) ? el('div', { className: 'sub', text: path(target) }) : null);
}

function whereText(a) {
  return [a.target.name, path(a.target)].filter(Boolean).join(' · ');
}

/** The value found and the threshold: "97 % (> 90 %)". */
function valueText(a) {
  if (!isNum(a.value)) return DASH;
  const th = a.threshold;
  if (!th) return fmtUnit(a.value, null);
  return `${fmtUnit(a.value, th.unit)} (${th.above ? '>' : '<'} ${fmtUnit(th.value, th.unit)})`;
}

/** The entity's graphs, the alert's metric in view with its threshold drawn. */
function graphUrl(a) {
  const th = a.threshold;
  return pageUrl('entity.html', {
    id: a.target.id, dc: a.target.datacenter ? a.target.datacenter.id : null, metric: th ? th.metric : null, threshold: th ? th.value : null,
    range: 'day',
  });
}

function timeCell(iso) {
  const d = parseTime(iso);
  if (!d) return DASH;
  return el('span', {}, el('time', { attrs: { datetime: d.toISOString() }, text: fmtDateTime(d) }),
    el('div', { className: 'sub', text: fmtAgo(d, serverNow) }));
}

const FIRING_COLUMNS = [
  severityColumn(),
  {
    id: 'state', label: key('alerts.col.state'), value: (a) => `${a.state}${a.silenced ? '-' : ''}`,
    text: (a) => [t(STATE[a.state] || STATE.firing), a.silenced ? t('alerts.silenced') : ''].filter(Boolean).join(' '),
    render: (a) => el('span', {}, badge(t(STATE[a.state] || STATE.firing), a.state === 'firing' ? 'crit' : 'muted', a.state),
      a.silenced ? ' ' : null, a.silenced ? badge(t('alerts.silenced'), 'muted', 'silenced') : null),
  },
  { id: 'rule', label: key('alerts.col.rule'), value: (a) => a.rule, text: (a) => a.rule, render: (a) => el('span', { title: a.summary, text: a.rule }) },
  { id: 'summary', label: key('alerts.col.what'), value: (a) => a.summary, text: (a) => a.summary },
  { id: 'where', label: key('alerts.col.where'), value: (a) => a.target.name, text: whereText, render: whereCell },
  { id: 'value', label: key('alerts.col.value'), numeric: true, value: (a) => a.value, text: valueText },
  {
    id: 'since', label: key('alerts.col.since'), value: (a) => a.firingSince || a.activeSince, text: (a) => fmtDateTime(parseTime(a.firingSince || a.activeSince)),
    render: (a) => timeCell(a.firingSince || a.activeSince),
  },
  {
    id: 'actions', label: key('alerts.col.actions'), sortable: false, csv: false, filter: false, value: () => null, text: () => '',
    render: (a) => el('span', { className: 'row-actions' },
      a.target.kind !== 'vcenter' && a.target.kind !== 'store'
        ? el('a', { className: 'btn graph', href: graphUrl(a), text: t('alerts.graph') }) : null,
      el('button', { type: 'button', className: 'btn silence', on: { click: () => openSilence(a) } }, t('alerts.silence'))),
  },
];

const HISTORY_COLUMNS = [
  severityColumn(),
  { id: 'rule', label: key('alerts.col.rule'), value: (a) => a.rule, text: (a) => a.rule, render: (a) => el('span', { title: a.summary, text: a.rule }) },
  { id: 'where', label: key('alerts.col.where'), value: (a) => a.target.name, text: whereText, render: whereCell },
  {
    id: 'fired', label: key('alerts.col.fired'), value: (a) => a.firingSince, text: (a) => fmtDateTime(parseTime(a.firingSince)),
    render: (a) => timeCell(a.firingSince),
  },
  {
    id: 'resolved', label: key('alerts.col.resolved'), value: (a) => a.resolvedAt, text: (a) => fmtDateTime(parseTime(a.resolvedAt)),
    render: (a) => timeCell(a.resolvedAt),
  },
  {
    id: 'lasted', label: key('alerts.col.lasted'), numeric: true, value: (a) => lasted(a), text: (a) => fmtDuration(lasted(a)),
  },
];

function lasted(a) {
  const from = parseTime(a.firingSince);
  const to = parseTime(a.resolvedAt);
  return from && to ? to - from : null;
}

const SILENCE_COLUMNS = [
  {
    id: 'scope', label: key('alerts.col.scope'), value: (s) => names(s), text: names,
    render: (s) => el('span', {}, s.targets.map((x, i) => [i ? ', ' : '', x.kind && x.kind !== 'vcenter' && x.kind !== 'store' && x.kind !== 'datacenter'
      ? entityLink(x.id, x.name, null) : x.name])),
  },
  { id: 'rule', label: key('alerts.col.rule'), value: (s) => s.rule || '', text: (s) => s.rule || t('alerts.anyRule') },
  {
    id: 'ends', label: key('alerts.col.ends'), value: (s) => s.endsAt, text: (s) => fmtDateTime(parseTime(s.endsAt)),
    render: (s) => el('span', {}, fmtDateTime(parseTime(s.endsAt)), s.active ? null : el('div', { className: 'sub', text: t('alerts.ended') })),
  },
  { id: 'reason', label: key('alerts.col.reason'), value: (s) => s.reason, text: (s) => s.reason },
  { id: 'by', label: key('alerts.col.by'), value: (s) => s.createdBy, text: (s) => s.createdBy },
  {
    id: 'actions', label: key('alerts.col.actions'), sortable: false, csv: false, filter: false, value: () => null, text: () => '',
    render: (s) => (s.active
      ? el('button', { type: 'button', className: 'btn unsilence', on: { click: () => removeSilence(s) } }, t('alerts.unsilence'))
      : document.createTextNode('')),
  },
];

function names(s) {
  return s.targets.map((x) => x.name).join(', ');
}

/** A rule's scope in words: "clusters: C0 · VMs: web-* · except VMs: *-test", or "everywhere". */
function scopeText(scope) {
  const dims = [['vcenters', key('alerts.scope.vcenters')], ['datacenters', key('alerts.scope.datacenters')], ['clusters', key('alerts.scope.clusters')],
    ['hosts', key('alerts.scope.hosts')], ['datastores', key('alerts.scope.datastores')], ['vms', key('alerts.scope.vms')]];
  const part = (s) => dims.filter(([d]) => s && s[d] && s[d].length).map(([d, k]) => `${t(k)}: ${s[d].join(', ')}`);
  const inc = part(scope);
  const exc = part(scope && scope.exclude).map((p) => t('alerts.scope.except', { part: p }));
  const all = [...inc, ...exc];
  return all.length ? all.join(' · ') : t('alerts.scope.everywhere');
}

const RULE_COLUMNS = [
  { id: 'name', label: key('alerts.col.rule'), value: (r) => r.name, text: (r) => r.name },
  severityColumn(),
  { id: 'condition', label: key('alerts.col.condition'), value: (r) => r.condition, text: (r) => r.condition },
  { id: 'for', label: key('alerts.col.for'), numeric: true, value: (r) => r.forSeconds, text: (r) => (r.forSeconds ? fmtDuration(r.forSeconds * 1000) : t('alerts.atOnce')) },
  { id: 'scope', label: key('alerts.col.scope'), value: (r) => scopeText(r.scope), text: (r) => scopeText(r.scope) },
  { id: 'summary', label: key('alerts.col.what'), value: (r) => r.summary || '', text: (r) => r.summary || DASH },
  { id: 'origin', label: key('alerts.col.origin'), value: (r) => (r.builtIn ? 1 : 0), text: (r) => (r.builtIn ? t('alerts.builtIn') : t('alerts.configured')) },
];

function table(id, columns, sort, exportName, texts, urlState = false) {
  if (!tables[id]) {
    tables[id] = new DataTable(document.getElementById(id), { columns, rowKey: (r) => r.id || r.name, sort, exportName, urlState, texts });
  }
  return tables[id];
}

/* ---------- silences ---------- */

const form = document.getElementById('silence');
const formPanel = document.getElementById('silence-form');

/** The places an alert's silence may cover: the entity, its host, cluster, datacenter, its vCenter. */
function scopes(a) {
  const target = a.target;
  const out = [[target.id, `${t(KIND[target.kind] || KIND.vm)} ${target.name}`]];
  if (target.kind === 'vm') (target.hosts || []).forEach((h) => out.push([h.id, `${t(KIND.host)} ${h.name}`]));
  if (target.kind !== 'cluster') (target.clusters || []).forEach((c) => out.push([c.id, `${t(KIND.cluster)} ${c.name}`]));
  if (target.datacenter) out.push([target.datacenter.id, `${t(KIND.datacenter)} ${target.datacenter.name}`]);
  if (target.vcenter && target.kind !== 'vcenter') out.push([target.vcenter, `${t(KIND.vcenter)} ${target.vcenter}`]);
  return out;
}

function openSilence(a) {
  const select = (id, options) => el('select', { id, name: id }, options.map(([v, text]) => el('option', { value: v, text })));
  const scope = select('silence-scope', scopes(a));
  const rule = select('silence-rule', [[a.rule, t('alerts.silence.thisRule', { rule: a.rule })], ['', t('alerts.anyRule')]]);
  const duration = select('silence-duration', DURATIONS.map(([v, k]) => [v, t(k)]));
  const reason = el('input', { id: 'silence-reason', name: 'reason', type: 'text', required: true, maxlength: '500', size: '40' });
  replaceChildren(form,
    el('label', {}, el('span', { text: t('alerts.silence.scope') }), scope),
    el('label', {}, el('span', { text: t('alerts.silence.rule') }), rule),
    el('label', {}, el('span', { text: t('alerts.silence.duration') }), duration),
    el('label', {}, el('span', { text: t('alerts.silence.reason') }), reason),
    el('button', { type: 'submit', className: 'btn primary' }, t('alerts.silence.set')),
    el('button', { type: 'button', className: 'btn', on: { click: closeSilence } }, t('alerts.silence.cancel')));
  form.onsubmit = async (e) => {
    e.preventDefault();
    try {
      await api.silence({ targets: [scope.value], rule: rule.value || null, duration: duration.value, reason: reason.value });
      clearMessage('silence');
      closeSilence();
      await page.refresh();
    } catch (err) {
      showMessage('silence', 'crit', t('alerts.silence.failed'), err.message);
    }
  };
  formPanel.hidden = false;
  reason.focus();
}

function closeSilence() {
  formPanel.hidden = true;
  form.replaceChildren();
}

async function removeSilence(s) {
  try {
    await api.unsilence(s.id);
    clearMessage('silence');
    await page.refresh();
  } catch (err) {
    showMessage('silence', 'crit', t('alerts.unsilence.failed'), err.message);
  }
}

page = startPage({
  active: 'alerts',
  what: key('page.what.alerts'),
  relabel: () => {
    Object.values(tables).forEach((tb) => tb.relabel());
    closeSilence();
  },
  async load(ctx) {
    if (ctx.status && ctx.status.now) serverNow = Date.parse(ctx.status.now) || Date.now();
    const [active, resolved, silences, rules] = await Promise.all([api.alerts(), api.alerts('resolved'), api.silences(), api.rules()]);
    table('firing', FIRING_COLUMNS, 'severity', 'alerts', {
      count: key('alerts.count'), empty: key('alerts.empty'), noMatch: key('alerts.noMatch'), caption: key('alerts.caption'),
    }, true).setRows(active);
    table('silences', SILENCE_COLUMNS, '-ends', 'silences', {
      count: key('alerts.silences.count'), empty: key('alerts.silences.empty'), noMatch: key('alerts.noMatch'), caption: key('alerts.silences'),
    }).setRows(silences);
    table('history', HISTORY_COLUMNS, '-resolved', 'alerts-resolved', {
      count: key('alerts.history.count'), empty: key('alerts.history.empty'), noMatch: key('alerts.noMatch'), caption: key('alerts.history'),
    }).setRows(resolved);
    table('rules', RULE_COLUMNS, 'name', 'alert-rules', {
      count: key('alerts.rules.count'), empty: key('alerts.rules.empty'), noMatch: key('alerts.noMatch'), caption: key('alerts.rules'),
    }).setRows(rules);
  },
});
