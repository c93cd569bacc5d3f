/** The Hosts page: one row per ESXi host of the datacenter. */
import { api } from '../api.js';
import { el } from '../dom.js';
import { badge, entityLink, graphLink, meter } from '../cells.js';
import { CONNECTION, DASH, POWER, fmtInt, fmtKBps, fmtPercent, fmtRatio, isNum, label } from '../format.js';
import { startPage } from '../page.js';
import { DataTable } from '../table.js';
import { level } from '../thresholds.js';

let table = null;
let t = null; // thresholds, set on each load
let dc = null;

function ratio(h) {
  return isNum(h.vcpus) && h.cores > 0 ? h.vcpus / h.cores : null;
}

/** The state in words: connection first, then maintenance and power when they matter. */
function stateText(h) {
  const parts = [label(CONNECTION, h.connectionState)];
  if (h.inMaintenanceMode) parts.push('Maintenance');
  if (h.powerState && h.powerState !== 'poweredOn') parts.push(label(POWER, h.powerState));
  return parts.join(', ');
}

function stateCell(h) {
  const out = document.createDocumentFragment();
  const kind = h.connectionState === 'connected' ? 'ok' : 'crit';
  out.append(badge(label(CONNECTION, h.connectionState), kind, h.connectionState));
  if (h.inMaintenanceMode) out.append(badge('Maintenance', 'warn', 'inMaintenanceMode: true'));
  if (h.powerState && h.powerState !== 'poweredOn') out.append(badge(label(POWER, h.powerState), 'muted', h.powerState));
  return out;
}

function linkSpeed(mbps) {
  if (!isNum(mbps)) return '';
  return mbps >= 1000 ? `${mbps / 1000}G` : `${mbps}M`;
}

function nicText(h) {
  const nics = h.nics || [];
  return `${nics.length}: ${nics.map((n) => `${n.device} ${n.up ? linkSpeed(n.linkSpeedMbps) || 'up' : 'down'}`).join(', ')}`;
}

/** NIC count plus one small badge per vmnic: speed when up, "down" (red) otherwise. */
function nicCell(h) {
  const nics = h.nics || [];
  const down = nics.filter((n) => !n.up).length;
  const list = el('span', { className: 'nic-list' }, nics.map((n) => badge(
    `${n.device} ${n.up ? linkSpeed(n.linkSpeedMbps) || 'up' : 'down'}`,
    n.up ? 'ok' : 'crit',
    `${n.device}: ${n.up ? `up, ${isNum(n.linkSpeedMbps) ? `${n.linkSpeedMbps} Mb/s` : 'speed unknown'}` : 'link down'}`)));
  return el('span', { className: 'nic-cell', title: down ? `${down} of ${nics.length} links down` : `${nics.length} physical NICs` },
    el('span', { text: String(nics.length) }), list);
}

const COLUMNS = [
  { id: 'name', label: 'Name', value: (h) => h.name, text: (h) => h.name, render: (h) => entityLink(h.id, h.name, dc) },
  { id: 'cluster', label: 'Cluster', value: (h) => h.cluster, text: (h) => h.cluster || DASH },
  {
    id: 'state', label: 'State', title: 'Connection, maintenance mode and power',
    value: (h) => stateText(h), text: stateText, render: stateCell,
  },
  { id: 'cores', label: 'Cores', numeric: true, value: (h) => h.cores, text: (h) => fmtInt(h.cores) },
  { id: 'threads', label: 'Threads', numeric: true, value: (h) => h.threads, text: (h) => fmtInt(h.threads) },
  { id: 'vcpus', label: 'vCPUs', numeric: true, title: 'vCPUs of the powered-on VMs', value: (h) => h.vcpus, text: (h) => fmtInt(h.vcpus) },
  { id: 'ratio', label: 'vCPU:core', numeric: true, title: 'vCPUs of powered-on VMs per physical core', value: ratio, text: (h) => fmtRatio(ratio(h)) },
  { id: 'vms', label: 'VMs', numeric: true, value: (h) => h.vms, text: (h) => fmtInt(h.vms) },
  {
    id: 'cpu', label: 'CPU', numeric: true, title: 'CPU usage, % of capacity',
    value: (h) => h.cpuUsagePercent, text: (h) => fmtPercent(h.cpuUsagePercent),
    render: (h) => meter(h.cpuUsagePercent, level(h.cpuUsagePercent, t.cpu)),
  },
  {
    id: 'mem', label: 'RAM', numeric: true, title: 'Memory usage, % of physical memory',
    value: (h) => h.memUsagePercent, text: (h) => fmtPercent(h.memUsagePercent),
    render: (h) => meter(h.memUsagePercent, level(h.memUsagePercent, t.mem)),
  },
  { id: 'netRx', group: 'Network', label: 'In', numeric: true, title: 'Received', value: (h) => h.netRxKBps, text: (h) => fmtKBps(h.netRxKBps) },
  { id: 'netTx', group: 'Network', label: 'Out', numeric: true, title: 'Transmitted', value: (h) => h.netTxKBps, text: (h) => fmtKBps(h.netTxKBps) },
  {
    id: 'nics', label: 'VMNics', title: 'Physical NICs: count, link speed and state',
    value: (h) => (h.nics || []).length, text: nicText, render: nicCell,
  },
  {
    id: 'graphs', label: 'Graphs', sortable: false, csv: false, filter: false, align: 'center',
    value: () => null, text: () => '', render: (h) => graphLink(h.id, h.name, dc),
  },
];

startPage({
  active: 'hosts',
  what: 'the hosts',
  async load(ctx) {
    t = ctx.thresholds;
    dc = ctx.dc;
    if (!table) {
      table = new DataTable(document.getElementById('hosts'), {
        columns: COLUMNS, noun: ['host', 'hosts'], rowKey: (h) => h.id, sort: 'name', exportName: 'hosts',
        caption: 'Hosts of the datacenter', urlState: true,
      });
    }
    const hosts = ctx.dc ? await api.hosts(ctx.dc) : [];
    table.setContext(ctx.datacenter ? ctx.datacenter.name : '');
    table.setRows(hosts);
  },
});
