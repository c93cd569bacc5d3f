/**
 * How fresh the data on screen is: which vCenter's collection it comes from, and whether that
 * deserves a banner. Data counts as stale after three missed intervals (one late cycle is normal
 * under load; three is not), or when it is the previous run's, and a failing last cycle is always
 * reported with its error.
 */
import { fmtAgo, fmtClock, fmtDateTime, fmtSeconds, parseTime } from './format.js';
import { t } from './i18n.js';

/** The status entry of the vCenter that owns the datacenter (or, with none, the most telling one). */
export function vcenterOf(status, datacenter) {
  const all = (status && Array.isArray(status.vcenters)) ? status.vcenters : [];
  let candidates = datacenter ? all.filter((v) => v.name === datacenter.vcenter) : [];
  if (candidates.length === 0) {
    // No datacenter yet (first collection failed?) or an unknown vCenter name: report the worst.
    const failing = all.filter((v) => v.state === 'failing');
    candidates = failing.length ? failing : all;
  }
  return candidates.reduce((best, v) => {
    if (!best) return v;
    const a = parseTime(best.lastSuccess);
    const b = parseTime(v.lastSuccess);
    return b && (!a || b > a) ? v : best;
  }, null);
}

/**
 * The banner for a vCenter's collection state, or null when all is well.
 *
 * @returns {{level: 'info'|'warn'|'crit', title: string, detail: string|null} | null}
 */
export function freshnessBanner(vc, defaultInterval, now = Date.now()) {
  if (!vc) return null;
  const interval = vc.intervalSeconds || defaultInterval || 60;
  const lastSuccess = parseTime(vc.lastSuccess);
  const errorAt = parseTime(vc.errorAt);
  const errorText = vc.error ? `${errorAt ? `${fmtDateTime(errorAt)}: ` : ''}${vc.error}` : null;
  const time = lastSuccess ? fmtDateTime(lastSuccess, new Date(now)) : null;
  let shown = t('fresh.none');
  if (lastSuccess) shown = vc.fromPreviousRun ? t('fresh.showingPrevious', { time }) : t('fresh.showing', { time });

  if (vc.state === 'failing') {
    return { level: 'crit', title: t('fresh.failing', { vcenter: vc.name, shown }), detail: errorText };
  }
  // What vscope showed before a restart, read back from disk: stale however young, until this
  // run's first collection succeeds (issue 15).
  if (vc.fromPreviousRun && lastSuccess) {
    return { level: 'warn', title: t('fresh.previousRun', { vcenter: vc.name, ago: fmtAgo(lastSuccess, now), time }), detail: errorText };
  }
  if (lastSuccess && now - lastSuccess.getTime() > 3 * interval * 1000) {
    return {
      level: 'warn',
      title: t('fresh.stale', { vcenter: vc.name, ago: fmtAgo(lastSuccess, now), time: fmtClock(lastSuccess), interval: fmtSeconds(interval) }),
      detail: errorText,
    };
  }
  if (!lastSuccess) {
    return { level: 'info', title: t('fresh.waiting', { vcenter: vc.name }), detail: errorText };
  }
  return null;
}
