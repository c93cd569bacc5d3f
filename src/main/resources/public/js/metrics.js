/**
 * Readable names for metric names of the API ("net.rx[vmnic0]" → "Network in — vmnic0").
 * Unknown names fall back to a humanized form, so new metrics still get a sensible title.
 */
import { key, t } from './i18n.js';

const NAMES = {
  'cpu.usage': key('metric.cpu.usage'),
  'cpu.ready': key('metric.cpu.ready'),
  'mem.usage': key('metric.mem.usage'),
  'mem.ballooned': key('metric.mem.ballooned'),
  'mem.swapped': key('metric.mem.swapped'),
  'mem.compressed': key('metric.mem.compressed'),
  'net.rx': key('metric.net.rx'),
  'net.tx': key('metric.net.tx'),
  'disk.read': key('metric.disk.read'),
  'disk.write': key('metric.disk.write'),
  'disk.readIops': key('metric.disk.readIops'),
  'disk.writeIops': key('metric.disk.writeIops'),
  'disk.readLatency': key('metric.disk.readLatency'),
  'disk.writeLatency': key('metric.disk.writeLatency'),
  'disk.maxLatency': key('metric.disk.maxLatency'),
  'disk.used': key('metric.disk.used'),
  'disk.provisioned': key('metric.disk.provisioned'),
  'datastore.readLatency': key('metric.datastore.readLatency'),
  'datastore.writeLatency': key('metric.datastore.writeLatency'),
  'datastore.readIops': key('metric.datastore.readIops'),
  'datastore.writeIops': key('metric.datastore.writeIops'),
  'space.capacity': key('metric.space.capacity'),
  'space.free': key('metric.space.free'),
  'space.usedPercent': key('metric.space.usedPercent'),
  readLatency: key('metric.readLatency'),
  writeLatency: key('metric.writeLatency'),
  readIops: key('metric.readIops'),
  writeIops: key('metric.writeIops'),
};

const ORDER = Object.keys(NAMES);

/**
 * Sort key for charts: known metrics in the order above (CPU, memory, network, disk, space),
 * unknown ones after them, per-device series after all totals.
 */
export function metricOrder(name) {
  const { base, instance } = parseMetric(name);
  const known = ORDER.indexOf(base);
  return (instance === null ? 0 : 1000) + (known < 0 ? ORDER.length : known);
}

/** Splits "net.rx[vmnic0]" into its base name and instance. */
export function parseMetric(name) {
  const m = /^([^[]+)(?:\[(.*)\])?$/.exec(name);
  return m ? { base: m[1], instance: m[2] ?? null } : { base: name, instance: null };
}

function humanize(base) {
  const words = base.replace(/\./g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * @param {string} name metric name
 * @param {(instance: string) => string} [instanceName] e.g. datastore moid → datastore name
 */
export function metricTitle(name, instanceName = (i) => i) {
  const { base, instance } = parseMetric(name);
  const title = NAMES[base] ? t(NAMES[base]) : humanize(base);
  return instance ? `${title} — ${instanceName(instance)}` : title;
}
