/**
 * Time-series charts with uPlot: the average line (filled) and the max line of one metric.
 * Unknown values arrive as null and stay gaps (spanGaps: false): a collector outage must look
 * like an outage, not like a straight line between two samples.
 */
import uPlot from '../webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { el } from './dom.js';
import { DASH, fmtDateTime, fmtUnit, isNum } from './format.js';

/** Seconds per range name the API accepts. */
export const RANGES = { hour: 3600, day: 86_400, week: 7 * 86_400, month: 30 * 86_400, year: 365 * 86_400 };

const HEIGHT = 190;

/** Colors live in the stylesheet (per theme); the canvas needs them as values. */
function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  return {
    avg: v('--chart-avg', '#2f74d0'),
    avgFill: v('--chart-avg-fill', 'rgba(47,116,208,0.12)'),
    max: v('--chart-max', '#d9582b'),
    grid: v('--chart-grid', 'rgba(0,0,0,0.08)'),
    axis: v('--chart-axis', '#5f6b7a'),
  };
}

/*
 * Axis labels: one unit for the whole axis, chosen from its largest tick, so an axis never reads
 * "900 KB/s, 1.0 MB/s" with two units side by side.
 */
const SCALES = {
  KBps: [[1024 * 1024, 'GB/s'], [1024, 'MB/s'], [1, 'KB/s']],
  bytes: [[1024 ** 4, 'TiB'], [1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB'], [1, 'B']],
};
const SUFFIX = { percent: '%', ms: 'ms', iops: 'IOPS' };

function axisValues(unit) {
  return (u, splits) => {
    const top = Math.max(...splits.map((s) => Math.abs(s || 0)));
    let div = 1;
    let suffix = SUFFIX[unit] || '';
    if (SCALES[unit]) [div, suffix] = SCALES[unit].find(([d]) => top >= d) || SCALES[unit][SCALES[unit].length - 1];
    const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) / div : 1;
    const digits = step >= 1 || step === 0 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
    return splits.map((s) => (s === null ? '' : `${(s / div).toFixed(digits)} ${suffix}`.trim()));
  };
}

/** Mean of the averages, highest max and latest average over the shown range. */
export function summarize(points) {
  let sum = 0;
  let n = 0;
  let max = null;
  let last = null;
  for (const [, avg, mx] of points) {
    if (isNum(avg)) { sum += avg; n++; last = avg; }
    const m = isNum(mx) ? mx : avg;
    if (isNum(m) && (max === null || m > max)) max = m;
  }
  return { avg: n ? sum / n : null, max, last, known: n };
}

export class MetricChart {
  /**
   * @param {HTMLElement} body where the canvas goes (sized by its width)
   * @param {string} unit the metric's unit (percent, KBps, iops, ms, bytes)
   */
  constructor(body, unit) {
    this.body = body;
    this.unit = unit;
    this.range = 'day';
    this.data = [[], [], []];
    this.note = el('div', { className: 'chart-note', hidden: true, text: 'No data for this range yet.' });
    this.body.append(this.note);
    this.plot = null;
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.body);
  }

  /** Shows a /api/v1/series answer for the given range. */
  setSeries(series, range) {
    this.range = range;
    const points = Array.isArray(series.points) ? series.points : [];
    this.data = [points.map((p) => p[0]), points.map((p) => p[1] ?? null), points.map((p) => p[2] ?? null)];
    this.note.hidden = points.some((p) => isNum(p[1]) || isNum(p[2]));
    if (!this.plot) this.create();
    else {
      // The x range is part of the options (now − range … now); setData alone would keep the old one.
      this.plot.setData(this.data, true);
    }
  }

  /** Redraws with the current theme's colors. */
  restyle() {
    if (this.plot) {
      this.plot.destroy();
      this.plot = null;
      this.create();
    }
  }

  create() {
    const c = themeColors();
    const unit = this.unit;
    const fmt = (u, v) => (v === null || v === undefined ? DASH : fmtUnit(v, unit));
    const axis = { stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
    const opts = {
      width: Math.max(200, this.body.clientWidth),
      height: HEIGHT,
      scales: {
        x: {
          time: true,
          // The whole range, even when history is shorter: an empty stretch shows that it is empty.
          range: (u, min, max) => {
            const now = Date.now() / 1000;
            const from = now - RANGES[this.range];
            return [Math.min(from, min ?? from), Math.max(now, max ?? now)];
          },
        },
        y: { range: (u, min, max) => [0, isNum(max) && max > 0 ? max * 1.1 : 1] },
      },
      series: [
        { value: (u, ts) => (ts === null ? DASH : fmtDateTime(new Date(ts * 1000))) },
        { label: 'avg', stroke: c.avg, fill: c.avgFill, width: 1.5, spanGaps: false, points: { show: false }, value: fmt },
        { label: 'max', stroke: c.max, width: 1, dash: [4, 3], spanGaps: false, points: { show: false }, value: fmt },
      ],
      axes: [axis, { ...axis, size: 72, values: axisValues(unit) }],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
    };
    this.plot = new uPlot(opts, this.data, this.body);
  }

  fit() {
    if (!this.plot) return;
    const width = Math.max(200, this.body.clientWidth);
    if (width !== this.plot.width) this.plot.setSize({ width, height: HEIGHT });
  }

  destroy() {
    this.resize.disconnect();
    if (this.plot) this.plot.destroy();
    this.plot = null;
  }
}
