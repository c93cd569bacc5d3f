/**
 * A datastore's days until full as the pages say it (issue 12): the number, or why there is none,
 * from the reason code the API gives (`daysUntilFullReason`).
 */
import { el } from './dom.js';
import { DASH, fmtNum, isNum } from './format.js';
import { key, t } from './i18n.js';

/** Reason code → [short text, longer text for the tooltip]. */
const REASONS = {
  short_history: [key('filer.why.short_history'), key('filer.why.short_history.title')],
  recent_drop: [key('filer.why.recent_drop'), key('filer.why.recent_drop.title')],
  flat: [key('filer.why.flat'), key('filer.why.flat.title')],
  falling: [key('filer.why.falling'), key('filer.why.falling.title')],
  no_capacity: [key('filer.why.no_capacity'), key('filer.why.no_capacity.title')],
};

/** "42 d", or the reason in a word; a dash when neither is known. */
export function daysText(days, reason) {
  if (isNum(days)) return t('filer.days', { n: fmtNum(days, days < 10 ? 1 : 0) });
  const why = REASONS[reason];
  return why ? t(why[0]) : DASH;
}

/** The reason in a word, with the longer reason on hover; a dash for an unknown one. */
export function reasonNode(reason) {
  const why = REASONS[reason];
  return why ? el('span', { className: 'why', title: t(why[1]), dataset: { reason }, text: t(why[0]) }) : document.createTextNode(DASH);
}
