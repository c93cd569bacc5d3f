/**
 * What the Health page and the overview show of the health checks (issue 13): a check's badge
 * (its severity while it fails, OK when it passes) and its count.
 */
import { badge } from './cells.js';
import { fmtInt } from './format.js';
import { key, t } from './i18n.js';

/** The words of a severity, the badge kind that shows it, and its rank (critical first). */
export const SEVERITY = {
  critical: { text: key('health.severity.critical'), kind: 'crit', order: 0 },
  warning: { text: key('health.severity.warning'), kind: 'warn', order: 1 },
};

export function severityOf(name) {
  return SEVERITY[name] || SEVERITY.warning;
}

/** A failing check's badge: its severity in words; a passing one's: OK. */
export function checkBadge(check) {
  if (check.count === 0) return badge(t('health.ok'), 'ok', check.check);
  const s = severityOf(check.severity);
  return badge(t(s.text), s.kind, check.severity);
}

/** "3 entities", or "none" for a check that passes. */
export function countText(check) {
  return check.count > 0 ? t('health.count', { count: check.count, n: fmtInt(check.count) }) : t('health.none');
}
