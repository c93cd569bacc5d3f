/**
 * A sortable, filterable table with a row count and CSV export, used by the list pages
 * (list-page.js). The page gives column definitions (see table-model.js, which holds the rows,
 * the sort, the filter and the CSV) and, on every refresh, the new rows; sort order, filter text,
 * scroll position and keyboard focus survive the refresh because only the table body is rebuilt.
 * This module is the DOM side: toolbar, head, and the rows in view.
 *
 * Only the rows in view, and a few above and below, are in the DOM: laying out 5,500 rows took the
 * VMs page 13 s (issue 4). All rows have one height, measured on the rows rendered; a spacer row
 * stands for each run of rows not rendered, so the scrollbar is that of the whole table. Sorting,
 * filtering, the count and the CSV work on all rows. The table carries aria-rowcount and each
 * rendered row its aria-rowindex, so screen readers know where a row is in the whole. A row that
 * holds the keyboard focus stays rendered while scrolled away, so focus is never dropped.
 */
import { el, replaceChildren } from './dom.js';
import { fmtInt as fmtCount } from './format.js';
import { t } from './i18n.js';
import { csvFilename, downloadCsv } from './csv.js';
import { NO_STATE, TableModel, URL_STATE } from './table-model.js';

let tableCount = 0;

/** Rows rendered beyond each edge of the view, so that fast scrolling and Tab find rows there. */
const OVERSCAN = 10;
/** Rows rendered before their height is known. */
const FIRST_WINDOW = 40;

export class DataTable {
  /**
   * @param {HTMLElement} root where the toolbar and table go
   * @param {object} options
   * @param {object[]} options.columns
   * @param {{count: string, empty: string, noMatch: string, caption: string}} options.texts catalog
   *     keys of the row count ("{shown} of {total} VMs"), the empty table, no match, the caption
   * @param {(row: object) => string} options.rowKey stable identity of a row (focus restore)
   * @param {string} options.sort initial sort: column id, "-id" for descending
   * @param {string} options.exportName file name part for CSV ("vms")
   * @param {boolean} [options.urlState] keep sort and filter in the URL (`sort`, `q`)
   */
  constructor(root, options) {
    this.root = root;
    this.columns = options.columns;
    this.model = new TableModel(options.columns, { sort: options.sort, state: options.urlState ? URL_STATE : NO_STATE });
    this.texts = options.texts;
    this.rowKey = options.rowKey;
    this.exportName = options.exportName;
    this.context = '';
    this.shown = [];
    this.id = `t${++tableCount}`;
    /** key → {row, tr} of the rows in the DOM. */
    this.built = new Map();
    this.spacers = [];
    this.rowHeight = 0;
    this.windowState = null;
    this.frame = 0;

    this.buildChrome();

    // The table scrolls inside its box on wide screens and with the page on phones: either moves the window.
    window.addEventListener('scroll', () => this.scheduleWindow(), { passive: true });
    window.addEventListener('resize', () => {
      this.releaseColumnWidths();
      this.windowState = null;
      this.scheduleWindow();
    });
  }

  /** The texts in the reader's new language: the toolbar and head again, every row rebuilt. */
  relabel() {
    this.buildChrome();
    this.built = new Map();
    this.spacers = [];
    this.rowHeight = 0;
    this.render();
  }

  buildChrome() {
    const filterId = `${this.id}-filter`;
    this.filterInput = el('input', {
      type: 'search', id: filterId, placeholder: t('table.filterPlaceholder'), autocomplete: 'off', spellcheck: 'false',
      on: { input: () => this.onFilter() },
    });
    this.filterInput.value = this.model.filter;
    this.countEl = el('span', { className: 'count', attrs: { 'aria-live': 'polite' } });
    this.exportBtn = el('button', {
      type: 'button', className: 'btn', title: t('table.exportTitle'),
      on: { click: () => this.exportCsv() },
    }, t('table.export'));
    const tools = el('div', { className: 'table-tools' },
      el('div', { className: 'filter' }, el('label', { for: filterId, text: t('table.filter') }), this.filterInput),
      this.countEl,
      el('span', { className: 'spacer' }),
      this.exportBtn);

    this.tbody = el('tbody');
    this.thead = this.buildHead();
    this.table = el('table', { className: 'data', id: this.id },
      el('caption', { className: 'sr-only', text: t(this.texts.caption) }),
      this.thead,
      this.tbody);
    this.wrap = el('div', { className: 'table-wrap' }, this.table);
    replaceChildren(this.root, tools, this.wrap);
    this.wrap.addEventListener('scroll', () => this.scheduleWindow(), { passive: true });
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
        top.append(el('th', { className: 'group', scope: 'colgroup', colspan: span, text: t(col.group) }));
      }
      bottom.append(th);
    }
    this.headRows = grouped ? 2 : 1;
    top.setAttribute('aria-rowindex', '1');
    if (grouped) bottom.setAttribute('aria-rowindex', '2');
    return el('thead', {}, top, grouped ? bottom : null);
  }

  headerCell(col) {
    const th = el('th', { scope: 'col', className: col.numeric ? 'num' : '', dataset: { col: col.id } });
    const title = col.title ? t(col.title) : null;
    if (col.sortable === false) {
      th.append(el('span', { className: 'static-head', title }, t(col.label)));
      return th;
    }
    th.setAttribute('aria-sort', 'none');
    th.append(el('button', {
      type: 'button', className: 'sort-btn', title: title ? t('table.sortTitle', { title }) : t('table.sort'),
      on: { click: () => this.sortBy(col) },
    }, el('span', { text: t(col.label) }), el('span', { className: 'sort-ind', attrs: { 'aria-hidden': 'true' } })));
    return th;
  }

  /** Context for CSV file names (the datacenter name). */
  setContext(name) {
    this.context = name;
  }

  /** Replaces the data; the view (sort, filter, scroll, focus) stays as it is. */
  setRows(rows) {
    this.model.setRows(rows);
    this.render();
  }

  sortBy(col) {
    this.model.sortBy(col);
    this.render();
  }

  /** Filters by this text, as if typed in the filter box (a link of the page that narrows the table). */
  filterBy(text) {
    this.filterInput.value = text;
    this.onFilter();
  }

  onFilter() {
    this.model.setFilter(this.filterInput.value);
    // Coalesce fast typing into one render per frame.
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.render();
    });
  }

  /** Sorts and filters all rows again, then renders the rows in view. */
  render() {
    this.shown = this.model.apply();
    for (const col of this.columns) {
      const th = this.headCells.get(col.id);
      if (!th.hasAttribute('aria-sort')) continue;
      th.setAttribute('aria-sort', this.model.sortOf(col));
    }
    const total = this.model.rows.length;
    this.countEl.textContent = t(this.texts.count, { count: total, shown: fmtCount(this.shown.length), total: fmtCount(total) });
    this.table.setAttribute('aria-rowcount', String(this.headRows + Math.max(1, this.shown.length)));
    this.windowState = null;
    this.renderWindow();
  }

  /** Renders the window at the next frame: scroll and resize events come faster than frames. */
  scheduleWindow() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderWindow();
    });
  }

  /**
   * Puts the rows in view (and the focused one) in the DOM, spacers for the others.
   * @param {boolean} [again] placed again after the row height grew: at most once per call
   */
  renderWindow(again = false) {
    const focus = this.focusedCell();
    const n = this.shown.length;
    if (n === 0) {
      this.renderEmpty();
      this.restoreFocus(focus);
      return;
    }
    const [first, last] = this.range(n);
    let pinned = -1;
    if (focus) {
      const i = this.shown.findIndex((row) => this.rowKey(row) === focus.key);
      if (i >= 0 && (i < first || i >= last)) pinned = i;
    }
    // Until rows could be measured (a table laid out while hidden), every call tries again.
    const state = this.rowHeight ? `${first}:${last}:${pinned}` : null;
    if (state && state === this.windowState) return;
    this.windowState = state;

    const indexes = [];
    for (let i = first; i < last; i++) indexes.push(i);
    if (pinned >= 0) {
      indexes.push(pinned);
      indexes.sort((a, b) => a - b);
    }
    const nodes = [];
    const built = new Map();
    let spacers = 0;
    let next = 0;
    for (const i of indexes) {
      if (i > next) nodes.push(this.spacer(spacers++, i - next));
      const row = this.shown[i];
      const key = this.rowKey(row);
      const old = this.built.get(key);
      const tr = old && old.row === row ? old.tr : this.renderRow(row);
      tr.setAttribute('aria-rowindex', String(this.headRows + i + 1));
      built.set(key, { row, tr });
      nodes.push(tr);
      next = i + 1;
    }
    if (n > next) nodes.push(this.spacer(spacers++, n - next));
    this.built = built;
    this.place(nodes);
    this.restoreFocus(focus);
    if (this.measure() && !again) {
      this.windowState = null;
      this.renderWindow(true);
    }
  }

  /**
   * The rows [first, last) that are in view, with the overscan: where the table body lies against
   * the part of its box that is not under the sticky header, and against the browser's viewport.
   */
  range(n) {
    const h = this.rowHeight;
    if (!h) return [0, Math.min(n, FIRST_WINDOW)];
    const body = this.tbody.getBoundingClientRect();
    const box = this.wrap.getBoundingClientRect();
    const viewTop = Math.max(box.top + this.thead.getBoundingClientRect().height, 0);
    const viewBottom = Math.min(box.bottom, document.documentElement.clientHeight);
    const first = Math.max(0, Math.min(n, Math.floor((viewTop - body.top) / h)) - OVERSCAN);
    const last = Math.min(n, Math.max(0, Math.ceil((viewBottom - body.top) / h)) + OVERSCAN);
    return last > first ? [first, last] : [first, Math.min(n, first + OVERSCAN)];
  }

  /**
   * Takes the height of the rows just rendered; true when it grew, so the window must be placed
   * again. It only grows: every row is then given that height (--row-h), which keeps the spacers
   * exact even when a row's content is taller than most (a host with four NICs).
   */
  measure() {
    let tallest = 0;
    for (const { tr } of this.built.values()) tallest = Math.max(tallest, tr.getBoundingClientRect().height);
    this.holdColumnWidths();
    if (tallest <= this.rowHeight + 0.5) return false;
    this.rowHeight = Math.ceil(tallest);
    this.table.style.setProperty('--row-h', `${this.rowHeight}px`);
    return true;
  }

  /**
   * Columns size to the rows rendered, which change while scrolling: each column keeps the widest
   * it has been, so that columns do not shift under the reader's eyes.
   */
  holdColumnWidths() {
    for (const th of this.headCells.values()) {
      const width = Math.floor(th.getBoundingClientRect().width);
      if (width > (th.heldWidth || 0)) {
        th.heldWidth = width;
        th.style.minWidth = `${width}px`;
      }
    }
  }

  /** A new window size: columns may size afresh (a narrower window should not keep the table wide). */
  releaseColumnWidths() {
    for (const th of this.headCells.values()) {
      th.heldWidth = 0;
      th.style.minWidth = '';
    }
  }

  /** The k-th spacer of this render, standing for `rows` rows. */
  spacer(k, rows) {
    if (!this.spacers[k]) {
      const td = el('td', { colspan: this.columns.length });
      this.spacers[k] = el('tr', { className: 'spacer', attrs: { 'aria-hidden': 'true' } }, td);
    }
    const tr = this.spacers[k];
    tr.firstChild.style.height = `${rows * this.rowHeight}px`;
    return tr;
  }

  /**
   * Makes the body hold exactly `nodes`, in order, without taking out the rows that stay: a row
   * taken out and put back would lose the keyboard focus.
   */
  place(nodes) {
    const wanted = new Set(nodes);
    for (const child of [...this.tbody.children]) if (!wanted.has(child)) child.remove();
    let at = this.tbody.firstChild;
    for (const node of nodes) {
      if (node === at) at = at.nextSibling;
      else this.tbody.insertBefore(node, at);
    }
  }

  renderEmpty() {
    const text = t(this.model.rows.length === 0 ? this.texts.empty : this.texts.noMatch);
    const tr = el('tr', { attrs: { 'aria-rowindex': this.headRows + 1 } }, el('td', { className: 'empty', colspan: this.columns.length, text }));
    this.built = new Map();
    this.windowState = null;
    this.tbody.replaceChildren(tr);
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
    if (!tr.dataset.key) return null;
    const focusables = [...tr.querySelectorAll('a, button')];
    return { key: tr.dataset.key, index: focusables.indexOf(active) };
  }

  restoreFocus(focus) {
    if (!focus || this.tbody.contains(document.activeElement)) return;
    for (const tr of this.tbody.rows) {
      if (tr.dataset.key === focus.key) {
        const target = tr.querySelectorAll('a, button')[focus.index];
        if (target) target.focus({ preventScroll: true });
        return;
      }
    }
  }

  /** The CSV of what is shown (table-model.js). */
  csv() {
    return this.model.csv();
  }

  exportCsv() {
    const text = this.csv();
    downloadCsv(csvFilename(this.exportName, this.context), text);
    return text;
  }
}
