/** The VMs page: every VM of the datacenter with tools, size, FT, CPU ready and disk figures. */
import { api } from '../api.js';
import { badge, entityLink, flagged, graphLink, labelled } from '../cells.js';
import {
  DASH, FT, POWER, TOOLS_RUNNING, TOOLS_VERSION, fmtBytes, fmtInt, fmtIops, fmtKBps, fmtMemoryMB, fmtMs, fmtPercent, label,
} from '../format.js';
import { key, t } from '../i18n.js';
import { startListPage } from '../list-page.js';
import { level } from '../thresholds.js';
import { memoryPressureColumns } from '../memory.js';
import { daysText } from '../outlook.js';
import { SNAPSHOT_AGE, ageDays } from '../snapshot-columns.js';

/** VMware Tools not running on a running VM means no heartbeat, no clean shutdown, no guest data. */
function toolsLevel(v) {
  return v.powerState === 'poweredOn' && v.toolsRunningStatus !== 'guestToolsRunning' ? 'warn' : null;
}

/** A numeric column with threshold cue and cell class. */
function flaggedNumber(id, labels, field, fmt, limitsOf, extra = {}) {
  return {
    id, ...labels, numeric: true,
    value: (v) => v[field], text: (v) => fmt(v[field]),
    cellClass: (v) => level(v[field], limitsOf()),
    render: (v) => flagged(fmt(v[field]), level(v[field], limitsOf())),
    ...extra,
  };
}

function powerCell(v) {
  const kind = v.powerState === 'poweredOn' ? 'ok' : v.powerState === 'suspended' ? 'warn' : 'muted';
  return badge(label(POWER, v.powerState), kind, v.powerState);
}

const COLUMNS = [
  {
    id: 'name', label: key('vms.col.name'), value: (v) => v.name, text: (v) => v.name,
    render: (v) => {
      const a = entityLink(v.id, v.name, page.dc);
      if (v.guestFullName && a.setAttribute) a.setAttribute('title', v.guestFullName);
      return a;
    },
  },
  { id: 'host', label: key('vms.col.host'), value: (v) => v.hostName, text: (v) => v.hostName || DASH, render: (v) => entityLink(v.host, v.hostName, page.dc) },
  { id: 'power', label: key('vms.col.power'), value: (v) => label(POWER, v.powerState), text: (v) => label(POWER, v.powerState), render: powerCell },
  {
    id: 'toolsStatus', group: key('col.group.vmwareTools'), label: key('vms.col.toolsStatus'),
    value: (v) => label(TOOLS_RUNNING, v.toolsRunningStatus), text: (v) => label(TOOLS_RUNNING, v.toolsRunningStatus),
    cellClass: toolsLevel,
    render: (v) => {
      const span = labelled('', v.toolsRunningStatus);
      span.append(flagged(label(TOOLS_RUNNING, v.toolsRunningStatus), toolsLevel(v), t('vms.toolsNotRunning')));
      return span;
    },
  },
  {
    id: 'toolsVersion', group: key('col.group.vmwareTools'), label: key('vms.col.toolsVersion'),
    value: (v) => label(TOOLS_VERSION, v.toolsVersionStatus), text: (v) => label(TOOLS_VERSION, v.toolsVersionStatus),
    render: (v) => labelled(label(TOOLS_VERSION, v.toolsVersionStatus), v.toolsVersionStatus),
  },
  { id: 'netRx', group: key('col.group.network'), label: key('vms.col.netRx'), numeric: true, unit: key('csv.unit.KBps'), value: (v) => v.netRxKBps, text: (v) => fmtKBps(v.netRxKBps) },
  { id: 'netTx', group: key('col.group.network'), label: key('vms.col.netTx'), numeric: true, unit: key('csv.unit.KBps'), value: (v) => v.netTxKBps, text: (v) => fmtKBps(v.netTxKBps) },
  { id: 'vcpus', group: key('col.group.size'), label: key('vms.col.vcpus'), numeric: true, value: (v) => v.numCpu, text: (v) => fmtInt(v.numCpu) },
  { id: 'memory', group: key('col.group.size'), label: key('vms.col.memory'), numeric: true, unit: key('csv.unit.MiB'), value: (v) => v.memoryMB, text: (v) => fmtMemoryMB(v.memoryMB) },
  {
    id: 'storage', group: key('col.group.size'), label: key('vms.col.storage'), numeric: true, unit: key('csv.unit.bytes'), title: key('vms.col.storage.title'),
    value: (v) => v.committedBytes, text: (v) => fmtBytes(v.committedBytes),
  },
  // snapshots (issue 13): how many, the oldest's age, their files, and whether the disks need consolidation
  {
    id: 'snapshots', group: key('col.group.snapshots'), label: key('vms.col.snapshots'), numeric: true,
    value: (v) => v.snapshots, text: (v) => (v.snapshots ? fmtInt(v.snapshots) : ''),
  },
  {
    id: 'oldestSnapshot', group: key('col.group.snapshots'), label: key('vms.col.oldestSnapshot'), title: key('vms.col.oldestSnapshot.title'),
    numeric: true, unit: key('csv.unit.days'),
    value: (v) => ageDays(v.oldestSnapshot), text: (v) => (v.oldestSnapshot ? daysText(ageDays(v.oldestSnapshot)) : ''),
    cellClass: (v) => level(ageDays(v.oldestSnapshot), SNAPSHOT_AGE),
    render: (v) => (v.oldestSnapshot ? flagged(daysText(ageDays(v.oldestSnapshot)), level(ageDays(v.oldestSnapshot), SNAPSHOT_AGE)) : ''),
  },
  {
    id: 'snapshotBytes', group: key('col.group.snapshots'), label: key('vms.col.snapshotBytes'), title: key('vms.col.snapshotBytes.title'),
    numeric: true, unit: key('csv.unit.bytes'), value: (v) => v.snapshotBytes, text: (v) => (v.snapshots ? fmtBytes(v.snapshotBytes) : ''),
  },
  {
    id: 'consolidation', group: key('col.group.snapshots'), label: key('vms.col.consolidation'), title: key('vms.col.consolidation.title'),
    value: (v) => (v.consolidationNeeded ? 1 : 0), text: (v) => (v.consolidationNeeded ? t('vms.consolidationNeeded') : ''),
    cellClass: (v) => (v.consolidationNeeded ? 'warn' : null),
    render: (v) => (v.consolidationNeeded ? badge(t('vms.consolidationNeeded'), 'warn', 'consolidationNeeded: true') : ''),
  },
  {
    id: 'ft', label: key('vms.col.ft'), title: key('vms.col.ft.title'),
    value: (v) => label(FT, v.ftState), text: (v) => label(FT, v.ftState),
    render: (v) => {
      const kind = v.ftState === 'running' ? 'ok' : v.ftState === 'needSecondary' ? 'warn' : null;
      return kind ? badge(label(FT, v.ftState), kind, v.ftState) : labelled(label(FT, v.ftState), v.ftState);
    },
  },
  flaggedNumber('cpu', { label: key('vms.col.cpu'), title: key('vms.col.cpu.title'), unit: key('csv.unit.percent') },
    'cpuUsagePercent', fmtPercent, () => page.thresholds.cpu),
  flaggedNumber('mem', { label: key('vms.col.mem'), title: key('vms.col.mem.title'), unit: key('csv.unit.percent') },
    'memUsagePercent', fmtPercent, () => page.thresholds.mem),
  flaggedNumber('cpuReady', { label: key('vms.col.cpuReady'), title: key('vms.col.cpuReady.title'), unit: key('csv.unit.percent') },
    'cpuReadyPercent', fmtPercent, () => page.thresholds.cpuReady),
  ...memoryPressureColumns(),
  { id: 'diskRead', group: key('col.group.diskIO'), label: key('vms.col.diskRead'), numeric: true, unit: key('csv.unit.KBps'), value: (v) => v.diskReadKBps, text: (v) => fmtKBps(v.diskReadKBps) },
  { id: 'diskWrite', group: key('col.group.diskIO'), label: key('vms.col.diskWrite'), numeric: true, unit: key('csv.unit.KBps'), value: (v) => v.diskWriteKBps, text: (v) => fmtKBps(v.diskWriteKBps) },
  { id: 'readIops', group: key('col.group.diskIO'), label: key('vms.col.readIops'), numeric: true, value: (v) => v.diskReadIops, text: (v) => fmtIops(v.diskReadIops) },
  { id: 'writeIops', group: key('col.group.diskIO'), label: key('vms.col.writeIops'), numeric: true, value: (v) => v.diskWriteIops, text: (v) => fmtIops(v.diskWriteIops) },
  flaggedNumber('latency', { label: key('vms.col.latency'), title: key('vms.col.latency.title'), unit: key('csv.unit.ms') },
    'diskLatencyMs', fmtMs, () => page.thresholds.latency),
  {
    id: 'graphs', label: key('vms.col.graphs'), sortable: false, csv: false, filter: false, align: 'center',
    value: () => null, text: () => '', render: (v) => graphLink(v.id, v.name, page.dc),
  },
];

const page = startListPage({
  active: 'vms',
  what: key('page.what.vms'),
  element: 'vms',
  exportName: 'vms',
  texts: { count: key('vms.count'), empty: key('vms.empty'), noMatch: key('vms.noMatch'), caption: key('vms.caption') },
  columns: COLUMNS,
  fetch: (dc) => api.vms(dc),
});
