/**
 * The memory pressure columns the VMs and Hosts tables share (issue 12): ballooned, swapped and
 * compressed memory in bytes. Any of them above zero means ESXi is reclaiming memory from the
 * VMs, which they feel as slowness, so a non-zero value carries a warning cue.
 */
import { flagged } from './cells.js';
import { fmtBytes, isNum } from './format.js';
import { key, t } from './i18n.js';

function pressureLevel(v) {
  return isNum(v) && v > 0 ? 'warn' : null;
}

function column(id, field, label, title) {
  return {
    id, group: key('col.group.memoryPressure'), label, title,
    numeric: true, unit: key('csv.unit.bytes'),
    value: (r) => r[field], text: (r) => fmtBytes(r[field]),
    cellClass: (r) => pressureLevel(r[field]),
    render: (r) => flagged(fmtBytes(r[field]), pressureLevel(r[field]), t('memory.reclaimed')),
  };
}

/** The three columns, for rows with memBalloonedBytes, memSwappedBytes and memCompressedBytes. */
export function memoryPressureColumns() {
  return [
    column('ballooned', 'memBalloonedBytes', key('memory.col.ballooned'), key('memory.col.ballooned.title')),
    column('swapped', 'memSwappedBytes', key('memory.col.swapped'), key('memory.col.swapped.title')),
    column('compressed', 'memCompressedBytes', key('memory.col.compressed'), key('memory.col.compressed.title')),
  ];
}
