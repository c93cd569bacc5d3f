/**
 * CSV export (RFC 4180): comma separated, CRLF line ends, fields with a quote, comma or line break
 * quoted, quotes doubled. Cells starting with = + - @ TAB or CR get a leading apostrophe, because
 * spreadsheets would otherwise run them as formulas (CSV injection; names come from vCenter and
 * anyone who can name a VM controls them).
 */
import { DASH } from './format.js';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralized and quoted as needed. The "unknown" dash becomes an empty field. */
export function csvField(value) {
  let s = value === null || value === undefined || value === DASH ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A whole document.
 *
 * @param {string[]} header
 * @param {Array<Array<*>>} rows
 */
export function toCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Hands a CSV text to the browser as a download. */
export function downloadCsv(filename, text) {
  const blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; revoking later keeps the blob alive long enough for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "vscope-vms-dc1-20240501-1432.csv". */
export function csvFilename(what, dcName, now = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
  const safe = (s) => String(s || '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
  return ['vscope', what, safe(dcName), stamp].filter(Boolean).join('-') + '.csv';
}
