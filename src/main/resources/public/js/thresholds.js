/**
 * Threshold levels. The limits come from /api/v1/settings; these defaults apply until the
 * settings are loaded and for any limit the server leaves out.
 */

export const DEFAULT_THRESHOLDS = Object.freeze({
  cpu: { warning: 80, critical: 90 },
  mem: { warning: 80, critical: 90 },
  cpuReady: { warning: 5, critical: 10 },
  datastoreUsed: { warning: 80, critical: 90 },
  latency: { warning: 20, critical: 50 },
});

/** The server's thresholds over the defaults, limit by limit. */
export function mergeThresholds(fromApi) {
  const out = {};
  for (const [key, def] of Object.entries(DEFAULT_THRESHOLDS)) {
    const given = (fromApi && fromApi[key]) || {};
    out[key] = {
      warning: typeof given.warning === 'number' ? given.warning : def.warning,
      critical: typeof given.critical === 'number' ? given.critical : def.critical,
    };
  }
  return out;
}

/** 'crit', 'warn' or null for a value against {warning, critical}; unknown values have no level. */
export function level(value, limits) {
  if (typeof value !== 'number' || !Number.isFinite(value) || !limits) return null;
  if (value >= limits.critical) return 'crit';
  if (value >= limits.warning) return 'warn';
  return null;
}

/** The worse of several levels. */
export function worst(...levels) {
  if (levels.includes('crit')) return 'crit';
  if (levels.includes('warn')) return 'warn';
  return null;
}
