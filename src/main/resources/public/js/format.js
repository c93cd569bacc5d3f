/**
 * Formatting for people: units scaled to something readable, one decimal for percentages,
 * "—" for unknown values, and vSphere's enum spellings translated. Pure functions, no DOM.
 */

export const DASH = '—';

/** True for a real number (the API sends null for unknown perf values). */
export function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

function fixed(v, digits) {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A count: "1,234". */
export function fmtInt(v) {
  return isNum(v) ? Math.round(v).toLocaleString('en-US') : DASH;
}

/** A number with a fixed number of decimals. */
export function fmtNum(v, digits = 1) {
  return isNum(v) ? fixed(v, digits) : DASH;
}

/** "12.3 %". */
export function fmtPercent(v) {
  return isNum(v) ? `${fixed(v, 1)} %` : DASH;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * Bytes in binary units, as vSphere shows storage: GiB up to 1 TiB, then TiB with two decimals
 * (one TiB step hides too much on a datastore).
 */
export function fmtBytes(v) {
  if (!isNum(v)) return DASH;
  let i = 0;
  let n = Math.abs(v);
  // Switch at 1000, not 1024: "1,010 GiB" reads worse than "0.99 TiB".
  while (n >= 1000 && i < BYTE_UNITS.length - 1) { n /= 1024; i++; }
  const digits = i === 0 ? 0 : i >= 4 ? 2 : 1;
  return `${v < 0 ? '-' : ''}${fixed(n, digits)} ${BYTE_UNITS[i]}`;
}

/** Memory given in MiB, as vSphere configures VMs: "4 GiB", "512 MiB". */
export function fmtMemoryMB(v) {
  if (!isNum(v)) return DASH;
  if (v < 1024) return `${fmtInt(v)} MiB`;
  const gib = v / 1024;
  return `${Number.isInteger(gib) ? fmtInt(gib) : fixed(gib, 1)} GiB`;
}

/** Throughput in vSphere's KBps (kilobytes per second): "850 KB/s", "12.4 MB/s", "1.20 GB/s". */
export function fmtKBps(v) {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  // Switch at 1000 so that no value needs four digits ("1,006 KB/s").
  if (a >= 1000 * 1024) return `${fixed(v / 1024 / 1024, 2)} GB/s`;
  if (a >= 1000) return `${fixed(v / 1024, a >= 10 * 1024 ? 1 : 2)} MB/s`;
  return `${fixed(v, a < 10 ? 1 : 0)} KB/s`;
}

/** Latency: "3.2 ms". */
export function fmtMs(v) {
  return isNum(v) ? `${fixed(v, v < 100 ? 1 : 0)} ms` : DASH;
}

/** I/O operations per second. */
export function fmtIops(v) {
  return isNum(v) ? fixed(v, v < 10 ? 1 : 0) : DASH;
}

/** A metric value by the unit name the API uses (percent, KBps, iops, ms, bytes). */
export function fmtUnit(v, unit) {
  switch (unit) {
    case 'percent': return fmtPercent(v);
    case 'KBps': return fmtKBps(v);
    case 'iops': return isNum(v) ? `${fmtIops(v)} IOPS` : DASH;
    case 'ms': return fmtMs(v);
    case 'bytes': return fmtBytes(v);
    default: return fmtNum(v, 2);
  }
}

/** A cycle duration: "850 ms", "12.3 s", "2 min 05 s". */
export function fmtDuration(ms) {
  if (!isNum(ms)) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${fixed(s, 1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** Parses an ISO-8601 time from the API; null stays null. */
export function parseTime(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Local wall-clock time "hh:mm:ss" (24 h, the format ops dashboards use). */
export function fmtClock(date) {
  if (!date) return DASH;
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Local "YYYY-MM-DD hh:mm:ss"; today's times drop the date. */
export function fmtDateTime(date, now = new Date()) {
  if (!date) return DASH;
  const sameDay = date.toDateString() === now.toDateString();
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return sameDay ? fmtClock(date) : `${day} ${fmtClock(date)}`;
}

/** Age in words: "42 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function fmtAgo(date, now = Date.now()) {
  if (!date) return DASH;
  const s = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 2 * 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 2 * 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/*
 * vSphere enum values as people say them. Unknown values are shown as they are, so a new vSphere
 * release never renders as a blank; the raw value is kept for title attributes by `label`.
 */
export const POWER = { poweredOn: 'On', poweredOff: 'Off', suspended: 'Suspended', standBy: 'Standby', unknown: 'Unknown' };
export const TOOLS_RUNNING = {
  guestToolsRunning: 'Running',
  guestToolsNotRunning: 'Not running',
  guestToolsExecutingScripts: 'Starting',
};
export const TOOLS_VERSION = {
  guestToolsCurrent: 'Current',
  guestToolsNeedUpgrade: 'Upgrade available',
  guestToolsNotInstalled: 'Not installed',
  guestToolsUnmanaged: 'Unmanaged',
  guestToolsTooOld: 'Too old',
  guestToolsTooNew: 'Too new',
  guestToolsSupportedOld: 'Supported (old)',
  guestToolsSupportedNew: 'Supported (new)',
  guestToolsBlacklisted: 'Blocked',
};
export const FT = {
  notConfigured: 'Off',
  disabled: 'Disabled',
  enabled: 'Enabled',
  needSecondary: 'Needs secondary',
  starting: 'Starting',
  running: 'Protected',
};
export const CONNECTION = { connected: 'Connected', disconnected: 'Disconnected', notResponding: 'Not responding' };
export const DS_MAINTENANCE = { normal: 'Normal', enteringMaintenance: 'Entering maintenance', inMaintenance: 'In maintenance' };

/** The readable label of an enum value; DASH for null, the raw value when unknown. */
export function label(map, raw) {
  if (raw === null || raw === undefined || raw === '') return DASH;
  return Object.prototype.hasOwnProperty.call(map, raw) ? map[raw] : String(raw);
}

/** "2.5:1", the vCPU to core over-subscription ratio. */
export function fmtRatio(v) {
  return isNum(v) ? `${fixed(v, 1)}:1` : DASH;
}

/** Compares for sorting: numbers numerically, text naturally ("esx-2" before "esx-10"). */
export const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
