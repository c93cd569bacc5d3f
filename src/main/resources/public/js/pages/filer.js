/** The Filer page: datastores, their space, over-commitment, days until full, IOPS and latency. */
import { api } from '../api.js';
import { badge, entityLink, flagged, graphLink, meter } from '../cells.js';
import { DASH, DS_MAINTENANCE, fmtBytes, fmtIops, fmtInt, fmtMs, fmtPercent, isNum, label } from '../format.js';
import { key, t } from '../i18n.js';
import { startListPage } from '../list-page.js';
import { level } from '../thresholds.js';
import { daysText, reasonNode } from '../outlook.js';

function used(d) {
  return isNum(d.capacityBytes) && isNum(d.freeBytes) ? d.capacityBytes - d.freeBytes : null;
}

/** What thin disks could grow to: the API's figure, else capacity − free + uncommitted. */
function provisioned(d) {
  if (isNum(d.provisionedBytes)) return d.provisionedBytes;
  const u = used(d);
  return u !== null && isNum(d.uncommittedBytes) ? u + d.uncommittedBytes : null;
}

/**
 * Cues of the capacity columns (issue 12): a datastore full within a month, or within a week; one
 * provisioned at more than one and a half (or twice) its capacity.
 */
const DAYS_LEFT = { warning: 30, critical: 7 };
const OVERCOMMIT = { warning: 150, critical: 200 };

/** Provisioned as % of capacity (the API's figure); above 100 % the datastore is over-committed. */
function overcommit(d) {
  if (isNum(d.overcommitPercent)) return d.overcommitPercent;
  const p = provisioned(d);
  return p !== null && d.capacityBytes > 0 ? (p / d.capacityBytes) * 100 : null;
}

function usedPercent(d) {
  if (isNum(d.usedPercent)) return d.usedPercent;
  const u = used(d);
  return u !== null && d.capacityBytes > 0 ? (u / d.capacityBytes) * 100 : null;
}

/** Fewer days are worse: the level of a days-until-full. */
function daysLevel(days) {
  if (!isNum(days)) return null;
  if (days < DAYS_LEFT.critical) return 'crit';
  return days < DAYS_LEFT.warning ? 'warn' : null;
}

/** The number with its cue, or why there is none, in a word with the longer reason on hover. */
function daysCell(d) {
  if (isNum(d.daysUntilFull)) return flagged(daysText(d.daysUntilFull), daysLevel(d.daysUntilFull), t('filer.col.daysUntilFull.title'));
  return reasonNode(d.daysUntilFullReason);
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

function iopsColumn(field, labels) {
  return {
    id: field, group: key('col.group.iops'), ...labels, numeric: true, unit: key('csv.unit.iops'),
    value: (d) => d[field], text: (d) => fmtIops(d[field]),
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
    id: 'snapshots', label: key('filer.col.snapshots'), numeric: true, unit: key('csv.unit.bytes'), title: key('filer.col.snapshots.title'),
    value: (d) => d.snapshotBytes, text: (d) => fmtBytes(d.snapshotBytes),
  },
  {
    id: 'overcommit', label: key('filer.col.overcommit'), numeric: true, unit: key('csv.unit.percent'), title: key('filer.col.overcommit.title'),
    value: overcommit, text: (d) => fmtPercent(overcommit(d)),
    cellClass: (d) => level(overcommit(d), OVERCOMMIT),
    render: (d) => flagged(fmtPercent(overcommit(d)), level(overcommit(d), OVERCOMMIT), t('filer.col.overcommit.title')),
  },
  {
    id: 'daysUntilFull', label: key('filer.col.daysUntilFull'), numeric: true, unit: key('csv.unit.days'), title: key('filer.col.daysUntilFull.title'),
    value: (d) => d.daysUntilFull, text: (d) => daysText(d.daysUntilFull, d.daysUntilFullReason), cellClass: (d) => daysLevel(d.daysUntilFull), render: daysCell,
  },
  {
    id: 'usedPercent', label: key('filer.col.usedPercent'), numeric: true, unit: key('csv.unit.percent'), value: usedPercent, text: (d) => fmtPercent(usedPercent(d)),
    render: (d) => meter(usedPercent(d), level(usedPercent(d), page.thresholds.datastoreUsed)),
  },
  { id: 'vms', label: key('filer.col.vms'), numeric: true, value: (d) => d.vms, text: (d) => fmtInt(d.vms) },
  { id: 'hosts', label: key('filer.col.hosts'), numeric: true, value: (d) => d.hosts, text: (d) => fmtInt(d.hosts) },
  iopsColumn('readIops', { label: key('filer.col.readIops'), title: key('filer.col.readIops.title') }),
  iopsColumn('writeIops', { label: key('filer.col.writeIops'), title: key('filer.col.writeIops.title') }),
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
