/**
 * The Health page (issue 13): the checks, failing first (critical before warning), each with its
 * count, then one table of every problem found (check, severity, entity, why), with filter and
 * CSV like the other tables. A failing check's title narrows the table to it. Titles and details
 * come from the API in the reader's language; a switch of language loads them again.
 */
import { api } from '../api.js';
import { el, replaceChildren } from '../dom.js';
import { entityLink } from '../cells.js';
import { checkBadge, countText, severityOf } from '../health.js';
import { key, t } from '../i18n.js';
import { startPage } from '../page.js';
import { DataTable } from '../table.js';

let table = null;
let dc = null;

const COLUMNS = [
  {
    id: 'severity', label: key('health.col.severity'),
    value: (p) => severityOf(p.severity).order,
    text: (p) => t(severityOf(p.severity).text),
    render: (p) => checkBadge({ count: 1, severity: p.severity }),
  },
  { id: 'check', label: key('health.col.check'), value: (p) => p.title, text: (p) => p.title },
  { id: 'entity', label: key('health.col.entity'), value: (p) => p.name, text: (p) => p.name, render: (p) => entityLink(p.id, p.name, dc) },
  { id: 'detail', label: key('health.col.detail'), value: (p) => p.detail, text: (p) => p.detail },
];

/** One row per entity of a failing check. */
function problems(checks) {
  const rows = [];
  for (const c of checks) {
    for (const e of c.entities || []) {
      rows.push({ key: `${c.check}\u0001${e.id}`, check: c.check, title: c.title, severity: c.severity, id: e.id, name: e.name, detail: e.detail });
    }
  }
  return rows;
}

function checkItem(c) {
  const title = c.count > 0
    ? el('button', {
      type: 'button', className: 'link-btn', title: t('health.showOnly'),
      on: { click: () => { table.filterBy(c.title); document.getElementById('problems').scrollIntoView(); } },
    }, c.title)
    : el('span', { text: c.title });
  const count = el('span', { className: 'check-count', text: countText(c) });
  return el('li', { className: `check${c.count > 0 ? ` ${severityOf(c.severity).kind}` : ''}`, dataset: { check: c.check } },
    checkBadge(c), ' ', title, count);
}

startPage({
  active: 'health',
  what: key('page.what.health'),
  relabel: () => table && table.relabel(),
  async load(ctx) {
    dc = ctx.dc;
    const checks = ctx.dc ? await api.health(ctx.dc) : [];
    replaceChildren(document.getElementById('checks'), checks.map(checkItem));
    if (!table) {
      table = new DataTable(document.getElementById('problems'), {
        columns: COLUMNS, rowKey: (p) => p.key, sort: 'severity', exportName: 'health', urlState: true,
        texts: { count: key('health.problemCount'), empty: key('health.empty'), noMatch: key('health.noMatch'), caption: key('health.caption') },
      });
    }
    table.setContext(ctx.datacenter ? ctx.datacenter.name : '');
    table.setRows(problems(checks));
  },
});
