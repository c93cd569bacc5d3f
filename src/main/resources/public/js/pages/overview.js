/**
 * The overview (landing page): datacenter totals (with its red and yellow vCenter alarms), the
 * health checks that fail, then one card per host with the figures the original vScope front page
 * shows (cores, VMs, CPU and RAM load, network).
 */
import { api } from '../api.js';
import { el, replaceChildren } from '../dom.js';
import { badge, entityLink, meter } from '../cells.js';
import { CONNECTION, DASH, collator, fmtInt, fmtKBps, isNum, label } from '../format.js';
import { checkBadge, countText } from '../health.js';
import { key, t } from '../i18n.js';
import { startPage } from '../page.js';
import { pageUrl } from '../urls.js';
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

/** The datacenter's red and yellow alarms that the user may see, linking to the Alarms page (issue 13). */
function alarmTotals(datacenter) {
  const red = Number(datacenter && datacenter.alarmsRed) || 0;
  const yellow = Number(datacenter && datacenter.alarmsYellow) || 0;
  return el('a', { className: 'value alarm-totals', id: 'overview-alarms', href: pageUrl('alarms.html', { dc: datacenter && datacenter.id }) },
    el('span', { className: `badge ${red ? 'crit' : 'muted'}`, dataset: { status: 'red' }, text: t('overview.alarmsRed', { count: red, n: fmtInt(red) }) }),
    el('span', { className: `badge ${yellow ? 'warn' : 'muted'}`, dataset: { status: 'yellow' }, text: t('overview.alarmsYellow', { count: yellow, n: fmtInt(yellow) }) }));
}

/** A total that takes two columns of the grid. */
function wide(node) {
  node.classList.add('total-wide');
  return node;
}

function renderTotals(root, hosts, datacenter, limits) {
  const cpu = weightedAverage(hosts, (h) => h.cpuUsagePercent, (h) => h.cores * h.cpuMhz);
  const mem = weightedAverage(hosts, (h) => h.memUsagePercent, (h) => h.memoryBytes);
  const vms = datacenter && isNum(datacenter.vms) ? datacenter.vms : sum(hosts, (h) => h.vms);
  replaceChildren(root,
    el('h2', { text: datacenter ? t('overview.datacenterNamed', { name: datacenter.name }) : t('overview.datacenter') }),
    el('div', { className: 'totals' },
      total(t('overview.hosts'), fmtInt(hosts.length)),
      total(t('overview.cores'), fmtInt(sum(hosts, (h) => h.cores))),
      total(t('overview.vms'), fmtInt(vms)),
      total(t('overview.vcpus'), fmtInt(sum(hosts, (h) => h.vcpus)), t('overview.vcpusTitle')),
      total(t('overview.cpuAvg'), meter(cpu, level(cpu, limits.cpu)), t('overview.cpuAvgTitle')),
      total(t('overview.ramAvg'), meter(mem, level(mem, limits.mem)), t('overview.ramAvgTitle')),
      total(t('overview.netIn'), fmtKBps(sum(hosts, (h) => h.netRxKBps))),
      total(t('overview.netOut'), fmtKBps(sum(hosts, (h) => h.netTxKBps))),
      wide(total(t('overview.alarms'), alarmTotals(datacenter), t('overview.alarmsTitle')))));
}

function hostCard(h, dc, limits) {
  const cpuLevel = level(h.cpuUsagePercent, limits.cpu);
  const memLevel = level(h.memUsagePercent, limits.mem);
  const connected = h.connectionState === 'connected';
  const cardLevel = worst(cpuLevel, memLevel, connected ? null : 'crit');
  const state = !connected
    ? badge(label(CONNECTION, h.connectionState), 'crit', h.connectionState)
    : h.inMaintenanceMode ? badge(t('state.maintenance'), 'warn', 'inMaintenanceMode: true') : null;
  const title = el('span', { className: 'card-title' }, entityLink(h.id, h.name, dc));
  return el('article', { className: `card${cardLevel ? ` ${cardLevel}` : ''}`, dataset: { id: h.id } },
    el('div', { className: 'card-head' }, title, el('span', { className: 'sub', text: h.cluster || '' }), state),
    el('dl', {},
      el('dt', { text: t('overview.cores') }),
      el('dd', { text: isNum(h.threads) ? t('overview.coresThreads', { cores: fmtInt(h.cores), threads: fmtInt(h.threads) }) : fmtInt(h.cores) }),
      el('dt', { text: t('overview.vms') }),
      el('dd', { text: isNum(h.vcpus) ? t('overview.vmsVcpus', { vms: fmtInt(h.vms), vcpus: fmtInt(h.vcpus) }) : fmtInt(h.vms) }),
      el('dt', { text: t('overview.cpu') }), el('dd', {}, meter(h.cpuUsagePercent, cpuLevel)),
      el('dt', { text: t('overview.ram') }), el('dd', {}, meter(h.memUsagePercent, memLevel)),
      el('dt', { text: t('overview.network') }),
      el('dd', { text: t('overview.networkInOut', { in: fmtKBps(h.netRxKBps), out: fmtKBps(h.netTxKBps) }) })));
}

/** The failing checks (the API lists them first), each linking to its problems on the Health page. */
function renderHealth(root, checks, dc) {
  const failing = checks.filter((c) => c.count > 0);
  const items = failing.map((c) => el('li', { className: 'check', dataset: { check: c.check } },
    checkBadge(c), ' ', el('a', { href: pageUrl('health.html', { dc, q: c.title }), text: c.title }),
    el('span', { className: 'check-count', text: countText(c) })));
  if (failing.length === 0) {
    items.push(el('li', { className: 'check' }, checkBadge({ count: 0, check: '' }), ' ', t('overview.healthOk')));
  }
  items.push(el('li', { className: 'check all' }, el('a', { href: pageUrl('health.html', { dc }), text: t('overview.healthAll', { n: checks.length }) })));
  replaceChildren(root, items);
}

startPage({
  active: 'overview',
  what: key('page.what.hosts'),
  async load(ctx) {
    const [hosts, checks] = ctx.dc ? await Promise.all([api.hosts(ctx.dc), api.health(ctx.dc)]) : [[], []];
    hosts.sort((a, b) => collator().compare(String(a.name), String(b.name)));
    renderTotals(document.getElementById('totals'), hosts, ctx.datacenter, ctx.thresholds);
    renderHealth(document.getElementById('health-checks'), checks, ctx.dc);
    const cards = document.getElementById('host-cards');
    replaceChildren(cards, hosts.length
      ? hosts.map((h) => hostCard(h, ctx.dc, ctx.thresholds))
      : el('p', { className: 'sub', text: ctx.dc ? t('overview.noHosts') : DASH }));
  },
});
