/**
 * The property table of the detail page: labels and formats per property of hosts, VMs,
 * datastores and clusters (the same fields as the list endpoints). Properties this file does not know are
 * still shown, formatted by their name's suffix (…Bytes, …Percent, …KBps, …Ms), so a field added
 * to the API appears without a front-end change.
 */
import { el } from './dom.js';
import { badge, flagged, labelled } from './cells.js';
import { level } from './thresholds.js';
import {
  CONNECTION, DASH, DRS_BEHAVIOR, DS_MAINTENANCE, FT, POWER, TOOLS_RUNNING, TOOLS_VERSION, fmtBytes, fmtInt, fmtIops, fmtKBps,
  fmtDateTime, fmtMemoryMB, fmtMs, fmtNum, fmtPercent, fmtRatio, isNum, label, parseTime,
} from './format.js';
import { key, t } from './i18n.js';
import { entityUrl } from './urls.js';
import { daysText, reasonNode } from './outlook.js';

const yesNo = (v) => (v === true ? t('prop.yes') : v === false ? t('prop.no') : DASH);
const enumOf = (map) => (v) => labelled(label(map, v), v);
const mhz = (v) => (isNum(v) ? t('unit.join', { n: fmtInt(v), unit: t('unit.MHz') }) : DASH);

/** key → [label's catalog key, format]; the order here is the order on the page. Keys shown elsewhere are null. */
const KNOWN = {
  id: [key('prop.id'), null],
  name: null,
  type: [key('prop.type'), null],
  datacenter: [key('prop.datacenter'), null],
  cluster: [key('prop.cluster'), null],
  host: null,
  hostName: [key('prop.hostName'), null],
  connectionState: [key('prop.connectionState'), enumOf(CONNECTION)],
  powerState: [key('prop.powerState'), enumOf(POWER)],
  inMaintenanceMode: [key('prop.inMaintenanceMode'), yesNo],
  guestFullName: [key('prop.guestFullName'), null],
  toolsRunningStatus: [key('prop.toolsRunningStatus'), enumOf(TOOLS_RUNNING)],
  toolsVersionStatus: [key('prop.toolsVersionStatus'), enumOf(TOOLS_VERSION)],
  ftState: [key('prop.ftState'), enumOf(FT)],
  cores: [key('prop.cores'), fmtInt],
  threads: [key('prop.threads'), fmtInt],
  cpuMhz: [key('prop.cpuMhz'), mhz],
  memoryBytes: [key('prop.memoryBytes'), fmtBytes],
  numCpu: [key('prop.numCpu'), fmtInt],
  memoryMB: [key('prop.memoryMB'), fmtMemoryMB],
  vcpus: [key('prop.vcpus'), fmtInt],
  vms: [key('prop.vms'), fmtInt],
  hosts: [key('prop.hosts'), fmtInt],
  capacityBytes: [key('prop.capacityBytes'), fmtBytes],
  freeBytes: [key('prop.freeBytes'), fmtBytes],
  uncommittedBytes: [key('prop.uncommittedBytes'), fmtBytes],
  provisionedBytes: [key('prop.provisionedBytes'), fmtBytes],
  committedBytes: [key('prop.committedBytes'), fmtBytes],
  usedPercent: [key('prop.usedPercent'), fmtPercent],
  overcommitPercent: [key('prop.overcommitPercent'), fmtPercent],
  daysUntilFull: [key('prop.daysUntilFull'), (v) => daysText(v, null)],
  daysUntilFullReason: null,
  accessible: [key('prop.accessible'), yesNo],
  maintenanceMode: [key('prop.maintenanceMode'), enumOf(DS_MAINTENANCE)],
  cpuUsagePercent: [key('prop.cpuUsagePercent'), fmtPercent],
  memUsagePercent: [key('prop.memUsagePercent'), fmtPercent],
  cpuReadyPercent: [key('prop.cpuReadyPercent'), fmtPercent],
  memBalloonedBytes: [key('prop.memBalloonedBytes'), fmtBytes],
  memSwappedBytes: [key('prop.memSwappedBytes'), fmtBytes],
  memCompressedBytes: [key('prop.memCompressedBytes'), fmtBytes],
  netRxKBps: [key('prop.netRxKBps'), fmtKBps],
  netTxKBps: [key('prop.netTxKBps'), fmtKBps],
  diskReadKBps: [key('prop.diskReadKBps'), fmtKBps],
  diskWriteKBps: [key('prop.diskWriteKBps'), fmtKBps],
  diskReadIops: [key('prop.diskReadIops'), fmtIops],
  diskWriteIops: [key('prop.diskWriteIops'), fmtIops],
  diskLatencyMs: [key('prop.diskLatencyMs'), fmtMs],
  readIops: [key('prop.readIops'), fmtIops],
  writeIops: [key('prop.writeIops'), fmtIops],
  readLatencyMs: [key('prop.readLatencyMs'), fmtMs],
  writeLatencyMs: [key('prop.writeLatencyMs'), fmtMs],
  hostsConnected: [key('prop.hostsConnected'), fmtInt],
  hostsInMaintenance: [key('prop.hostsInMaintenance'), fmtInt],
  cpuCapacityMhz: [key('prop.cpuCapacityMhz'), mhz],
  memCapacityBytes: [key('prop.memCapacityBytes'), fmtBytes],
  vmsPoweredOn: [key('prop.vmsPoweredOn'), fmtInt],
  vcpuPerCore: [key('prop.vcpuPerCore'), fmtRatio],
  memAllocatedBytes: [key('prop.memAllocatedBytes'), fmtBytes],
  memPhysicalBytes: [key('prop.memPhysicalBytes'), fmtBytes],
  haEnabled: [key('prop.haEnabled'), yesNo],
  drsEnabled: [key('prop.drsEnabled'), yesNo],
  drsBehavior: [key('prop.drsBehavior'), enumOf(DRS_BEHAVIOR)],
  nPlusOne: [key('prop.nPlusOne'), nPlusOneValue],
  capacity: [key('prop.capacity'), capacityValue],
  build: [key('prop.build'), null],
  nics: [key('prop.nics'), nicsValue],
  datastores: [key('prop.datastores'), null],
  snapshots: [key('prop.snapshots'), fmtInt],
  oldestSnapshot: [key('prop.oldestSnapshot'), (v) => fmtDateTime(parseTime(v))],
  snapshotBytes: [key('prop.snapshotBytes'), fmtBytes],
  snapshotDepth: [key('prop.snapshotDepth'), fmtInt],
  consolidationNeeded: [key('prop.consolidationNeeded'), yesNo],
};

/** A cluster's N+1: holds or not, and the usage with its largest host down. */
function nPlusOneValue(n) {
  const text = isNum(n.cpuPercent) && isNum(n.memPercent)
    ? t('clusters.n1.text', { cpu: fmtPercent(n.cpuPercent), mem: fmtPercent(n.memPercent) }) : t('clusters.n1.unknown');
  return el('span', {}, badge(n.holds ? t('clusters.n1.holds') : t('clusters.n1.fails'), n.holds ? 'ok' : 'crit'), ' ', text);
}

/** A cluster's VMs left at the default target: "12 (CPU 40, RAM 12) · 80 %". */
function capacityValue(c) {
  const n = (v) => (isNum(v) ? fmtInt(v) : DASH);
  return `${n(c.vmsLeft)} (${t('clusters.col.vmsLeftCpu')} ${n(c.vmsLeftCpu)}, ${t('clusters.col.vmsLeftMem')} ${n(c.vmsLeftMem)}) · ${fmtPercent(c.targetPercent, 0)}`;
}

function nicsValue(nics) {
  if (!Array.isArray(nics) || nics.length === 0) return DASH;
  return el('span', { className: 'nic-list' }, nics.map((n) => badge(
    `${n.device} ${n.up ? (isNum(n.linkSpeedMbps) ? t('unit.join', { n: fmtInt(n.linkSpeedMbps), unit: t('unit.Mbps') }) : t('nic.up')) : `↓ ${t('nic.down')}`}`,
    n.up ? 'ok' : 'crit')));
}

/** Which threshold applies to which property. */
const LIMITS = {
  cpuUsagePercent: 'cpu',
  memUsagePercent: 'mem',
  cpuReadyPercent: 'cpuReady',
  usedPercent: 'datastoreUsed',
  diskLatencyMs: 'latency',
  readLatencyMs: 'latency',
  writeLatencyMs: 'latency',
};

/** A list of entity ids as links named from `names` (the id when unknown). */
function entityLinks(ids, names, dc) {
  if (ids.length === 0) return DASH;
  const out = el('span');
  ids.forEach((id, i) => {
    if (i) out.append(', ');
    out.append(el('a', { href: entityUrl(id, dc), text: names.get(id) || id }));
  });
  return out;
}

/** "diskQueueDepth" → "Disk queue depth". */
function humanize(prop) {
  const words = prop.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function guessFormat(prop, value) {
  if (typeof value === 'boolean') return yesNo(value);
  if (value === null || value === undefined) return DASH;
  if (Array.isArray(value)) return value.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') || DASH;
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value !== 'number') return String(value);
  if (/Bytes$/.test(prop)) return fmtBytes(value);
  if (/Percent$/.test(prop)) return fmtPercent(value);
  if (/KBps$/.test(prop)) return fmtKBps(value);
  if (/Ms$/.test(prop)) return fmtMs(value);
  if (/Iops$/.test(prop)) return fmtIops(value);
  return Number.isInteger(value) ? fmtInt(value) : fmtNum(value, 2);
}

/**
 * The property rows of an entity.
 *
 * @param {object} entity /api/v1/entities/{id}
 * @param {object[]} datacenters to name the datacenter
 * @param {Map<string, string>} [datastoreNames] datastore id → name, for a host's datastores
 * @param {object} [thresholds] to flag values at or above warning/critical, as the tables do
 */
export function propertyTable(entity, datacenters, datastoreNames = new Map(), thresholds = null) {
  const props = { id: entity.id, type: entity.type, datacenter: entity.datacenter, ...(entity.properties || {}) };
  const keys = [...Object.keys(KNOWN).filter((k) => k in props), ...Object.keys(props).filter((k) => !(k in KNOWN))];
  const rows = [];
  for (const prop of keys) {
    const known = KNOWN[prop];
    if (known === null) continue;
    const value = props[prop];
    let shown;
    if (prop === 'hostName' && props.host) shown = el('a', { href: entityUrl(props.host, entity.datacenter), text: value || props.host });
    else if (prop === 'datacenter') shown = (datacenters.find((d) => d.id === value) || {}).name || value || DASH;
    else if (prop === 'datastores' && Array.isArray(value)) shown = entityLinks(value, datastoreNames, entity.datacenter);
    else if (prop === 'daysUntilFull' && !isNum(value)) shown = reasonNode(props.daysUntilFullReason); // why there is no number
    else if (known && known[1]) shown = value === null || value === undefined ? DASH : known[1](value);
    else shown = guessFormat(prop, value);
    let lvl = thresholds && LIMITS[prop] ? level(value, thresholds[LIMITS[prop]]) : null;
    if (prop === 'toolsRunningStatus' && props.powerState === 'poweredOn' && value !== 'guestToolsRunning') lvl = 'warn';
    if (prop === 'consolidationNeeded' && value === true) lvl = 'warn';
    if (lvl && typeof shown === 'string') shown = flagged(shown, lvl);
    else if (lvl && shown instanceof Node) shown = el('span', {}, flagged('', lvl), shown);
    const td = el('td', { className: lvl });
    if (shown instanceof Node) td.append(shown);
    else td.textContent = String(shown);
    rows.push(el('tr', {}, el('th', { scope: 'row', text: known ? t(known[0]) : humanize(prop) }), td));
  }
  return el('table', { className: 'props' }, el('caption', { className: 'sr-only', text: t('entity.properties') }), el('tbody', {}, rows));
}
