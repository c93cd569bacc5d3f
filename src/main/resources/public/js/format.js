/**
 * Formatting for people, in the reader's locale (i18n.js): units scaled to something readable,
 * one decimal for percentages, "—" for unknown values, and vSphere's enum values in words.
 * Numbers and dates go through Intl, so a French reader sees "1 234,5" and "14:05:09".
 */
import { key, locale, t } from './i18n.js';

export const DASH = '—';

/** True for a real number (the API sends null for unknown perf values). */
export function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Intl formatters are costly to make and the tables format thousands of cells: one per locale and options. */
const formatters = new Map();

function cached(kind, options, make) {
  const k = `${kind}|${locale()}|${JSON.stringify(options)}`;
  let f = formatters.get(k);
  if (!f) {
    f = make(locale(), options);
    formatters.set(k, f);
  }
  return f;
}

function numberFormat(options) {
  return cached('n', options, (l, o) => new Intl.NumberFormat(l, o));
}

function dateFormat(options) {
  return cached('d', options, (l, o) => new Intl.DateTimeFormat(l, o));
}

function fixed(v, digits) {
  return numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

/** A number and its unit, joined as the locale joins them (a no-break space, so they never wrap apart). */
function withUnit(number, unitKey) {
  return t('unit.join', { n: number, unit: t(unitKey) });
}

/** A count: "1,234", "1 234". */
export function fmtInt(v) {
  return isNum(v) ? numberFormat({ maximumFractionDigits: 0 }).format(Math.round(v)) : DASH;
}

/** A number with a fixed number of decimals. */
export function fmtNum(v, digits = 1) {
  return isNum(v) ? fixed(v, digits) : DASH;
}

/** A percentage given as 0–100: "12.3%", "12,3 %". */
export function fmtPercent(v, digits = 1) {
  return isNum(v) ? numberFormat({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v / 100) : DASH;
}

const BYTE_UNITS = [key('unit.B'), key('unit.KiB'), key('unit.MiB'), key('unit.GiB'), key('unit.TiB'), key('unit.PiB')];

/**
 * Bytes in binary units: GiB up to 1 TiB, then TiB with two decimals (one TiB step hides too much
 * on a datastore).
 */
export function fmtBytes(v) {
  if (!isNum(v)) return DASH;
  let i = 0;
  let n = Math.abs(v);
  // Switch at 1000, not 1024: "1,010 GiB" reads worse than "0.99 TiB".
  while (n >= 1000 && i < BYTE_UNITS.length - 1) { n /= 1024; i++; }
  const digits = i === 0 ? 0 : i >= 4 ? 2 : 1;
  return withUnit(fixed(v < 0 ? -n : n, digits), BYTE_UNITS[i]);
}

/** Memory given in MiB, as vSphere configures VMs: "4 GiB", "512 MiB". */
export function fmtMemoryMB(v) {
  if (!isNum(v)) return DASH;
  if (v < 1024) return withUnit(fmtInt(v), key('unit.MiB'));
  const gib = v / 1024;
  return withUnit(Number.isInteger(gib) ? fmtInt(gib) : fixed(gib, 1), key('unit.GiB'));
}

/** Throughput in vSphere's KBps (kilobytes per second): "850 KB/s", "12.4 MB/s", "1.20 GB/s". */
export function fmtKBps(v) {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  // Switch at 1000 so that no value needs four digits ("1,006 KB/s").
  if (a >= 1000 * 1024) return withUnit(fixed(v / 1024 / 1024, 2), key('unit.GBps'));
  if (a >= 1000) return withUnit(fixed(v / 1024, a >= 10 * 1024 ? 1 : 2), key('unit.MBps'));
  return withUnit(fixed(v, a < 10 ? 1 : 0), key('unit.KBps'));
}

/** Latency: "3.2 ms". */
export function fmtMs(v) {
  return isNum(v) ? withUnit(fixed(v, v < 100 ? 1 : 0), key('unit.ms')) : DASH;
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
    case 'iops': return isNum(v) ? withUnit(fmtIops(v), key('unit.iops')) : DASH;
    case 'ms': return fmtMs(v);
    case 'bytes': return fmtBytes(v);
    default: return fmtNum(v, 2);
  }
}

/** A cycle duration: "850 ms", "12.3 s", "2 min 05 s". */
export function fmtDuration(ms) {
  if (!isNum(ms)) return DASH;
  if (ms < 1000) return withUnit(fmtInt(ms), key('unit.ms'));
  const s = ms / 1000;
  if (s < 60) return withUnit(fixed(s, 1), key('unit.s'));
  const m = Math.floor(s / 60);
  return t('unit.minSec', { min: fmtInt(m), s: String(Math.round(s - m * 60)).padStart(2, '0') });
}

/** Seconds, for intervals: "60 s". */
export function fmtSeconds(v) {
  return isNum(v) ? withUnit(fmtInt(v), key('unit.s')) : DASH;
}

/** Parses an ISO-8601 time from the API; null stays null. */
export function parseTime(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Local wall-clock time with seconds, as the locale writes it ("09:05:09", "09:05:09 PM"); two-digit hours keep the header still. */
export function fmtClock(date) {
  if (!date) return DASH;
  return dateFormat({ hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

/** Local date and time as the locale writes them; today's times drop the date. */
export function fmtDateTime(date, now = new Date()) {
  if (!date) return DASH;
  if (date.toDateString() === now.toDateString()) return fmtClock(date);
  return dateFormat({ year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(date);
}

/** A date, hours and minutes for chart legends: "27/11/2026 14:05". */
export function fmtDateMinutes(date) {
  return dateFormat({ year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit' }).format(date);
}

/** Age in words: "42 s ago", "il y a 5 min", "3 hr. ago", "il y a 2 j". */
export function fmtAgo(date, now = Date.now()) {
  if (!date) return DASH;
  const s = Math.max(0, Math.round((now - date.getTime()) / 1000));
  const rtf = cached('r', { style: 'short', numeric: 'always' }, (l, o) => new Intl.RelativeTimeFormat(l, o));
  if (s < 120) return rtf.format(-s, 'second');
  if (s < 2 * 3600) return rtf.format(-Math.floor(s / 60), 'minute');
  if (s < 2 * 86400) return rtf.format(-Math.floor(s / 3600), 'hour');
  return rtf.format(-Math.floor(s / 86400), 'day');
}

/** Formats chart axis ticks and other dates by Intl options, in the reader's locale. */
export function fmtDateParts(date, options) {
  return dateFormat(options).format(date);
}

/*
 * vSphere enum values as people say them, in the words of vSphere's own client in each language.
 * Unknown values are shown as they are, so a new vSphere release never renders as a blank; the
 * raw value is kept for title attributes by the callers of `label`.
 */
export const POWER = {
  poweredOn: key('enum.power.poweredOn'),
  poweredOff: key('enum.power.poweredOff'),
  suspended: key('enum.power.suspended'),
  standBy: key('enum.power.standBy'),
  unknown: key('enum.power.unknown'),
};
export const TOOLS_RUNNING = {
  guestToolsRunning: key('enum.toolsRunning.guestToolsRunning'),
  guestToolsNotRunning: key('enum.toolsRunning.guestToolsNotRunning'),
  guestToolsExecutingScripts: key('enum.toolsRunning.guestToolsExecutingScripts'),
};
export const TOOLS_VERSION = {
  guestToolsCurrent: key('enum.toolsVersion.guestToolsCurrent'),
  guestToolsNeedUpgrade: key('enum.toolsVersion.guestToolsNeedUpgrade'),
  guestToolsNotInstalled: key('enum.toolsVersion.guestToolsNotInstalled'),
  guestToolsUnmanaged: key('enum.toolsVersion.guestToolsUnmanaged'),
  guestToolsTooOld: key('enum.toolsVersion.guestToolsTooOld'),
  guestToolsTooNew: key('enum.toolsVersion.guestToolsTooNew'),
  guestToolsSupportedOld: key('enum.toolsVersion.guestToolsSupportedOld'),
  guestToolsSupportedNew: key('enum.toolsVersion.guestToolsSupportedNew'),
  guestToolsBlacklisted: key('enum.toolsVersion.guestToolsBlacklisted'),
};
export const FT = {
  notConfigured: key('enum.ft.notConfigured'),
  disabled: key('enum.ft.disabled'),
  enabled: key('enum.ft.enabled'),
  needSecondary: key('enum.ft.needSecondary'),
  starting: key('enum.ft.starting'),
  running: key('enum.ft.running'),
};
export const CONNECTION = {
  connected: key('enum.connection.connected'),
  disconnected: key('enum.connection.disconnected'),
  notResponding: key('enum.connection.notResponding'),
};
export const DS_MAINTENANCE = {
  normal: key('enum.dsMaintenance.normal'),
  enteringMaintenance: key('enum.dsMaintenance.enteringMaintenance'),
  inMaintenance: key('enum.dsMaintenance.inMaintenance'),
};

export const DRS_BEHAVIOR = {
  fullyAutomated: key('enum.drs.fullyAutomated'),
  partiallyAutomated: key('enum.drs.partiallyAutomated'),
  manual: key('enum.drs.manual'),
};

/** A resource pool's shares level, as vSphere spells it. */
export const SHARES_LEVEL = {
  low: key('enum.shares.low'),
  normal: key('enum.shares.normal'),
  high: key('enum.shares.high'),
  custom: key('enum.shares.custom'),
};

/** The readable label of an enum value; DASH for null, the raw value when unknown. */
export function label(map, raw) {
  if (raw === null || raw === undefined || raw === '') return DASH;
  return Object.prototype.hasOwnProperty.call(map, raw) ? t(map[raw]) : String(raw);
}

/** "2.5:1", the vCPU to core over-subscription ratio. */
export function fmtRatio(v) {
  return isNum(v) ? `${fixed(v, 1)}:1` : DASH;
}

/** Compares for sorting: numbers numerically, text naturally ("esx-2" before "esx-10"), as the locale sorts. */
export function collator() {
  return cached('c', { numeric: true, sensitivity: 'base' }, (l, o) => new Intl.Collator(l, o));
}
