/**
 * A sortable, filterable table with a row count and CSV export, used by the Hosts, Filer and VMs
 * pages. The page gives column definitions and, on every refresh, the new rows; sort order,
 * filter text, scroll position and keyboard focus survive the refresh because only the table body
 * is rebuilt.
 *
 * A column is
 *   { id, label, title?, group?, numeric?, value(row), text(row), render?(row), cellClass?(row),
 *     filter?, csv? }
 * where `value` is what sorting compares (number, string or null), `text` is what the filter
 * searches and the CSV contains (the text shown), and `render` builds the cell (defaults to text).
 * Numeric columns are right-aligned, sort numerically and are not searched by the filter.
 */
import { el, replaceChildren } from './dom.js';
import { collator, isNum } from './format.js';
import { csvFilename, downloadCsv, toCsv } from './csv.js';
import { param, replaceParams } from './urls.js';

let tableCount = 0;

export class DataTable {
  /**
   * @param {HTMLElement} root where the toolbar and table go
   * @param {object} options
   * @param {object[]} options.columns
   * @param {[string, string]} options.noun singular and plural, for the row count ("VM", "VMs")
   * @param {(row: object) => string} options.rowKey stable identity of a row (focus restore)
   * @param {string} options.sort initial sort: column id, "-id" for descending
   * @param {string} options.exportName file name part for CSV ("vms")
   * @param {string} options.caption accessible name of the table
   * @param {boolean} [options.urlState] keep sort and filter in the URL (`sort`, `q`)
   */
  constructor(root, options) {
    this.root = root;
    this.columns = options.columns;
    this.noun = options.noun;
    this.rowKey = options.rowKey;
    this.exportName = options.exportName;
    this.urlState = Boolean(options.urlState);
    this.context = '';
    this.rows = [];
    this.indexed = [];
    this.shown = [];
    this.id = `t${++tableCount}`;

    const initialSort = (this.urlState && param('sort')) || options.sort || '';
    const desc = initialSort.startsWith('-');
    const sortId = desc ? initialSort.slice(1) : initialSort;
    this.sortCol = this.columns.find((c) => c.id === sortId) || null;
    this.sortDesc = this.sortCol ? desc : false;

    this.buildChrome(options.caption);
    this.filterInput.value = (this.urlState && param('q')) || '';
  }

  buildChrome(caption) {
    const filterId = `${this.id}-filter`;
    this.filterInput = el('input', {
      type: 'search', id: filterId, placeholder: 'name, host, state…', autocomplete: 'off', spellcheck: 'false',
      on: { input: () => this.onFilter() },
    });
    this.countEl = el('span', { className: 'count', attrs: { 'aria-live': 'polite' } });
    this.exportBtn = el('button', {
      type: 'button', className: 'btn', title: 'Download the rows and columns shown as CSV',
      on: { click: () => this.exportCsv() },
    }, 'Export CSV');
    const tools = el('div', { className: 'table-tools' },
      el('div', { className: 'filter' }, el('label', { for: filterId, text: 'Filter' }), this.filterInput),
      this.countEl,
      el('span', { className: 'spacer' }),
      this.exportBtn);

    this.tbody = el('tbody');
    this.table = el('table', { className: 'data', id: this.id },
      el('caption', { className: 'sr-only', text: caption || '' }),
      this.buildHead(),
      this.tbody);
    this.wrap = el('div', { className: 'table-wrap' }, this.table);
    replaceChildren(this.root, tools, this.wrap);
  }

  /** One header row, or two when columns are grouped ("Network" over "In" and "Out"). */
  buildHead() {
    const grouped = this.columns.some((c) => c.group);
    const top = el('tr');
    const bottom = el('tr');
    this.headCells = new Map();
    for (let i = 0; i < this.columns.length; i++) {
      const col = this.columns[i];
      const th = this.headerCell(col);
      this.headCells.set(col.id, th);
      if (!grouped) { top.append(th); continue; }
      if (!col.group) {
        th.rowSpan = 2;
        top.append(th);
        continue;
      }
      if (i === 0 || this.columns[i - 1].group !== col.group) {
        let span = 1;
        while (i + span < this.columns.length && this.columns[i + span].group === col.group) span++;
        top.append(el('th', { className: 'group', scope: 'colgroup', colspan: span, text: col.group }));
      }
      bottom.append(th);
    }
    return el('thead', {}, top, grouped ? bottom : null);
  }

  headerCell(col) {
    const th = el('th', { scope: 'col', className: col.numeric ? 'num' : '', dataset: { col: col.id } });
    if (col.sortable === false) {
      th.append(el('span', { className: 'static-head', title: col.title }, col.label));
      return th;
    }
    th.setAttribute('aria-sort', 'none');
    th.append(el('button', {
      type: 'button', className: 'sort-btn', title: col.title ? `${col.title} (click to sort)` : 'Click to sort',
      on: { click: () => this.sortBy(col) },
    }, el('span', { text: col.label }), el('span', { className: 'sort-ind', attrs: { 'aria-hidden': 'true' } })));
    return th;
  }

  /** Context for CSV file names (the datacenter name). */
  setContext(name) {
    this.context = name;
  }

  /** Replaces the data; the view (sort, filter, scroll, focus) stays as it is. */
  setRows(rows) {
    this.rows = rows;
    this.indexed = rows.map((row) => ({
      row,
      hay: this.columns.filter((c) => c.filter ?? !c.numeric).map((c) => String(c.text(row) ?? '')).join('\u0001').toLowerCase(),
    }));
    this.render();
  }

  sortBy(col) {
    if (this.sortCol === col) this.sortDesc = !this.sortDesc;
    else {
      this.sortCol = col;
      // Numbers start with the largest: the busiest host or the slowest disk is what one looks for.
      this.sortDesc = Boolean(col.numeric);
    }
    if (this.urlState) replaceParams({ sort: `${this.sortDesc ? '-' : ''}${col.id}` });
    this.render();
  }

  onFilter() {
    if (this.urlState) replaceParams({ q: this.filterInput.value.trim() || null });
    // Coalesce fast typing into one render per frame.
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.render();
    });
  }

  /** The rows the filter lets through, in display order. */
  visibleRows() {
    const terms = this.filterInput.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const rows = this.indexed.filter(({ hay }) => terms.every((t) => hay.includes(t))).map((x) => x.row);
    if (this.sortCol) {
      const col = this.sortCol;
      const sign = this.sortDesc ? -1 : 1;
      const keyed = rows.map((row, i) => ({ row, i, v: col.value(row) }));
      keyed.sort((a, b) => compareValues(a.v, b.v, sign) || a.i - b.i);
      return keyed.map((k) => k.row);
    }
    return rows;
  }

  render() {
    this.shown = this.visibleRows();
    for (const col of this.columns) {
      const th = this.headCells.get(col.id);
      if (!th.hasAttribute('aria-sort')) continue;
      th.setAttribute('aria-sort', col === this.sortCol ? (this.sortDesc ? 'descending' : 'ascending') : 'none');
    }

    const focus = this.focusedCell();
    const frag = document.createDocumentFragment();
    for (const row of this.shown) frag.append(this.renderRow(row));
    if (this.shown.length === 0) {
      const what = this.noun[1];
      const text = this.rows.length === 0 ? `No ${what} in this datacenter.` : `No ${what} match the filter.`;
      frag.append(el('tr', {}, el('td', { className: 'empty', colspan: this.columns.length, text })));
    }
    this.tbody.replaceChildren(frag);
    this.restoreFocus(focus);

    const total = this.rows.length;
    this.countEl.textContent = `${this.shown.length} of ${total} ${total === 1 ? this.noun[0] : this.noun[1]}`;
  }

  renderRow(row) {
    const tr = el('tr', { dataset: { key: this.rowKey(row) } });
    for (const col of this.columns) {
      const cls = [col.numeric ? 'num' : '', col.align || '', (col.cellClass && col.cellClass(row)) || ''].filter(Boolean).join(' ');
      const td = el('td', { className: cls || null, dataset: { col: col.id } });
      const content = col.render ? col.render(row) : col.text(row);
      if (content instanceof Node) td.append(content);
      else if (content !== null && content !== undefined) td.textContent = String(content);
      tr.append(td);
    }
    return tr;
  }

  /** Which row and link had focus, so a refresh does not throw keyboard users back to the top. */
  focusedCell() {
    const active = document.activeElement;
    if (!active || !this.tbody.contains(active)) return null;
    const tr = active.closest('tr');
    const focusables = [...tr.querySelectorAll('a, button')];
    return { key: tr.dataset.key, index: focusables.indexOf(active) };
  }

  restoreFocus(focus) {
    if (!focus) return;
    for (const tr of this.tbody.rows) {
      if (tr.dataset.key === focus.key) {
        const target = tr.querySelectorAll('a, button')[focus.index];
        if (target) target.focus({ preventScroll: true });
        return;
      }
    }
  }

  /** The CSV of exactly what is shown: filtered rows, display order, exported columns. */
  csv() {
    const cols = this.columns.filter((c) => c.csv !== false);
    const header = cols.map((c) => (c.group ? `${c.group} ${c.label}` : c.label));
    return toCsv(header, this.shown.map((row) => cols.map((c) => c.text(row))));
  }

  exportCsv() {
    const text = this.csv();
    downloadCsv(csvFilename(this.exportName, this.context), text);
    return text;
  }
}

/** Nulls (unknown) go last whichever the direction; numbers numerically, text naturally. */
function compareValues(a, b, sign) {
  const aMissing = a === null || a === undefined || a === '' || (typeof a === 'number' && !isNum(a));
  const bMissing = b === null || b === undefined || b === '' || (typeof b === 'number' && !isNum(b));
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
  return sign * collator.compare(String(a), String(b));
}
