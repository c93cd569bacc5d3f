/**
 * The columns of a table of triggered vCenter alarms (issue 13), on the Alarms page and on an
 * entity's page: the status as vSphere's client words it (red is critical, yellow a warning),
 * the alarm's name, the entity it is on, when it triggered and who acknowledged it.
 */
import { badge, entityLink, timeColumn } from './cells.js';
import { DASH, label } from './format.js';
import { key, t } from './i18n.js';

export const ALARM_STATUS = { red: key('enum.alarmStatus.red'), yellow: key('enum.alarmStatus.yellow') };

const ENTITY_TYPE = {
  datacenter: key('entity.type.datacenter'),
  cluster: key('entity.type.cluster'),
  host: key('entity.type.host'),
  vm: key('entity.type.vm'),
  datastore: key('entity.type.datastore'),
};

/** A red or yellow alarm's badge. */
export function alarmBadge(status) {
  return badge(label(ALARM_STATUS, status), status === 'red' ? 'crit' : 'warn', status);
}

/**
 * @param {() => string} dc the datacenter of the current load, for the links
 * @param {boolean} withEntity list the entity each alarm is on (the Alarms page), or not (an entity's page)
 */
export function alarmColumns(dc, withEntity) {
  const entity = withEntity ? [
    {
      id: 'entity', label: key('alarms.col.entity'), value: (a) => a.entityName, text: (a) => a.entityName || DASH,
      render: (a) => (a.entityType === 'datacenter' ? document.createTextNode(a.entityName || DASH) : entityLink(a.entity, a.entityName, dc())),
    },
    { id: 'type', label: key('alarms.col.type'), value: (a) => label(ENTITY_TYPE, a.entityType), text: (a) => label(ENTITY_TYPE, a.entityType) },
  ] : [];
  return [
    {
      id: 'status', label: key('alarms.col.status'), value: (a) => (a.status === 'red' ? 0 : 1), text: (a) => label(ALARM_STATUS, a.status),
      render: (a) => alarmBadge(a.status),
    },
    { id: 'alarm', label: key('alarms.col.alarm'), value: (a) => a.alarm, text: (a) => a.alarm || DASH },
    ...entity,
    timeColumn('time', { label: key('alarms.col.time') }, 'time'),
    {
      id: 'acknowledged', label: key('alarms.col.acknowledged'), title: key('alarms.col.acknowledged.title'),
      value: (a) => (a.acknowledged ? 1 : 0), text: (a) => (a.acknowledged ? t('prop.yes') : t('prop.no')),
      render: (a) => (a.acknowledged ? badge(t('prop.yes'), 'muted', a.acknowledgedAt || null) : document.createTextNode(t('prop.no'))),
    },
    { id: 'acknowledgedBy', label: key('alarms.col.acknowledgedBy'), value: (a) => a.acknowledgedBy, text: (a) => a.acknowledgedBy || DASH },
  ];
}
