/**
 * The Events page (issue 13): vCenter's events in the datacenter over the last day, week or 30
 * days, or those of one entity (`?entity=ID`, from its page), newest first. The type is asked of
 * the server; the user is picked among those of the events shown; the table's filter finds an
 * entity or a word of a message, and its CSV holds what is shown. The question lives in the URL.
 */
import { api } from '../api.js';
import { el, questionSelect, replaceChildren } from '../dom.js';
import { entityLink } from '../cells.js';
import { DASH, collator, fmtDateTime, parseTime } from '../format.js';
import { EVENT_TYPES, typeBadge, typeLabel } from '../events.js';
import { key, t } from '../i18n.js';
import { clearMessage, showMessage } from '../messages.js';
import { startPage } from '../page.js';
import { DataTable } from '../table.js';
import { param, replaceParams } from '../urls.js';

const PERIODS = {
  day: [key('events.period.day'), 86_400],
  week: [key('events.period.week'), 7 * 86_400],
  month: [key('events.period.month'), 30 * 86_400],
};
/** The newest this many: a page of one table, and one answer of the API. */
const LIMIT = 2000;
/** The kinds of entity that have a page of their own. */
const LINKED = ['vm', 'host', 'datastore', 'cluster'];

const q = {
  type: EVENT_TYPES[param('type')] ? param('type') : '',
  user: param('user') || '',
  period: PERIODS[param('period')] ? param('period') : 'week',
  entity: param('entity'),
};

let table = null;
let page = null;
let dc = null;
let entityName = null;
/** The users of the events fetched, for the user picker. */
let users = [];

function timeOf(r) {
  const d = parseTime(r.time);
  return d ? d.getTime() : null;
}

const COLUMNS = [
  {
    // the CSV holds the exact time, as the API gives it; the table shows it as the reader writes it
    id: 'time', label: key('events.col.time'), value: timeOf, text: (r) => r.time || '',
    render: (r) => {
      const d = parseTime(r.time);
      return el('time', { attrs: { datetime: d ? d.toISOString() : null }, text: d ? fmtDateTime(d) : DASH });
    },
  },
  { id: 'type', label: key('events.col.type'), value: (r) => typeLabel(r.type), text: (r) => typeLabel(r.type), render: typeBadge },
  {
    id: 'entity', label: key('events.col.entity'), value: (r) => r.entityName, text: (r) => r.entityName || r.entity,
    render: (r) => (LINKED.includes(r.entityType) ? entityLink(r.entity, r.entityName, dc) : document.createTextNode(r.entityName || r.entity)),
  },
  { id: 'user', label: key('events.col.user'), value: (r) => r.user || '', text: (r) => r.user || t('event.system') },
  {
    id: 'message', label: key('events.col.message'), value: (r) => r.message, text: (r) => r.message || '', cellClass: () => 'event-message-cell',
    // one line in the row (a reconfiguration's message has several), the whole of it on hover
    render: (r) => el('span', { title: r.message || null, text: oneLine(r.message) }),
  },
];

function oneLine(text) {
  return (text || '').replace(/\s+/g, ' ').trim();
}

function select(name, labelText, options, value) {
  return questionSelect(name, labelText, options, value, ask);
}

/** The form of the question; made again with each answer (the users) and each language. */
function renderQuestion() {
  const form = document.getElementById('question');
  const userOptions = [...new Set([...users, ...(q.user ? [q.user] : [])])].sort(collator().compare);
  const parts = [
    select('type', t('events.ask.type'), [['', t('events.allTypes')], ...Object.entries(EVENT_TYPES).map(([v, k]) => [v, t(k)])], q.type),
    select('user', t('events.ask.user'), [['', t('events.allUsers')], ...userOptions.map((u) => [u, u])], q.user),
    select('period', t('events.ask.period'), Object.entries(PERIODS).map(([v, [k]]) => [v, t(k)]), q.period),
  ];
  if (q.entity) {
    const all = el('a', { href: '#', text: t('events.entity.all') });
    all.addEventListener('click', (e) => {
      e.preventDefault();
      entityName = null;
      ask({ entity: null });
    });
    parts.push(el('span', { className: 'scope' }, t('events.entity.of', { name: entityName || q.entity }), ' ', all));
  }
  form.onsubmit = (e) => e.preventDefault();
  replaceChildren(form, ...parts);
}

function ask(change) {
  Object.assign(q, change);
  replaceParams({ type: q.type || null, user: q.user || null, period: q.period, entity: q.entity });
  renderQuestion();
  page.refresh();
}

/** Says which vCenters' events are not read (a refused privilege, say): the list lacks theirs. */
function eventsState(status) {
  const notRead = ((status && status.vcenters) || []).filter((v) => v.events && (v.events.state === 'refused' || v.events.state === 'failing'));
  if (!notRead.length) {
    clearMessage('events-state');
    return;
  }
  showMessage('events-state', 'warn', t('events.notRead', { vcenters: notRead.map((v) => v.name).join(', ') }),
    notRead.map((v) => v.events.error).join(' · '));
}

page = startPage({
  active: 'events',
  what: key('page.what.events'),
  relabel: () => {
    renderQuestion();
    if (table) table.relabel();
  },
  async load(ctx) {
    dc = ctx.dc;
    if (!table) {
      table = new DataTable(document.getElementById('events'), {
        columns: COLUMNS, rowKey: (r) => `${r.vcenter}:${r.key}`, sort: '-time', exportName: 'events', urlState: true,
        texts: { count: key('events.count'), empty: key('events.empty'), noMatch: key('events.noMatch'), caption: key('events.caption') },
      });
    }
    eventsState(ctx.status);
    if (q.entity && entityName === null) {
      try {
        entityName = (await api.entity(q.entity)).name;
      } catch (ignored) {
        entityName = q.entity; // gone from the inventory: its events stay, under its id
      }
    }
    const since = new Date(Date.now() - PERIODS[q.period][1] * 1000).toISOString();
    const where = q.entity ? { entity: q.entity } : { datacenter: ctx.dc };
    const rows = q.entity || ctx.dc ? await api.events({ ...where, since, type: q.type || null, limit: LIMIT }) : [];
    users = [...new Set(rows.map((r) => r.user).filter(Boolean))];
    renderQuestion();
    table.setContext(q.entity ? t('events.entity.of', { name: entityName }) : (ctx.datacenter ? ctx.datacenter.name : ''));
    table.setRows(q.user ? rows.filter((r) => r.user === q.user) : rows);
  },
});
