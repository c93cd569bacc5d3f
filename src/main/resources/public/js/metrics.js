/**
 * Readable names for metric names of the API ("net.rx[vmnic0]" → "Network in — vmnic0").
 * Unknown names fall back to a humanized form, so new metrics still get a sensible title.
 */

const NAMES = {
  'cpu.usage': 'CPU usage',
  'cpu.ready': 'CPU ready',
  'mem.usage': 'Memory usage',
  'net.rx': 'Network in',
  'net.tx': 'Network out',
  'disk.read': 'Disk read',
  'disk.write': 'Disk write',
  'disk.readIops': 'Disk read IOPS',
  'disk.writeIops': 'Disk write IOPS',
  'disk.readLatency': 'Disk read latency',
  'disk.writeLatency': 'Disk write latency',
  'disk.maxLatency': 'Disk latency (highest)',
  'disk.used': 'Used space',
  'disk.provisioned': 'Provisioned space',
  'datastore.readLatency': 'Datastore read latency',
  'datastore.writeLatency': 'Datastore write latency',
  'space.capacity': 'Capacity',
  'space.free': 'Free space',
  'space.usedPercent': 'Used space (%)',
  readLatency: 'Read latency',
  writeLatency: 'Write latency',
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
  const title = NAMES[base] || humanize(base);
  return instance ? `${title} — ${instanceName(instance)}` : title;
}
