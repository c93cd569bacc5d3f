/**
 * The property table of the detail page: labels and formats per property of hosts, VMs and
 * datastores (the same fields as the list endpoints). Properties this file does not know are
 * still shown, formatted by their name's suffix (…Bytes, …Percent, …KBps, …Ms), so a field added
 * to the API appears without a front-end change.
 */
import { el } from './dom.js';
import { badge, flagged, labelled } from './cells.js';
import { level } from './thresholds.js';
import {
  CONNECTION, DASH, DS_MAINTENANCE, FT, POWER, TOOLS_RUNNING, TOOLS_VERSION, fmtBytes, fmtInt, fmtIops, fmtKBps, fmtMemoryMB,
  fmtMs, fmtNum, fmtPercent, isNum, label,
} from './format.js';
import { entityUrl } from './urls.js';

const yesNo = (v) => (v === true ? 'Yes' : v === false ? 'No' : DASH);
const enumOf = (map) => (v) => labelled(label(map, v), v);
const mhz = (v) => (isNum(v) ? `${fmtInt(v)} MHz` : DASH);

/** key → [label, format]; the order here is the order on the page. Keys shown elsewhere are null. */
const KNOWN = {
  id: ['ID', null],
  name: null,
  type: ['Type', null],
  datacenter: ['Datacenter', null],
  cluster: ['Cluster', null],
  host: null,
  hostName: ['Host', null],
  connectionState: ['Connection', enumOf(CONNECTION)],
  powerState: ['Power', enumOf(POWER)],
  inMaintenanceMode: ['Maintenance mode', yesNo],
  guestFullName: ['Guest OS', null],
  toolsRunningStatus: ['VMware Tools', enumOf(TOOLS_RUNNING)],
  toolsVersionStatus: ['Tools version', enumOf(TOOLS_VERSION)],
  ftState: ['Fault Tolerance', enumOf(FT)],
  cores: ['Cores', fmtInt],
  threads: ['Threads', fmtInt],
  cpuMhz: ['Core speed', mhz],
  memoryBytes: ['Memory', fmtBytes],
  numCpu: ['vCPUs', fmtInt],
  memoryMB: ['Memory', fmtMemoryMB],
  vcpus: ['vCPUs (powered-on VMs)', fmtInt],
  vms: ['VMs', fmtInt],
  hosts: ['Hosts', fmtInt],
  capacityBytes: ['Capacity', fmtBytes],
  freeBytes: ['Free', fmtBytes],
  uncommittedBytes: ['Uncommitted', fmtBytes],
  provisionedBytes: ['Provisioned', fmtBytes],
  committedBytes: ['Storage committed', fmtBytes],
  usedPercent: ['Used', fmtPercent],
  accessible: ['Accessible', yesNo],
  maintenanceMode: ['Maintenance', enumOf(DS_MAINTENANCE)],
  cpuUsagePercent: ['CPU usage', fmtPercent],
  memUsagePercent: ['Memory usage', fmtPercent],
  cpuReadyPercent: ['CPU ready (per vCPU)', fmtPercent],
  netRxKBps: ['Network in', fmtKBps],
  netTxKBps: ['Network out', fmtKBps],
  diskReadKBps: ['Disk read', fmtKBps],
  diskWriteKBps: ['Disk write', fmtKBps],
  diskReadIops: ['Disk read IOPS', fmtIops],
  diskWriteIops: ['Disk write IOPS', fmtIops],
  diskLatencyMs: ['Disk latency', fmtMs],
  readLatencyMs: ['Read latency', fmtMs],
  writeLatencyMs: ['Write latency', fmtMs],
  nics: ['Physical NICs', nicsValue],
  datastores: ['Datastores', null],
};

function nicsValue(nics) {
  if (!Array.isArray(nics) || nics.length === 0) return DASH;
  return el('span', { className: 'nic-list' }, nics.map((n) => badge(
    `${n.device} ${n.up ? (isNum(n.linkSpeedMbps) ? `${n.linkSpeedMbps} Mb/s` : 'up') : '↓ down'}`, n.up ? 'ok' : 'crit')));
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
function humanize(key) {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function guessFormat(key, value) {
  if (typeof value === 'boolean') return yesNo(value);
  if (value === null || value === undefined) return DASH;
  if (Array.isArray(value)) return value.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') || DASH;
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value !== 'number') return String(value);
  if (/Bytes$/.test(key)) return fmtBytes(value);
  if (/Percent$/.test(key)) return fmtPercent(value);
  if (/KBps$/.test(key)) return fmtKBps(value);
  if (/Ms$/.test(key)) return fmtMs(value);
  if (/Iops$/.test(key)) return fmtIops(value);
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
  for (const key of keys) {
    const known = KNOWN[key];
    if (known === null) continue;
    const value = props[key];
    let shown;
    if (key === 'hostName' && props.host) shown = el('a', { href: entityUrl(props.host, entity.datacenter), text: value || props.host });
    else if (key === 'datacenter') shown = (datacenters.find((d) => d.id === value) || {}).name || value || DASH;
    else if (key === 'datastores' && Array.isArray(value)) shown = entityLinks(value, datastoreNames, entity.datacenter);
    else if (known && known[1]) shown = value === null || value === undefined ? DASH : known[1](value);
    else shown = guessFormat(key, value);
    let lvl = thresholds && LIMITS[key] ? level(value, thresholds[LIMITS[key]]) : null;
    if (key === 'toolsRunningStatus' && props.powerState === 'poweredOn' && value !== 'guestToolsRunning') lvl = 'warn';
    if (lvl && typeof shown === 'string') shown = flagged(shown, lvl);
    else if (lvl && shown instanceof Node) shown = el('span', {}, flagged('', lvl), shown);
    const td = el('td', { className: lvl });
    if (shown instanceof Node) td.append(shown);
    else td.textContent = String(shown);
    rows.push(el('tr', {}, el('th', { scope: 'row', text: known ? known[0] : humanize(key) }), td));
  }
  return el('table', { className: 'props' }, el('caption', { className: 'sr-only', text: 'Properties' }), el('tbody', {}, rows));
}
