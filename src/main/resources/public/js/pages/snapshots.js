/** The Snapshots page (issue 13): every snapshot of the datacenter's VMs, oldest first. */
import { api } from '../api.js';
import { key } from '../i18n.js';
import { startListPage } from '../list-page.js';
import { snapshotColumns } from '../snapshot-columns.js';

const page = startListPage({
  active: 'snapshots',
  what: key('page.what.snapshots'),
  element: 'snapshots',
  exportName: 'snapshots',
  texts: { count: key('snapshots.count'), empty: key('snapshots.empty'), noMatch: key('snapshots.noMatch'), caption: key('snapshots.caption') },
  columns: snapshotColumns(() => page.dc, true),
  sort: 'created',
  fetch: (dc) => api.snapshots(dc),
});
