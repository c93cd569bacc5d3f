/**
 * The columns of a table of VM snapshots (issue 13), on the Snapshots page and on a VM's page:
 * when each was taken and how old it is, the space its files take (its memory and state files,
 * and its delta disks), its depth in the VM's tree and whether the VM runs on it.
 */
import { badge, entityLink, flagged, timeColumn } from './cells.js';
import { DASH, fmtBytes, fmtInt, isNum } from './format.js';
import { key, t } from './i18n.js';
import { daysText } from './outlook.js';
import { level } from './thresholds.js';

/**
 * Age cues: VMware advises against keeping a snapshot more than 72 hours (a delta disk grows with
 * every write, and the longer the chain the slower the VM and the longer the consolidation).
 */
export const SNAPSHOT_AGE = { warning: 3, critical: 7 };

/** Days since a time (ISO 8601), from the browser's clock; null when unknown. */
export function ageDays(iso) {
  const ms = Date.parse(iso || '');
  return Number.isNaN(ms) ? null : Math.max(0, (Date.now() - ms) / 86_400_000);
}

/**
 * @param {() => string} dc the datacenter of the current load, for the links
 * @param {boolean} withVm list the VM of each snapshot (the Snapshots page), or not (a VM's page)
 */
export function snapshotColumns(dc, withVm) {
  const vm = withVm ? [{
    id: 'vm', label: key('snapshots.col.vm'), value: (s) => s.vmName, text: (s) => s.vmName || DASH, render: (s) => entityLink(s.vm, s.vmName, dc()),
  }] : [];
  return [
    ...vm,
    { id: 'name', label: key('snapshots.col.name'), value: (s) => s.name, text: (s) => s.name || DASH },
    { id: 'description', label: key('snapshots.col.description'), value: (s) => s.description, text: (s) => s.description || DASH },
    timeColumn('created', { label: key('snapshots.col.created') }, 'created'),
    {
      id: 'age', label: key('snapshots.col.age'), title: key('snapshots.col.age.title'), numeric: true, unit: key('csv.unit.days'),
      value: (s) => ageDays(s.created), text: (s) => (isNum(ageDays(s.created)) ? daysText(ageDays(s.created)) : DASH),
      cellClass: (s) => level(ageDays(s.created), SNAPSHOT_AGE),
      render: (s) => flagged(isNum(ageDays(s.created)) ? daysText(ageDays(s.created)) : DASH, level(ageDays(s.created), SNAPSHOT_AGE),
        t('snapshots.col.age.title')),
    },
    {
      id: 'size', label: key('snapshots.col.size'), title: key('snapshots.col.size.title'), numeric: true, unit: key('csv.unit.bytes'),
      value: (s) => s.sizeBytes, text: (s) => fmtBytes(s.sizeBytes),
    },
    { id: 'depth', label: key('snapshots.col.depth'), title: key('snapshots.col.depth.title'), numeric: true, value: (s) => s.depth, text: (s) => fmtInt(s.depth) },
    {
      id: 'current', label: key('snapshots.col.current'), title: key('snapshots.col.current.title'),
      value: (s) => (s.current ? 1 : 0), text: (s) => (s.current ? t('prop.yes') : ''),
      render: (s) => (s.current ? badge(t('snapshots.current'), 'ok', 'currentSnapshot') : document.createTextNode('')),
    },
  ];
}
