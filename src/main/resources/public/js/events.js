/**
 * vCenter's events (issue 13) as the pages show them: the names of their kinds, a badge per
 * kind, one line of text for a chart marker's hover, and an entity's timeline. Messages are
 * vCenter's own words, in vCenter's language, and shown as text.
 */
import { el } from './dom.js';
import { badge } from './cells.js';
import { DASH, fmtDateTime, parseTime } from './format.js';
import { key, t } from './i18n.js';

/** The kinds the API answers, in the order an admin thinks of them. */
export const EVENT_TYPES = {
  powerOn: key('event.type.powerOn'),
  powerOff: key('event.type.powerOff'),
  reset: key('event.type.reset'),
  migration: key('event.type.migration'),
  reconfigure: key('event.type.reconfigure'),
  haRestart: key('event.type.haRestart'),
  hostConnection: key('event.type.hostConnection'),
  maintenance: key('event.type.maintenance'),
  datastore: key('event.type.datastore'),
  alarm: key('event.type.alarm'),
};

/** How loud each kind's badge is: an HA restart or an alarm wants a look, a power-on does not. */
const LEVEL = { haRestart: 'crit', alarm: 'warn', hostConnection: 'warn', reset: 'warn', powerOn: 'ok', powerOff: 'muted' };

/** A kind's name in the reader's language; an unknown kind as the API spells it. */
export function typeLabel(type) {
  return EVENT_TYPES[type] ? t(EVENT_TYPES[type]) : String(type || DASH);
}

/** A kind's badge; its title keeps vSphere's own type name. */
export function typeBadge(e) {
  return badge(typeLabel(e.type), LEVEL[e.type] || null, e.vsphereType || e.type);
}

/** The event in one line: when, what, who, and vCenter's message. */
export function eventText(e) {
  const time = parseTime(e.time);
  const who = e.user ? t('event.by', { user: e.user }) : t('event.bySystem');
  return `${time ? fmtDateTime(time) : DASH} · ${typeLabel(e.type)} · ${who}\n${e.message || ''}`;
}

/** An entity's events, newest first, as a list; the caller says what to show when there are none. */
export function timeline(events, emptyText) {
  if (!events.length) return el('p', { className: 'sub', text: emptyText });
  return el('ol', { className: 'timeline' }, events.map((e) => {
    const time = parseTime(e.time);
    return el('li', { className: 'timeline-item', dataset: { key: String(e.key), type: e.type } },
      el('div', { className: 'timeline-head' },
        el('time', { attrs: { datetime: time ? time.toISOString() : null }, text: time ? fmtDateTime(time) : DASH }),
        typeBadge(e),
        el('span', { className: 'sub timeline-user', text: e.user ? t('event.by', { user: e.user }) : t('event.bySystem') })),
      el('div', { className: 'event-message', text: e.message || '' }));
  }));
}
