/**
 * Small renderers shared by the tables and cards: usage meters, threshold cues, badges, links, and
 * the column of a time.
 * Each returns DOM nodes built with textContent (see dom.js).
 */
import { el, svg } from './dom.js';
import { DASH, fmtAgo, fmtDateTime, fmtPercent, isNum, parseTime } from './format.js';
import { key, t } from './i18n.js';
import { entityUrl } from './urls.js';

const CUE_TEXT = { warn: '!', crit: '!!' };
const CUE_NAME = { warn: key('cue.warn'), crit: key('cue.crit') };

/**
 * The non-color cue for a threshold level: a "!" (warning) or "!!" (critical) tag, with the word
 * for screen readers. Null when there is nothing to flag.
 */
export function cue(lvl, why) {
  if (!lvl) return null;
  const name = t(CUE_NAME[lvl]);
  return el('span', { className: `cue ${lvl}`, title: why ? t('cue.why', { level: name, why }) : name },
    el('span', { attrs: { 'aria-hidden': 'true' }, text: CUE_TEXT[lvl] }),
    el('span', { className: 'sr-only', text: ` ${t('cue.why', { level: name, why: '' })}` }));
}

/** A value with its cue in front: "!! 12.5 ms". */
export function flagged(text, lvl, why) {
  const out = document.createDocumentFragment();
  const c = cue(lvl, why);
  if (c) out.append(c);
  out.append(document.createTextNode(text));
  return out;
}

/** A percentage as a bar plus its number; the bar turns amber/red at the thresholds. */
export function meter(value, lvl, title) {
  const box = el('span', { className: `meter${lvl ? ` ${lvl}` : ''}`, title });
  const fill = el('span', { className: 'meter-fill' });
  if (isNum(value)) fill.style.width = `${Math.max(0, Math.min(100, value))}%`;
  box.append(el('span', { className: 'meter-track', attrs: { 'aria-hidden': 'true' } }, fill));
  const text = el('span', { className: 'meter-text' });
  const c = cue(lvl);
  if (c) text.append(c);
  text.append(isNum(value) ? fmtPercent(value) : DASH);
  box.append(text);
  return box;
}

/** A short label in a box; kind is ok, warn, crit, muted or null. `title` keeps the raw value. */
export function badge(text, kind, title) {
  return el('span', { className: `badge${kind ? ` ${kind}` : ''}`, title, text });
}

/** A link to an entity's detail page, showing its name. */
export function entityLink(id, name, dc) {
  if (!id) return document.createTextNode(name || DASH);
  return el('a', { href: entityUrl(id, dc), text: name || id });
}

/** The "graphs" icon linking to an entity's charts. */
export function graphLink(id, name, dc) {
  const icon = svg('svg', { viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' },
    svg('polyline', { points: '1,13 5,8 8,10 11,4 15,6' }),
    svg('line', { x1: '1', y1: '15', x2: '15', y2: '15' }));
  return el('a', { className: 'graph-link', href: entityUrl(id, dc), title: t('cell.graphsOf', { name }), attrs: { 'aria-label': t('cell.graphsOf', { name }) } }, icon);
}

/** A translated enum value that keeps vSphere's spelling in its tooltip. */
export function labelled(text, raw) {
  return el('span', { title: raw || null, text });
}

/** A table column of a time the API gives (ISO 8601): local date and time, its age on hover, ISO in the CSV. */
export function timeColumn(id, labels, field) {
  return {
    id, ...labels,
    value: (r) => (parseTime(r[field]) ? parseTime(r[field]).getTime() : null),
    text: (r) => fmtDateTime(parseTime(r[field])),
    render: (r) => {
      const d = parseTime(r[field]);
      return d ? el('time', { dateTime: d.toISOString(), title: fmtAgo(d), text: fmtDateTime(d) }) : document.createTextNode(DASH);
    },
    csvValue: (r) => r[field] || '',
  };
}
