/**
 * The table of a datastore's VMs on its detail page (issue 12): each VM's space on the datastore
 * (committed, uncommitted, unshared, from vSphere's storage.perDatastoreUsage) and its disk latency
 * and IOPS, linked to the VM's page. Only the VMs the user may see are listed (the API filters).
 */
import { api } from './api.js';
import { badge, entityLink, flagged } from './cells.js';
import { DASH, POWER, fmtBytes, fmtIops, fmtMs, label } from './format.js';
import { key } from './i18n.js';
import { DataTable } from './table.js';
import { level } from './thresholds.js';

function bytesColumn(id, labels) {
  return {
    id, group: key('col.group.space'), ...labels, numeric: true, unit: key('csv.unit.bytes'),
    value: (v) => v[id], text: (v) => fmtBytes(v[id]),
  };
}

function columns(limits, dc) {
  return [
    { id: 'name', label: key('dsvms.col.name'), value: (v) => v.name, text: (v) => v.name, render: (v) => entityLink(v.id, v.name, dc) },
    {
      id: 'host', label: key('dsvms.col.host'), value: (v) => v.hostName || v.host || '', text: (v) => v.hostName || v.host || DASH,
      render: (v) => (v.hostName ? entityLink(v.host, v.hostName, dc) : document.createTextNode(v.host || DASH)),
    },
    {
      id: 'power', label: key('dsvms.col.power'), value: (v) => label(POWER, v.powerState), text: (v) => label(POWER, v.powerState),
      render: (v) => badge(label(POWER, v.powerState), v.powerState === 'poweredOn' ? 'ok' : 'muted', v.powerState),
    },
    bytesColumn('committedBytes', { label: key('dsvms.col.committed'), title: key('dsvms.col.committed.title') }),
    bytesColumn('uncommittedBytes', { label: key('dsvms.col.uncommitted'), title: key('dsvms.col.uncommitted.title') }),
    bytesColumn('unsharedBytes', { label: key('dsvms.col.unshared'), title: key('dsvms.col.unshared.title') }),
    {
      id: 'latency', label: key('dsvms.col.latency'), title: key('dsvms.col.latency.title'), numeric: true, unit: key('csv.unit.ms'),
      value: (v) => v.diskLatencyMs, text: (v) => fmtMs(v.diskLatencyMs),
      cellClass: (v) => level(v.diskLatencyMs, limits.latency),
      render: (v) => flagged(fmtMs(v.diskLatencyMs), level(v.diskLatencyMs, limits.latency)),
    },
    {
      id: 'readIops', group: key('col.group.iops'), label: key('dsvms.col.readIops'), numeric: true, unit: key('csv.unit.iops'),
      value: (v) => v.diskReadIops, text: (v) => fmtIops(v.diskReadIops),
    },
    {
      id: 'writeIops', group: key('col.group.iops'), label: key('dsvms.col.writeIops'), numeric: true, unit: key('csv.unit.iops'),
      value: (v) => v.diskWriteIops, text: (v) => fmtIops(v.diskWriteIops),
    },
  ];
}

let table = null;

/**
 * Shows the VMs of a datastore in `section` (hidden until then).
 *
 * @param {HTMLElement} section the panel, holding an element with class "table-root"
 * @param {string} datastoreId
 * @param {string} dc the datacenter, for the links
 * @param {object} limits the thresholds, for the latency cue
 * @param {string} name the datastore's name, for the CSV file
 */
export async function showDatastoreVms(section, datastoreId, dc, limits, name) {
  const vms = await api.datastoreVms(datastoreId);
  if (!table) {
    table = new DataTable(section.querySelector('.table-root'), {
      columns: columns(limits, dc), rowKey: (v) => v.id, sort: '-committedBytes', exportName: 'datastore-vms',
      texts: { count: key('dsvms.count'), empty: key('dsvms.empty'), noMatch: key('dsvms.noMatch'), caption: key('dsvms.caption') },
    });
  }
  table.setContext(name);
  table.setRows(vms);
  section.hidden = false;
}

/** After a switch of language. */
export function relabelDatastoreVms() {
  if (table) table.relabel();
}
