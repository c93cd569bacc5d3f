/** The Hosts page: one row per ESXi host of the datacenter. */
import { api } from '../api.js';
import { el } from '../dom.js';
import { badge, entityLink, graphLink, meter } from '../cells.js';
import { CONNECTION, DASH, POWER, fmtInt, fmtKBps, fmtNum, fmtPercent, fmtRatio, isNum, label } from '../format.js';
import { key, t } from '../i18n.js';
import { startListPage } from '../list-page.js';
import { level } from '../thresholds.js';

function ratio(h) {
  return isNum(h.vcpus) && h.cores > 0 ? h.vcpus / h.cores : null;
}

/** The state in words: connection first, then maintenance and power when they matter. */
function stateText(h) {
  const parts = [label(CONNECTION, h.connectionState)];
  if (h.inMaintenanceMode) parts.push(t('state.maintenance'));
  if (h.powerState && h.powerState !== 'poweredOn') parts.push(label(POWER, h.powerState));
  return parts.join(', ');
}

function stateCell(h) {
  const out = document.createDocumentFragment();
  const kind = h.connectionState === 'connected' ? 'ok' : 'crit';
  out.append(badge(label(CONNECTION, h.connectionState), kind, h.connectionState));
  if (h.inMaintenanceMode) out.append(badge(t('state.maintenance'), 'warn', 'inMaintenanceMode: true'));
  if (h.powerState && h.powerState !== 'poweredOn') out.append(badge(label(POWER, h.powerState), 'muted', h.powerState));
  return out;
}

function linkSpeed(mbps) {
  if (!isNum(mbps)) return '';
  return mbps >= 1000 ? `${fmtNum(mbps / 1000, mbps % 1000 ? 1 : 0)}G` : `${fmtInt(mbps)}M`;
}

function speedText(mbps) {
  return isNum(mbps) ? t('unit.join', { n: fmtInt(mbps), unit: t('unit.Mbps') }) : t('nic.speedUnknown');
}

function nicText(h) {
  const nics = h.nics || [];
  return `${nics.length}: ${nics.map((n) => `${n.device} ${n.up ? linkSpeed(n.linkSpeedMbps) || t('nic.up') : t('nic.down')}`).join(', ')}`;
}

/** NIC count plus one small badge per vmnic: speed when up, "down" (red) otherwise. */
function nicCell(h) {
  const nics = h.nics || [];
  const down = nics.filter((n) => !n.up).length;
  const list = el('span', { className: 'nic-list' }, nics.map((n) => badge(
    `${n.device} ${n.up ? linkSpeed(n.linkSpeedMbps) || t('nic.up') : t('nic.down')}`,
    n.up ? 'ok' : 'crit',
    n.up ? t('nic.upTitle', { device: n.device, speed: speedText(n.linkSpeedMbps) }) : t('nic.downTitle', { device: n.device }))));
  const title = down ? t('nic.linksDown', { count: nics.length, down: fmtInt(down), total: fmtInt(nics.length) }) : t('nic.count', { count: nics.length, total: fmtInt(nics.length) });
  return el('span', { className: 'nic-cell', title },
    el('span', { text: String(nics.length) }), list);
}

const COLUMNS = [
  { id: 'name', label: key('hosts.col.name'), value: (h) => h.name, text: (h) => h.name, render: (h) => entityLink(h.id, h.name, page.dc) },
  { id: 'cluster', label: key('hosts.col.cluster'), value: (h) => h.cluster, text: (h) => h.cluster || DASH },
  {
    id: 'state', label: key('hosts.col.state'), title: key('hosts.col.state.title'),
    value: (h) => stateText(h), text: stateText, render: stateCell,
  },
  { id: 'cores', label: key('hosts.col.cores'), numeric: true, value: (h) => h.cores, text: (h) => fmtInt(h.cores) },
  { id: 'threads', label: key('hosts.col.threads'), numeric: true, value: (h) => h.threads, text: (h) => fmtInt(h.threads) },
  { id: 'vcpus', label: key('hosts.col.vcpus'), numeric: true, title: key('hosts.col.vcpus.title'), value: (h) => h.vcpus, text: (h) => fmtInt(h.vcpus) },
  { id: 'ratio', label: key('hosts.col.ratio'), numeric: true, title: key('hosts.col.ratio.title'), value: ratio, text: (h) => fmtRatio(ratio(h)) },
  { id: 'vms', label: key('hosts.col.vms'), numeric: true, value: (h) => h.vms, text: (h) => fmtInt(h.vms) },
  {
    id: 'cpu', label: key('hosts.col.cpu'), numeric: true, unit: key('csv.unit.percent'), title: key('hosts.col.cpu.title'),
    value: (h) => h.cpuUsagePercent, text: (h) => fmtPercent(h.cpuUsagePercent),
    render: (h) => meter(h.cpuUsagePercent, level(h.cpuUsagePercent, page.thresholds.cpu)),
  },
  {
    id: 'mem', label: key('hosts.col.mem'), numeric: true, unit: key('csv.unit.percent'), title: key('hosts.col.mem.title'),
    value: (h) => h.memUsagePercent, text: (h) => fmtPercent(h.memUsagePercent),
    render: (h) => meter(h.memUsagePercent, level(h.memUsagePercent, page.thresholds.mem)),
  },
  { id: 'netRx', group: key('col.group.network'), label: key('hosts.col.netRx'), numeric: true, unit: key('csv.unit.KBps'), title: key('hosts.col.netRx.title'), value: (h) => h.netRxKBps, text: (h) => fmtKBps(h.netRxKBps) },
  { id: 'netTx', group: key('col.group.network'), label: key('hosts.col.netTx'), numeric: true, unit: key('csv.unit.KBps'), title: key('hosts.col.netTx.title'), value: (h) => h.netTxKBps, text: (h) => fmtKBps(h.netTxKBps) },
  {
    id: 'nics', label: key('hosts.col.nics'), title: key('hosts.col.nics.title'),
    value: (h) => (h.nics || []).length, text: nicText, render: nicCell,
  },
  {
    id: 'graphs', label: key('hosts.col.graphs'), sortable: false, csv: false, filter: false, align: 'center',
    value: () => null, text: () => '', render: (h) => graphLink(h.id, h.name, page.dc),
  },
];

const page = startListPage({
  active: 'hosts',
  what: key('page.what.hosts'),
  element: 'hosts',
  exportName: 'hosts',
  texts: { count: key('hosts.count'), empty: key('hosts.empty'), noMatch: key('hosts.noMatch'), caption: key('hosts.caption') },
  columns: COLUMNS,
  fetch: (dc) => api.hosts(dc),
});
