/**
 * A page that is one table of the datacenter's entities (Hosts, Filer, VMs, and the pages to come):
 * what such a page does around its columns. The table is made at the first load, filled from the
 * API at each load (nothing without a datacenter), captioned with the datacenter's name, and
 * relabelled in place when the reader switches language.
 *
 * A page module declares its columns and starts:
 *
 *   const page = startListPage({
 *     active: 'hosts', what: key('page.what.hosts'), element: 'hosts', exportName: 'hosts',
 *     texts: { count: key('hosts.count'), empty: key('hosts.empty'), noMatch: key('hosts.noMatch'), caption: key('hosts.caption') },
 *     columns: COLUMNS,
 *     fetch: (dc) => api.hosts(dc),
 *   });
 *
 * Cells read the current load's datacenter and thresholds as `page.dc` and `page.thresholds`
 * (links keep the datacenter; warnings follow the configured limits).
 */
import { startPage } from './page.js';
import { DataTable } from './table.js';

/**
 * @param {object} options
 * @param {string} options.active navigation key of the page
 * @param {string} options.what catalog key of what it loads, for error messages
 * @param {string} options.element id of the element that holds the table
 * @param {string} options.exportName file name of the CSV export, without extension
 * @param {object} options.texts catalog keys of the table's texts: count, empty, noMatch, caption
 * @param {object[]} options.columns the table's columns (see table.js)
 * @param {(dc: string) => Promise<object[]>} options.fetch the rows of a datacenter
 * @param {string} [options.sort] the column sorted by at first, 'name' by default
 * @param {(row: object) => string} [options.rowKey] a row's identity, its `id` by default
 * @returns {ListPage}
 */
export function startListPage(options) {
  return new ListPage(options);
}

class ListPage {
  constructor(options) {
    this.options = options;
    /** The datacenter of the current load, and the thresholds to flag values with. */
    this.dc = null;
    this.thresholds = null;
    this.table = null;
    startPage({
      active: options.active,
      what: options.what,
      relabel: () => this.table && this.table.relabel(),
      load: (ctx) => this.load(ctx),
    });
  }

  async load(ctx) {
    this.thresholds = ctx.thresholds;
    this.dc = ctx.dc;
    if (!this.table) {
      const { columns, exportName, texts, sort, rowKey } = this.options;
      this.table = new DataTable(document.getElementById(this.options.element), {
        columns, rowKey: rowKey || ((row) => row.id), sort: sort || 'name', exportName, urlState: true, texts,
      });
    }
    const rows = ctx.dc ? await this.options.fetch(ctx.dc) : [];
    this.table.setContext(ctx.datacenter ? ctx.datacenter.name : '');
    this.table.setRows(rows);
  }
}
