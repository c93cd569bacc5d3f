/**
 * Time-series charts with uPlot: the average line (filled) and the max line of one metric, and the
 * entity's events as markers on it (issue 13). Unknown values arrive as null and stay gaps
 * (spanGaps: false): a collector outage must look like an outage, not like a straight line
 * between two samples.
 */
import uPlot from '../webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { el } from './dom.js';
import { eventText } from './events.js';
import { DASH, fmtDateMinutes, fmtDateParts, fmtNum, fmtPercent, fmtUnit, isNum } from './format.js';
import { key, t } from './i18n.js';

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
    threshold: v('--crit-bar', '#d93a30'),
  };
}

/*
 * One display unit per chart, chosen from the largest value, and the data scaled to it before
 * plotting: uPlot then picks round ticks in that unit (0, 2, 4 MB/s rather than 0, 1953, 3906
 * KB/s), and an axis never mixes "900 KB/s" and "1.0 MB/s".
 */
const SCALES = {
  KBps: [[1024 * 1024, key('unit.GBps')], [1024, key('unit.MBps')], [1, key('unit.KBps')]],
  bytes: [[1024 ** 4, key('unit.TiB')], [1024 ** 3, key('unit.GiB')], [1024 ** 2, key('unit.MiB')], [1024, key('unit.KiB')], [1, key('unit.B')]],
};
const PERCENT = 'percent';
const SUFFIX = { percent: PERCENT, ms: key('unit.ms'), iops: key('unit.iops') };

/** [divisor, suffix] for values up to `max` in `unit`: a unit's catalog key, PERCENT, or null for a bare number. */
export function displayScale(unit, max) {
  const scales = SCALES[unit];
  if (!scales) return [1, SUFFIX[unit] || null];
  return scales.find(([d]) => max >= d) || scales[scales.length - 1];
}

/**
 * Tick labels in the reader's locale ("2,5 Mo/s"), with as many decimals as the step needs
 * (2.5 steps must not print as 2, 5, 7).
 */
function tickLabels(suffix) {
  return (u, splits) => {
    const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1;
    let digits = 0;
    while (digits < 3 && Math.abs(Math.round(step * 10 ** digits) - step * 10 ** digits) > 1e-6 * 10 ** digits) digits++;
    const unit = suffix();
    return splits.map((s) => {
      if (s === null) return '';
      if (unit === PERCENT) return fmtPercent(s, digits);
      return unit ? t('unit.join', { n: fmtNum(s, digits), unit: t(unit) }) : fmtNum(s, digits);
    });
  };
}

/*
 * Time ticks as the reader's locale writes them, instead of uPlot's fixed English templates
 * ("2:00pm", "11/27"): hours and minutes within a day, with the date under the first tick and
 * under each midnight; day and month for longer steps; month and year beyond a month.
 */
const DAY = 86_400;

function timeTicks(u, splits, axisIdx, space, incr) {
  let lastDay = null;
  return splits.map((s) => {
    if (s === null) return '';
    const d = new Date(s * 1000);
    if (incr >= 28 * DAY) return fmtDateParts(d, { month: 'short', year: 'numeric' });
    if (incr >= DAY) return fmtDateParts(d, { day: 'numeric', month: 'short' });
    const time = fmtDateParts(d, { hour: 'numeric', minute: '2-digit' });
    const day = d.toDateString();
    const withDate = day !== lastDay;
    lastDay = day;
    return withDate ? `${time}\n${fmtDateParts(d, { day: 'numeric', month: 'short' })}` : time;
  });
}

/** Room for the longest tick label ("800 KB/s", "100%"), so labels are never clipped on the left. */
function axisWidth(u, values) {
  const longest = Array.isArray(values) && values.length ? Math.max(...values.map((v) => String(v ?? '').length)) : 6;
  return 26 + longest * 7;
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

/**
 * vCenter's events as markers on a chart: a vertical line at each event's time, its text on hover.
 * They are elements over the plot rather than strokes on its canvas, so that each has its own
 * tooltip and screen-reader label; they are placed again at every draw (new data, a resize, a
 * language switch), and only those within the shown range are there.
 */
function eventMarkers(chart) {
  let layer = null;
  return {
    hooks: {
      init: (u) => {
        layer = el('div', { className: 'event-markers' });
        u.over.append(layer);
      },
      draw: (u) => {
        const { min, max } = u.scales.x;
        layer.replaceChildren(...chart.events.filter((e) => e.at >= min && e.at <= max).map((e) => {
          const marker = el('div', {
            className: `event-marker ${e.type}`, title: e.text,
            dataset: { key: String(e.key), type: e.type }, attrs: { role: 'img', 'aria-label': e.text },
          });
          marker.style.left = `${u.valToPos(e.at, 'x')}px`;
          return marker;
        }));
      },
    },
  };
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
    this.div = 1;
    this.suffix = null;
    this.note = el('div', { className: 'chart-note', hidden: true, text: t('chart.noData') });
    this.body.append(this.note);
    /** An alert rule's threshold, drawn as a dashed line (issue 14); null for none. */
    this.threshold = null;
    this.plot = null;
    /** The entity's events to mark: {at (epoch s), type, key, row (the API's), text}. */
    this.events = [];
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.body);
  }

  /** Shows a /api/v1/series answer for the given range. */
  setSeries(series, range) {
    this.range = range;
    const points = Array.isArray(series.points) ? series.points : [];
    const top = Math.max(0, ...points.flatMap((p) => [p[1], p[2]]).filter(isNum));
    [this.div, this.suffix] = displayScale(this.unit, top);
    const scaled = (v) => (isNum(v) ? v / this.div : null);
    this.data = [points.map((p) => p[0]), points.map((p) => scaled(p[1])), points.map((p) => scaled(p[2]))];
    this.note.hidden = points.some((p) => isNum(p[1]) || isNum(p[2]));
    // At the finest step (the hour range) max equals avg; a second line on top of the first
    // only muddies the color. It stays in the legend, where a click shows it.
    // (Compared with a tolerance: the store's two consolidations differ in the last float bits.)
    this.maxIsAvg = points.every((p) => !isNum(p[2]) || (isNum(p[1]) && Math.abs(p[2] - p[1]) <= 1e-9 + 1e-6 * Math.abs(p[1])));
    if (!this.plot) this.create();
    else {
      // The x range function reads this.range (now − range … now); setData re-runs it.
      this.plot.setData(this.data, true);
      this.plot.setSeries(2, { show: !this.maxIsAvg });
    }
  }

  /** Marks these events (rows of /api/v1/events) on the chart, in place of those marked before. */
  setEvents(events) {
    this.events = events.map((e) => ({ at: Date.parse(e.time) / 1000, type: e.type, key: e.key, row: e, text: eventText(e) }))
      .filter((e) => Number.isFinite(e.at));
    if (this.plot) this.plot.redraw(false);
  }

  /**
   * Draws an alert rule's threshold across the chart, in the metric's unit (the alert's link
   * carries it), and keeps it in view however low the values are.
   */
  setThreshold(value) {
    this.threshold = isNum(value) ? value : null;
    if (this.plot) this.plot.redraw(true, true);
  }

  /** Redraws with the current theme's colors and the current language. */
  restyle() {
    this.note.textContent = t('chart.noData');
    // the markers' texts in the new words
    this.events = this.events.map((e) => ({ ...e, text: eventText(e.row) }));
    if (this.plot) {
      this.plot.destroy();
      this.plot = null;
      this.create();
    }
  }

  create() {
    const c = themeColors();
    const unit = this.unit;
    // The legend shows values like the tables do, from the unscaled value.
    const fmt = (u, v) => (v === null || v === undefined ? DASH : fmtUnit(v * this.div, unit));
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
        y: {
          range: (u, min, max) => {
            const line = this.threshold === null ? 0 : this.threshold / this.div;
            const top = Math.max(isNum(max) ? max : 0, line);
            return [0, top > 0 ? top * 1.1 : 1];
          },
        },
      },
      series: [
        { label: t('chart.time'), value: (u, ts) => (ts === null ? DASH : fmtDateMinutes(new Date(ts * 1000))) },
        { label: t('chart.avg'), stroke: c.avg, fill: c.avgFill, width: 1.5, spanGaps: false, points: { show: false }, value: fmt },
        { label: t('chart.max'), stroke: c.max, width: 1, dash: [4, 3], spanGaps: false, points: { show: false }, value: fmt, show: !this.maxIsAvg },
      ],
      axes: [{ ...axis, values: timeTicks }, { ...axis, size: axisWidth, values: tickLabels(() => this.suffix) }],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      hooks: { draw: [(u) => this.drawThreshold(u, c.threshold)] },
      plugins: [eventMarkers(this)],
    };
    this.plot = new uPlot(opts, this.data, this.body);
  }

  drawThreshold(u, color) {
    if (this.threshold === null) return;
    const y = Math.round(u.valToPos(this.threshold / this.div, 'y', true));
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.restore();
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
