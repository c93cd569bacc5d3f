/** The Alarms page (issue 13): the vCenter alarms triggered on the datacenter's entities, red first, then the latest. */
import { api } from '../api.js';
import { alarmColumns } from '../alarm-columns.js';
import { key } from '../i18n.js';
import { startListPage } from '../list-page.js';

const page = startListPage({
  active: 'alarms',
  what: key('page.what.alarms'),
  element: 'alarms',
  exportName: 'alarms',
  texts: { count: key('alarms.count'), empty: key('alarms.empty'), noMatch: key('alarms.noMatch'), caption: key('alarms.caption') },
  columns: alarmColumns(() => page.dc, true),
  sort: 'status',
  rowKey: (a) => a.key,
  fetch: (dc) => api.alarms(dc),
});
