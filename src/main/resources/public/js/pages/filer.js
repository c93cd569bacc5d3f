/** The Filer page: datastores, their space, over-commitment and latency. */
import { api } from '../api.js';
import { badge, entityLink, flagged, graphLink, meter } from '../cells.js';
import { DASH, DS_MAINTENANCE, fmtBytes, fmtInt, fmtMs, fmtPercent, isNum, label } from '../format.js';
import { key, t } from '../i18n.js';
import { startListPage } from '../list-page.js';
import { level } from '../thresholds.js';

function used(d) {
  return isNum(d.capacityBytes) && isNum(d.freeBytes) ? d.capacityBytes - d.freeBytes : null;
}

/** What thin disks could grow to: the API's figure, else capacity − free + uncommitted. */
function provisioned(d) {
  if (isNum(d.provisionedBytes)) return d.provisionedBytes;
  const u = used(d);
  return u !== null && isNum(d.uncommittedBytes) ? u + d.uncommittedBytes : null;
}

/** Provisioned as % of capacity; above 100 % the datastore is over-committed. */
function overcommit(d) {
  const p = provisioned(d);
  return p !== null && d.capacityBytes > 0 ? (p / d.capacityBytes) * 100 : null;
}

function usedPercent(d) {
  if (isNum(d.usedPercent)) return d.usedPercent;
  const u = used(d);
  return u !== null && d.capacityBytes > 0 ? (u / d.capacityBytes) * 100 : null;
}

function stateText(d) {
  const parts = [d.accessible === false ? t('filer.inaccessible') : t('filer.accessible')];
  if (d.maintenanceMode && d.maintenanceMode !== 'normal') parts.push(label(DS_MAINTENANCE, d.maintenanceMode));
  return parts.join(', ');
}

function stateCell(d) {
  const out = document.createDocumentFragment();
  out.append(d.accessible === false ? badge(t('filer.inaccessible'), 'crit', 'accessible: false') : badge(t('filer.ok'), 'ok', 'accessible: true'));
  if (d.maintenanceMode && d.maintenanceMode !== 'normal') out.append(badge(label(DS_MAINTENANCE, d.maintenanceMode), 'warn', d.maintenanceMode));
  return out;
}

function latencyColumn(id, labels, field) {
  return {
    id, group: key('col.group.latency'), ...labels, numeric: true, unit: key('csv.unit.ms'),
    value: (d) => d[field], text: (d) => fmtMs(d[field]),
    cellClass: (d) => level(d[field], page.thresholds.latency),
    render: (d) => flagged(fmtMs(d[field]), level(d[field], page.thresholds.latency)),
  };
}

const COLUMNS = [
  { id: 'name', label: key('filer.col.name'), value: (d) => d.name, text: (d) => d.name, render: (d) => entityLink(d.id, d.name, page.dc) },
  { id: 'type', label: key('filer.col.type'), value: (d) => d.type, text: (d) => d.type || DASH },
  { id: 'state', label: key('filer.col.state'), title: key('filer.col.state.title'), value: stateText, text: stateText, render: stateCell },
  { id: 'capacity', label: key('filer.col.capacity'), numeric: true, unit: key('csv.unit.bytes'), value: (d) => d.capacityBytes, text: (d) => fmtBytes(d.capacityBytes) },
  { id: 'used', label: key('filer.col.used'), numeric: true, unit: key('csv.unit.bytes'), value: used, text: (d) => fmtBytes(used(d)) },
  { id: 'free', label: key('filer.col.free'), numeric: true, unit: key('csv.unit.bytes'), value: (d) => d.freeBytes, text: (d) => fmtBytes(d.freeBytes) },
  {
    id: 'provisioned', label: key('filer.col.provisioned'), numeric: true, unit: key('csv.unit.bytes'), title: key('filer.col.provisioned.title'),
    value: provisioned, text: (d) => fmtBytes(provisioned(d)),
  },
  {
    id: 'overcommit', label: key('filer.col.overcommit'), numeric: true, unit: key('csv.unit.percent'), title: key('filer.col.overcommit.title'),
    value: overcommit, text: (d) => fmtPercent(overcommit(d)),
  },
  {
    id: 'usedPercent', label: key('filer.col.usedPercent'), numeric: true, unit: key('csv.unit.percent'), value: usedPercent, text: (d) => fmtPercent(usedPercent(d)),
    render: (d) => meter(usedPercent(d), level(usedPercent(d), page.thresholds.datastoreUsed)),
  },
  { id: 'vms', label: key('filer.col.vms'), numeric: true, value: (d) => d.vms, text: (d) => fmtInt(d.vms) },
  { id: 'hosts', label: key('filer.col.hosts'), numeric: true, value: (d) => d.hosts, text: (d) => fmtInt(d.hosts) },
  latencyColumn('readLatency', { label: key('filer.col.readLatency'), title: key('filer.col.readLatency.title') }, 'readLatencyMs'),
  latencyColumn('writeLatency', { label: key('filer.col.writeLatency'), title: key('filer.col.writeLatency.title') }, 'writeLatencyMs'),
  {
    id: 'graphs', label: key('filer.col.graphs'), sortable: false, csv: false, filter: false, align: 'center',
    value: () => null, text: () => '', render: (d) => graphLink(d.id, d.name, page.dc),
  },
];

const page = startListPage({
  active: 'filer',
  what: key('page.what.datastores'),
  element: 'datastores',
  exportName: 'datastores',
  texts: { count: key('filer.count'), empty: key('filer.empty'), noMatch: key('filer.noMatch'), caption: key('filer.caption') },
  columns: COLUMNS,
  fetch: (dc) => api.datastores(dc),
});
