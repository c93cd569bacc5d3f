/** The VMs page: every VM of the datacenter with tools, size, FT, CPU ready and disk figures. */
import { api } from '../api.js';
import { badge, entityLink, flagged, graphLink, labelled } from '../cells.js';
import {
  DASH, FT, POWER, TOOLS_RUNNING, TOOLS_VERSION, fmtBytes, fmtInt, fmtIops, fmtKBps, fmtMemoryMB, fmtMs, fmtPercent, label,
} from '../format.js';
import { startPage } from '../page.js';
import { DataTable } from '../table.js';
import { level } from '../thresholds.js';

let table = null;
let t = null;
let dc = null;

/** VMware Tools not running on a running VM means no heartbeat, no clean shutdown, no guest data. */
function toolsLevel(v) {
  return v.powerState === 'poweredOn' && v.toolsRunningStatus !== 'guestToolsRunning' ? 'warn' : null;
}

/** A numeric column with threshold cue and cell class. */
function flaggedNumber(id, labelText, key, fmt, limits, extra = {}) {
  return {
    id, label: labelText, numeric: true,
    value: (v) => v[key], text: (v) => fmt(v[key]),
    cellClass: (v) => level(v[key], limits()),
    render: (v) => flagged(fmt(v[key]), level(v[key], limits())),
    ...extra,
  };
}

function powerCell(v) {
  const kind = v.powerState === 'poweredOn' ? 'ok' : v.powerState === 'suspended' ? 'warn' : 'muted';
  return badge(label(POWER, v.powerState), kind, v.powerState);
}

const COLUMNS = [
  {
    id: 'name', label: 'Name', value: (v) => v.name, text: (v) => v.name,
    render: (v) => {
      const a = entityLink(v.id, v.name, dc);
      if (v.guestFullName && a.setAttribute) a.setAttribute('title', v.guestFullName);
      return a;
    },
  },
  { id: 'host', label: 'Host', value: (v) => v.hostName, text: (v) => v.hostName || DASH, render: (v) => entityLink(v.host, v.hostName, dc) },
  { id: 'power', label: 'Power', value: (v) => label(POWER, v.powerState), text: (v) => label(POWER, v.powerState), render: powerCell },
  {
    id: 'toolsStatus', group: 'VMware Tools', label: 'Status',
    value: (v) => label(TOOLS_RUNNING, v.toolsRunningStatus), text: (v) => label(TOOLS_RUNNING, v.toolsRunningStatus),
    cellClass: toolsLevel,
    render: (v) => {
      const span = labelled('', v.toolsRunningStatus);
      span.append(flagged(label(TOOLS_RUNNING, v.toolsRunningStatus), toolsLevel(v), 'VMware Tools not running on a powered-on VM'));
      return span;
    },
  },
  {
    id: 'toolsVersion', group: 'VMware Tools', label: 'Version',
    value: (v) => label(TOOLS_VERSION, v.toolsVersionStatus), text: (v) => label(TOOLS_VERSION, v.toolsVersionStatus),
    render: (v) => labelled(label(TOOLS_VERSION, v.toolsVersionStatus), v.toolsVersionStatus),
  },
  { id: 'netRx', group: 'Network', label: 'In', numeric: true, value: (v) => v.netRxKBps, text: (v) => fmtKBps(v.netRxKBps) },
  { id: 'netTx', group: 'Network', label: 'Out', numeric: true, value: (v) => v.netTxKBps, text: (v) => fmtKBps(v.netTxKBps) },
  { id: 'vcpus', group: 'Size', label: 'vCPUs', numeric: true, value: (v) => v.numCpu, text: (v) => fmtInt(v.numCpu) },
  { id: 'memory', group: 'Size', label: 'Memory', numeric: true, value: (v) => v.memoryMB, text: (v) => fmtMemoryMB(v.memoryMB) },
  {
    id: 'storage', group: 'Size', label: 'Storage', numeric: true, title: 'Disk space committed (used on datastores)',
    value: (v) => v.committedBytes, text: (v) => fmtBytes(v.committedBytes),
  },
  {
    id: 'ft', label: 'FT', title: 'Fault Tolerance',
    value: (v) => label(FT, v.ftState), text: (v) => label(FT, v.ftState),
    render: (v) => {
      const kind = v.ftState === 'running' ? 'ok' : v.ftState === 'needSecondary' ? 'warn' : null;
      return kind ? badge(label(FT, v.ftState), kind, v.ftState) : labelled(label(FT, v.ftState), v.ftState);
    },
  },
  flaggedNumber('cpu', 'CPU', 'cpuUsagePercent', fmtPercent, () => t.cpu, { title: 'CPU usage, % of the VM\'s vCPUs' }),
  flaggedNumber('mem', 'RAM', 'memUsagePercent', fmtPercent, () => t.mem, { title: 'Memory usage, % of configured memory' }),
  flaggedNumber('cpuReady', 'CPU ready', 'cpuReadyPercent', fmtPercent, () => t.cpuReady, {
    title: 'CPU ready: % of time a vCPU waited for a physical CPU, per vCPU',
  }),
  { id: 'diskRead', group: 'Disk IO', label: 'Read', numeric: true, value: (v) => v.diskReadKBps, text: (v) => fmtKBps(v.diskReadKBps) },
  { id: 'diskWrite', group: 'Disk IO', label: 'Write', numeric: true, value: (v) => v.diskWriteKBps, text: (v) => fmtKBps(v.diskWriteKBps) },
  { id: 'readIops', group: 'Disk IO', label: 'Read IOPS', numeric: true, value: (v) => v.diskReadIops, text: (v) => fmtIops(v.diskReadIops) },
  { id: 'writeIops', group: 'Disk IO', label: 'Write IOPS', numeric: true, value: (v) => v.diskWriteIops, text: (v) => fmtIops(v.diskWriteIops) },
  flaggedNumber('latency', 'Disk latency', 'diskLatencyMs', fmtMs, () => t.latency, { title: 'Highest latency of the VM\'s disks' }),
  {
    id: 'graphs', label: 'Graphs', sortable: false, csv: false, filter: false, align: 'center',
    value: () => null, text: () => '', render: (v) => graphLink(v.id, v.name, dc),
  },
];

startPage({
  active: 'vms',
  what: 'the VMs',
  async load(ctx) {
    t = ctx.thresholds;
    dc = ctx.dc;
    if (!table) {
      table = new DataTable(document.getElementById('vms'), {
        columns: COLUMNS, noun: ['VM', 'VMs'], rowKey: (v) => v.id, sort: 'name', exportName: 'vms',
        caption: 'Virtual machines of the datacenter', urlState: true,
      });
    }
    const vms = ctx.dc ? await api.vms(ctx.dc) : [];
    table.setContext(ctx.datacenter ? ctx.datacenter.name : '');
    table.setRows(vms);
  },
});
