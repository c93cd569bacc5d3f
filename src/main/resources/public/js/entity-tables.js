/**
 * The tables of an entity's page that come with the entity itself (issue 13): the vCenter alarms
 * triggered on it (every entity), and a VM's snapshots. Both lists are in the entity's answer,
 * already limited to what the user may see.
 */
import { alarmColumns } from './alarm-columns.js';
import { key } from './i18n.js';
import { snapshotColumns } from './snapshot-columns.js';
import { DataTable } from './table.js';

let dc = null;
const tables = new Map();

/** Shows rows in the table of `section` (made at the first call), and the section. */
function show(section, options, rows, context) {
  let table = tables.get(section);
  if (!table) {
    table = new DataTable(section.querySelector('.table-root'), options);
    tables.set(section, table);
  }
  table.setContext(context);
  table.setRows(rows);
  section.hidden = false;
}

/**
 * @param {HTMLElement} section the panel, holding an element with class "table-root"
 * @param {object[]} alarms the entity's alarms, as the entity's answer lists them
 * @param {string} datacenter for the links
 * @param {string} name the entity's name, for the caption and the CSV
 */
export function showEntityAlarms(section, alarms, datacenter, name) {
  dc = datacenter;
  show(section, {
    columns: alarmColumns(() => dc, false), rowKey: (a) => a.key, sort: 'status', exportName: 'alarms',
    texts: { count: key('alarms.count'), empty: key('entity.noAlarms'), noMatch: key('alarms.noMatch'), caption: key('entity.alarmsCaption') },
  }, alarms || [], name);
}

/** A VM's snapshots, oldest first; the arguments as for the alarms. */
export function showVmSnapshots(section, snapshots, datacenter, name) {
  dc = datacenter;
  show(section, {
    columns: snapshotColumns(() => dc, false), rowKey: (s) => s.id, sort: 'created', exportName: 'snapshots',
    texts: { count: key('snapshots.count'), empty: key('entity.noSnapshots'), noMatch: key('snapshots.noMatch'), caption: key('entity.snapshotsCaption') },
  }, snapshots || [], name);
}

/** After a switch of language. */
export function relabelEntityTables() {
  for (const table of tables.values()) table.relabel();
}
