/** The Filer page: datastores, their space, over-commitment and latency. */
import { api } from '../api.js';
import { badge, entityLink, flagged, graphLink, meter } from '../cells.js';
import { DASH, DS_MAINTENANCE, fmtBytes, fmtInt, fmtMs, fmtPercent, isNum, label } from '../format.js';
import { startPage } from '../page.js';
import { DataTable } from '../table.js';
import { level } from '../thresholds.js';

let table = null;
let t = null;
let dc = null;

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
  const parts = [d.accessible === false ? 'Inaccessible' : 'Accessible'];
  if (d.maintenanceMode && d.maintenanceMode !== 'normal') parts.push(label(DS_MAINTENANCE, d.maintenanceMode));
  return parts.join(', ');
}

function stateCell(d) {
  const out = document.createDocumentFragment();
  out.append(d.accessible === false ? badge('Inaccessible', 'crit', 'accessible: false') : badge('OK', 'ok', 'accessible: true'));
  if (d.maintenanceMode && d.maintenanceMode !== 'normal') out.append(badge(label(DS_MAINTENANCE, d.maintenanceMode), 'warn', d.maintenanceMode));
  return out;
}

function latencyColumn(id, labelText, key) {
  return {
    id, group: 'Latency', label: labelText, numeric: true,
    title: `${labelText} latency, averaged over the hosts that mount the datastore`,
    value: (d) => d[key], text: (d) => fmtMs(d[key]),
    cellClass: (d) => level(d[key], t.latency),
    render: (d) => flagged(fmtMs(d[key]), level(d[key], t.latency)),
  };
}

const COLUMNS = [
  { id: 'name', label: 'Name', value: (d) => d.name, text: (d) => d.name, render: (d) => entityLink(d.id, d.name, dc) },
  { id: 'type', label: 'Type', value: (d) => d.type, text: (d) => d.type || DASH },
  { id: 'state', label: 'State', title: 'Accessibility and maintenance mode', value: stateText, text: stateText, render: stateCell },
  { id: 'capacity', label: 'Capacity', numeric: true, value: (d) => d.capacityBytes, text: (d) => fmtBytes(d.capacityBytes) },
  { id: 'used', label: 'Used', numeric: true, value: used, text: (d) => fmtBytes(used(d)) },
  { id: 'free', label: 'Free', numeric: true, value: (d) => d.freeBytes, text: (d) => fmtBytes(d.freeBytes) },
  {
    id: 'provisioned', label: 'Provisioned', numeric: true, title: 'Space the thin disks could grow to (used + uncommitted)',
    value: provisioned, text: (d) => fmtBytes(provisioned(d)),
  },
  {
    id: 'overcommit', label: 'Prov. %', numeric: true, title: 'Provisioned ÷ capacity; above 100 % the datastore is over-committed',
    value: overcommit, text: (d) => fmtPercent(overcommit(d)),
  },
  {
    id: 'usedPercent', label: 'Used %', numeric: true, value: usedPercent, text: (d) => fmtPercent(usedPercent(d)),
    render: (d) => meter(usedPercent(d), level(usedPercent(d), t.datastoreUsed)),
  },
  { id: 'vms', label: 'VMs', numeric: true, value: (d) => d.vms, text: (d) => fmtInt(d.vms) },
  { id: 'hosts', label: 'Hosts', numeric: true, value: (d) => d.hosts, text: (d) => fmtInt(d.hosts) },
  latencyColumn('readLatency', 'Read', 'readLatencyMs'),
  latencyColumn('writeLatency', 'Write', 'writeLatencyMs'),
  {
    id: 'graphs', label: 'Graphs', sortable: false, csv: false, filter: false, align: 'center',
    value: () => null, text: () => '', render: (d) => graphLink(d.id, d.name, dc),
  },
];

startPage({
  active: 'filer',
  what: 'the datastores',
  async load(ctx) {
    t = ctx.thresholds;
    dc = ctx.dc;
    if (!table) {
      table = new DataTable(document.getElementById('datastores'), {
        columns: COLUMNS, noun: ['datastore', 'datastores'], rowKey: (d) => d.id, sort: 'name', exportName: 'datastores',
        caption: 'Datastores of the datacenter', urlState: true,
      });
    }
    const datastores = ctx.dc ? await api.datastores(ctx.dc) : [];
    table.setContext(ctx.datacenter ? ctx.datacenter.name : '');
    table.setRows(datastores);
  },
});
