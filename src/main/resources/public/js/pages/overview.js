/**
 * The overview (landing page): datacenter totals, then one card per host with the figures the
 * original vScope front page shows (cores, VMs, CPU and RAM load, network).
 */
import { api } from '../api.js';
import { el, replaceChildren } from '../dom.js';
import { badge, entityLink, meter } from '../cells.js';
import { CONNECTION, DASH, fmtInt, fmtKBps, isNum, label } from '../format.js';
import { startPage } from '../page.js';
import { level, worst } from '../thresholds.js';

/** Sum of a field over rows, null when no row knows it. */
function sum(rows, f) {
  const known = rows.map(f).filter(isNum);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

/**
 * Usage averaged by capacity, so a big host counts more than a small one (what the datacenter
 * as a whole is using). Hosts without a value are left out.
 */
function weightedAverage(rows, value, weight) {
  let num = 0;
  let den = 0;
  for (const r of rows) {
    const v = value(r);
    const w = weight(r);
    if (isNum(v) && isNum(w) && w > 0) { num += v * w; den += w; }
  }
  return den > 0 ? num / den : null;
}

function total(labelText, value, title) {
  return el('div', { className: 'total', title },
    el('span', { className: 'label', text: labelText }),
    value instanceof Node ? value : el('span', { className: 'value', text: value }));
}

function renderTotals(root, hosts, datacenter, t) {
  const cpu = weightedAverage(hosts, (h) => h.cpuUsagePercent, (h) => h.cores * h.cpuMhz);
  const mem = weightedAverage(hosts, (h) => h.memUsagePercent, (h) => h.memoryBytes);
  const vms = datacenter && isNum(datacenter.vms) ? datacenter.vms : sum(hosts, (h) => h.vms);
  replaceChildren(root,
    el('h2', { text: datacenter ? `Datacenter ${datacenter.name}` : 'Datacenter' }),
    el('div', { className: 'totals' },
      total('Hosts', fmtInt(hosts.length)),
      total('Cores', fmtInt(sum(hosts, (h) => h.cores))),
      total('VMs', fmtInt(vms)),
      total('vCPUs', fmtInt(sum(hosts, (h) => h.vcpus)), 'vCPUs of powered-on VMs'),
      total('CPU (avg)', meter(cpu, level(cpu, t.cpu)), 'CPU usage averaged over the hosts, weighted by their capacity'),
      total('RAM (avg)', meter(mem, level(mem, t.mem)), 'Memory usage averaged over the hosts, weighted by their memory'),
      total('Network in', fmtKBps(sum(hosts, (h) => h.netRxKBps))),
      total('Network out', fmtKBps(sum(hosts, (h) => h.netTxKBps)))));
}

function hostCard(h, dc, t) {
  const cpuLevel = level(h.cpuUsagePercent, t.cpu);
  const memLevel = level(h.memUsagePercent, t.mem);
  const connected = h.connectionState === 'connected';
  const cardLevel = worst(cpuLevel, memLevel, connected ? null : 'crit');
  const state = !connected
    ? badge(label(CONNECTION, h.connectionState), 'crit', h.connectionState)
    : h.inMaintenanceMode ? badge('Maintenance', 'warn', 'inMaintenanceMode: true') : null;
  const title = el('span', { className: 'card-title' }, entityLink(h.id, h.name, dc));
  return el('article', { className: `card${cardLevel ? ` ${cardLevel}` : ''}`, dataset: { id: h.id } },
    el('div', { className: 'card-head' }, title, el('span', { className: 'sub', text: h.cluster || '' }), state),
    el('dl', {},
      el('dt', { text: 'Cores' }), el('dd', { text: `${fmtInt(h.cores)}${isNum(h.threads) ? ` (${fmtInt(h.threads)} threads)` : ''}` }),
      el('dt', { text: 'VMs' }), el('dd', { text: `${fmtInt(h.vms)}${isNum(h.vcpus) ? ` (${fmtInt(h.vcpus)} vCPUs)` : ''}` }),
      el('dt', { text: 'CPU' }), el('dd', {}, meter(h.cpuUsagePercent, cpuLevel)),
      el('dt', { text: 'RAM' }), el('dd', {}, meter(h.memUsagePercent, memLevel)),
      el('dt', { text: 'Network' }), el('dd', { text: `in ${fmtKBps(h.netRxKBps)} · out ${fmtKBps(h.netTxKBps)}` })));
}

startPage({
  active: 'overview',
  what: 'the hosts',
  async load(ctx) {
    const hosts = ctx.dc ? await api.hosts(ctx.dc) : [];
    hosts.sort((a, b) => String(a.name).localeCompare(String(b.name), 'en', { numeric: true }));
    renderTotals(document.getElementById('totals'), hosts, ctx.datacenter, ctx.thresholds);
    const cards = document.getElementById('host-cards');
    replaceChildren(cards, hosts.length
      ? hosts.map((h) => hostCard(h, ctx.dc, ctx.thresholds))
      : el('p', { className: 'sub', text: ctx.dc ? 'No hosts in this datacenter.' : DASH }));
  },
});
