/**
 * The Clusters page: one row per cluster of the datacenter, with its capacity, load, vCPU:core,
 * N+1 headroom and the VMs that still fit. The target usage and N+1 are set above the table and
 * kept in the URL (`target`, `nplus1`), so a link shows the same plan; the server does the sums
 * (GET /api/v1/clusters, see docs/operations.md).
 */
import { api } from '../api.js';
import { el, replaceChildren } from '../dom.js';
import { badge, entityLink, graphLink, meter } from '../cells.js';
import { DASH, DRS_BEHAVIOR, fmtBytes, fmtInt, fmtNum, fmtPercent, fmtRatio, isNum, label } from '../format.js';
import { key, t } from '../i18n.js';
import { startPage } from '../page.js';
import { DataTable } from '../table.js';
import { level } from '../thresholds.js';
import { pageUrl, param, replaceParams } from '../urls.js';

const DEFAULT_TARGET = 80;

let table = null;
let limits = null; // thresholds, set on each load
let dc = null;
let target = validTarget(param('target')) || DEFAULT_TARGET;
let nPlusOne = param('nplus1') === 'true';

function validTarget(v) {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : null;
}

const ghz = (mhz) => (isNum(mhz) ? t('unit.join', { n: fmtNum(mhz / 1000, 1), unit: t('unit.GHz') }) : DASH);
const yesNo = (v) => (v ? t('prop.yes') : t('prop.no'));

/** vRAM allocated over the hosts' physical memory (issue 12), not over the effective memory usage is measured against. */
function vramPercent(c) {
  return c.memPhysicalBytes > 0 ? (100 * c.memAllocatedBytes) / c.memPhysicalBytes : null;
}

function drsText(c) {
  return c.drsEnabled ? label(DRS_BEHAVIOR, c.drsBehavior) : t('clusters.drs.off');
}

function nPlusOneText(c) {
  const n = c.nPlusOne || {};
  if (!isNum(n.cpuPercent) || !isNum(n.memPercent)) return t('clusters.n1.unknown');
  return t('clusters.n1.text', { cpu: fmtPercent(n.cpuPercent), mem: fmtPercent(n.memPercent) });
}

/** Sorts by the worse of the two loads with the largest host down; unknown sorts last. */
function nPlusOneValue(c) {
  const n = c.nPlusOne || {};
  return isNum(n.cpuPercent) && isNum(n.memPercent) ? Math.max(n.cpuPercent, n.memPercent) : null;
}

function nPlusOneCell(c) {
  const holds = Boolean(c.nPlusOne && c.nPlusOne.holds);
  return el('span', { className: 'n1-cell' },
    badge(holds ? t('clusters.n1.holds') : t('clusters.n1.fails'), holds ? 'ok' : 'crit', `holds: ${holds}`),
    ' ', nPlusOneText(c));
}

const cap = (c) => c.capacity || {};

const COLUMNS = [
  { id: 'name', label: key('clusters.col.name'), value: (c) => c.name, text: (c) => c.name, render: (c) => entityLink(c.id, c.name, dc) },
  { id: 'hosts', group: key('col.group.hosts'), label: key('clusters.col.hosts'), numeric: true, value: (c) => c.hosts, text: (c) => fmtInt(c.hosts) },
  {
    id: 'hostsConnected', group: key('col.group.hosts'), label: key('clusters.col.hostsConnected'), numeric: true,
    value: (c) => c.hostsConnected, text: (c) => fmtInt(c.hostsConnected),
    cellClass: (c) => (c.hostsConnected < c.hosts ? 'crit' : null),
  },
  {
    id: 'hostsInMaintenance', group: key('col.group.hosts'), label: key('clusters.col.hostsInMaintenance'), numeric: true,
    value: (c) => c.hostsInMaintenance, text: (c) => fmtInt(c.hostsInMaintenance),
    cellClass: (c) => (c.hostsInMaintenance > 0 ? 'warn' : null),
  },
  {
    id: 'cpuCapacity', group: key('col.group.capacity'), label: key('clusters.col.cpuCapacity'), title: key('clusters.col.cpuCapacity.title'), numeric: true,
    unit: key('csv.unit.MHz'), value: (c) => c.cpuCapacityMhz, text: (c) => ghz(c.cpuCapacityMhz),
  },
  {
    id: 'memCapacity', group: key('col.group.capacity'), label: key('clusters.col.memCapacity'), title: key('clusters.col.memCapacity.title'), numeric: true,
    unit: key('csv.unit.bytes'), value: (c) => c.memCapacityBytes, text: (c) => fmtBytes(c.memCapacityBytes),
  },
  {
    id: 'cpu', label: key('clusters.col.cpu'), numeric: true, unit: key('csv.unit.percent'), title: key('clusters.col.cpu.title'),
    value: (c) => c.cpuUsagePercent, text: (c) => fmtPercent(c.cpuUsagePercent),
    render: (c) => meter(c.cpuUsagePercent, level(c.cpuUsagePercent, limits.cpu)),
  },
  {
    id: 'mem', label: key('clusters.col.mem'), numeric: true, unit: key('csv.unit.percent'), title: key('clusters.col.mem.title'),
    value: (c) => c.memUsagePercent, text: (c) => fmtPercent(c.memUsagePercent),
    render: (c) => meter(c.memUsagePercent, level(c.memUsagePercent, limits.mem)),
  },
  {
    id: 'n1', label: key('clusters.col.n1'), title: key('clusters.col.n1.title'), value: nPlusOneValue,
    text: (c) => `${c.nPlusOne && c.nPlusOne.holds ? t('clusters.n1.holds') : t('clusters.n1.fails')}: ${nPlusOneText(c)}`, render: nPlusOneCell,
  },
  {
    id: 'vmsLeft', group: key('col.group.vmsLeft'), label: key('clusters.col.vmsLeft'), numeric: true, title: key('clusters.col.vmsLeft.title'),
    value: (c) => cap(c).vmsLeft, text: (c) => (isNum(cap(c).vmsLeft) ? fmtInt(cap(c).vmsLeft) : DASH),
  },
  {
    id: 'vmsLeftCpu', group: key('col.group.vmsLeft'), label: key('clusters.col.vmsLeftCpu'), numeric: true,
    value: (c) => cap(c).vmsLeftCpu, text: (c) => (isNum(cap(c).vmsLeftCpu) ? fmtInt(cap(c).vmsLeftCpu) : DASH),
  },
  {
    id: 'vmsLeftMem', group: key('col.group.vmsLeft'), label: key('clusters.col.vmsLeftMem'), numeric: true,
    value: (c) => cap(c).vmsLeftMem, text: (c) => (isNum(cap(c).vmsLeftMem) ? fmtInt(cap(c).vmsLeftMem) : DASH),
  },
  { id: 'vcpus', label: key('clusters.col.vcpus'), numeric: true, title: key('clusters.col.vcpus.title'), value: (c) => c.vcpus, text: (c) => fmtInt(c.vcpus) },
  { id: 'ratio', label: key('clusters.col.ratio'), numeric: true, title: key('clusters.col.ratio.title'), value: (c) => c.vcpuPerCore, text: (c) => fmtRatio(c.vcpuPerCore) },
  {
    id: 'vram', label: key('clusters.col.vram'), numeric: true, unit: key('csv.unit.bytes'), title: key('clusters.col.vram.title'),
    value: (c) => c.memAllocatedBytes, text: (c) => fmtBytes(c.memAllocatedBytes),
  },
  {
    id: 'vramPercent', label: key('clusters.col.vramPercent'), numeric: true, unit: key('csv.unit.percent'), title: key('clusters.col.vramPercent.title'),
    value: vramPercent, text: (c) => fmtPercent(vramPercent(c)),
  },
  { id: 'vms', group: key('col.group.vms'), label: key('clusters.col.vms'), numeric: true, value: (c) => c.vms, text: (c) => fmtInt(c.vms) },
  { id: 'vmsOn', group: key('col.group.vms'), label: key('clusters.col.vmsOn'), numeric: true, value: (c) => c.vmsPoweredOn, text: (c) => fmtInt(c.vmsPoweredOn) },
  { id: 'cores', label: key('clusters.col.cores'), numeric: true, value: (c) => c.cores, text: (c) => fmtInt(c.cores) },
  { id: 'threads', label: key('clusters.col.threads'), numeric: true, value: (c) => c.threads, text: (c) => fmtInt(c.threads) },
  { id: 'ha', label: key('clusters.col.ha'), title: key('clusters.col.ha.title'), value: (c) => yesNo(c.haEnabled), text: (c) => yesNo(c.haEnabled) },
  {
    id: 'drs', label: key('clusters.col.drs'), title: key('clusters.col.drs.title'), value: drsText, text: drsText,
    render: (c) => el('span', { title: c.drsBehavior || null, text: drsText(c) }),
  },
  {
    id: 'pools', label: key('clusters.col.pools'), title: key('clusters.col.pools.title'), sortable: false, csv: false, filter: false,
    value: () => null, text: () => '',
    render: (c) => el('a', { className: 'pools-link', href: pageUrl('pools.html', { cluster: c.id, dc }), text: t('clusters.pools.link') }),
  },
  {
    id: 'graphs', label: key('clusters.col.graphs'), sortable: false, csv: false, filter: false, align: 'center',
    value: () => null, text: () => '', render: (c) => graphLink(c.id, c.name, dc),
  },
];

/** The target and N+1 controls; built again in the new language after a switch. */
function renderPlan() {
  const input = el('input', {
    id: 'plan-target', type: 'number', value: String(target),
    attrs: { min: '1', max: '100', step: '1', inputmode: 'numeric' },
    on: {
      change: () => {
        const v = validTarget(input.value);
        input.setAttribute('aria-invalid', String(v === null));
        if (v === null) return;
        target = v;
        replaceParams({ target: v === DEFAULT_TARGET ? null : String(v) });
        page.refresh();
      },
    },
  });
  const box = el('input', {
    id: 'plan-nplus1', type: 'checkbox',
    on: {
      change: () => {
        nPlusOne = box.checked;
        replaceParams({ nplus1: nPlusOne ? 'true' : null });
        page.refresh();
      },
    },
  });
  box.checked = nPlusOne;
  replaceChildren(document.getElementById('plan'),
    el('label', { for: 'plan-target', text: t('clusters.plan.target') }), input,
    el('label', { className: 'plan-check' }, box, ' ', t('clusters.plan.nplus1')),
    el('p', { className: 'plan-note', text: t('clusters.plan.note') }));
}

renderPlan();

const page = startPage({
  active: 'clusters',
  what: key('page.what.clusters'),
  relabel: () => {
    renderPlan();
    if (table) table.relabel();
  },
  async load(ctx) {
    limits = ctx.thresholds;
    dc = ctx.dc;
    if (!table) {
      table = new DataTable(document.getElementById('clusters'), {
        columns: COLUMNS, rowKey: (c) => c.id, sort: 'name', exportName: 'clusters', urlState: true,
        texts: { count: key('clusters.count'), empty: key('clusters.empty'), noMatch: key('clusters.noMatch'), caption: key('clusters.caption') },
      });
    }
    const clusters = ctx.dc ? await api.clusters(ctx.dc, target, nPlusOne) : [];
    table.setContext(ctx.datacenter ? ctx.datacenter.name : '');
    table.setRows(clusters);
  },
});
