/**
 * The data of a table, without its DOM: which rows the filter lets through, in which order, and
 * their CSV; the sort and the filter kept where the page says (its URL, or nowhere). The renderer
 * (table.js) shows what this gives; the model reads no element and can be driven alone.
 *
 * A column is
 *   { id, label, title?, group?, numeric?, unit?, value(row), text(row), render?(row),
 *     cellClass?(row), csvValue?(row), filter?, csv?, sortable?, align? }
 * where `label`, `title`, `group` and `unit` are catalog keys (i18n.js), `value` is what sorting
 * compares (number, string or null), `text` is what the filter searches and the CSV contains (the
 * text shown), and `render` builds the cell (defaults to text). Numeric columns are right-aligned,
 * sort numerically and are not searched by the filter; the CSV has their `value`, machine-readable
 * whatever the reader's language (dot decimal), with the unit in the header row. A column whose
 * CSV cell should be data rather than the text shown gives `csvValue` (a date: ISO 8601 in UTC).
 */
import { collator, isNum } from './format.js';
import { t } from './i18n.js';
import { toCsv } from './csv.js';
import { param, replaceParams } from './urls.js';

/** Sort and filter kept in the page's URL (`sort`, `q`): a reload or a shared link shows the same. */
export const URL_STATE = { get: param, set: replaceParams };
/** Sort and filter kept nowhere. */
export const NO_STATE = { get: () => null, set: () => {} };

export class TableModel {
  /**
   * @param {object[]} columns
   * @param {object} [options]
   * @param {string} [options.sort] initial sort: column id, "-id" for descending (the state's wins)
   * @param {{get: (name: string) => string|null, set: (params: object) => void}} [options.state]
   *     where the sort and the filter are kept: URL_STATE or NO_STATE (the default)
   */
  constructor(columns, { sort = '', state = NO_STATE } = {}) {
    this.columns = columns;
    this.state = state;
    this.rows = [];
    this.hay = null;
    /** The rows shown, filtered and sorted: as of the last apply(). */
    this.shown = [];
    const initialSort = state.get('sort') || sort || '';
    const desc = initialSort.startsWith('-');
    const sortId = desc ? initialSort.slice(1) : initialSort;
    this.sortCol = columns.find((c) => c.id === sortId) || null;
    this.sortDesc = this.sortCol ? desc : false;
    /** The filter as typed; its words must all be found in a row. */
    this.filter = state.get('q') || '';
  }

  /** New data; the sort and filter stay. */
  setRows(rows) {
    if (rows !== this.rows) {
      this.rows = rows;
      this.hay = null;
    }
  }

  setFilter(text) {
    this.filter = text;
    this.state.set({ q: text.trim() || null });
  }

  /** Sorts by a column; the same one again reverses the order. */
  sortBy(col) {
    if (this.sortCol === col) this.sortDesc = !this.sortDesc;
    else {
      this.sortCol = col;
      // Numbers start with the largest: the busiest host or the slowest disk is what one looks for.
      this.sortDesc = Boolean(col.numeric);
    }
    this.state.set({ sort: `${this.sortDesc ? '-' : ''}${col.id}` });
  }

  /** The aria-sort of a column: 'ascending', 'descending' or 'none'. */
  sortOf(col) {
    if (col !== this.sortCol) return 'none';
    return this.sortDesc ? 'descending' : 'ascending';
  }

  /** Filters and sorts all rows again; returns the rows to show, in order. */
  apply() {
    this.shown = this.visibleRows();
    return this.shown;
  }

  /** What the filter searches, per row: made on the first filtering after new data. */
  haystack() {
    if (!this.hay) {
      const cols = this.columns.filter((c) => c.filter ?? !c.numeric);
      this.hay = this.rows.map((row) => cols.map((c) => String(c.text(row) ?? '')).join('\u0001').toLowerCase());
    }
    return this.hay;
  }

  /** The rows the filter lets through, in display order. */
  visibleRows() {
    const terms = this.filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let rows = this.rows;
    if (terms.length) {
      const hay = this.haystack();
      rows = rows.filter((row, i) => terms.every((term) => hay[i].includes(term)));
    }
    if (this.sortCol) {
      const col = this.sortCol;
      const sign = this.sortDesc ? -1 : 1;
      const keyed = rows.map((row, i) => ({ row, i, v: col.value(row) }));
      keyed.sort((a, b) => compareValues(a.v, b.v, sign) || a.i - b.i);
      return keyed.map((k) => k.row);
    }
    return rows;
  }

  /**
   * The CSV of exactly what is shown: all filtered rows (rendered or not), display order, exported
   * columns. Headers are in the reader's language; numbers are not, so that a spreadsheet or a
   * script reads them the same everywhere.
   */
  csv() {
    const cols = this.columns.filter((c) => c.csv !== false);
    const header = cols.map((c) => {
      const name = c.group ? `${t(c.group)} ${t(c.label)}` : t(c.label);
      return c.unit ? `${name} (${t(c.unit)})` : name;
    });
    return toCsv(header, this.shown.map((row) => cols.map((c) => {
      if (c.csvValue) return c.csvValue(row) ?? '';
      return c.numeric ? machineNumber(c.value(row)) : c.text(row);
    })));
  }
}

/** Nulls (unknown) go last whichever the direction; numbers numerically, text naturally. */
function compareValues(a, b, sign) {
  const aMissing = a === null || a === undefined || a === '' || (typeof a === 'number' && !isNum(a));
  const bMissing = b === null || b === undefined || b === '' || (typeof b === 'number' && !isNum(b));
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
  return sign * collator().compare(String(a), String(b));
}

/** A number as data: dot decimal, no grouping, at most three decimals; empty when unknown. */
function machineNumber(v) {
  return isNum(v) ? String(Math.round(v * 1000) / 1000) : '';
}
