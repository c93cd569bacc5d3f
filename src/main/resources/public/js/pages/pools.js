/**
 * The Resource pools page of one cluster (`?cluster=ID`, linked from the Clusters page): the pool
 * tree, indented, with each pool's CPU and memory reservation, limit, shares and expandable
 * reservation, its usage and its VMs. Sorted by name, the rows keep the tree's order (a pool sorts
 * by its path); the CSV names each pool by its path, for chargeback.
 */
import { ApiError, api } from '../api.js';
import { el, replaceChildren } from '../dom.js';
import { entityLink } from '../cells.js';
import { DASH, SHARES_LEVEL, fmtBytes, fmtInt, isNum, label } from '../format.js';
import { key, t } from '../i18n.js';
import { startPage } from '../page.js';
import { DataTable } from '../table.js';
import { pageUrl, param } from '../urls.js';

const cluster = param('cluster');
let table = null;
let dc = null;
let clusterName = null;

const mhz = (v) => (isNum(v) ? t('unit.join', { n: fmtInt(v), unit: t('unit.MHz') }) : DASH);
const yesNo = (v) => (v ? t('prop.yes') : t('prop.no'));
const limitText = (v, fmt) => (isNum(v) ? fmt(v) : t('pools.unlimited'));
const sharesText = (level, shares) => `${label(SHARES_LEVEL, level)} (${fmtInt(shares)})`;

/** The pools' paths ("Resources / Production"), by id, from the parents: rows come parents first. */
let paths = new Map();

function pathOf(p) {
  return paths.get(p.id) || p.name;
}

function nameCell(p) {
  const span = el('span', { className: p.depth > 0 ? 'pool-name child' : 'pool-name', title: pathOf(p), text: p.name });
  span.style.paddingInlineStart = `${p.depth * 1.25}em`;
  return span;
}

function vmsCell(p) {
  const out = el('span', { className: 'pool-vms' });
  (p.vmList || []).forEach((v, i) => {
    if (i) out.append(', ');
    out.append(entityLink(v.id, v.name, dc));
  });
  return out.childNodes.length ? out : DASH;
}

function allocation(kind, field, fmt) {
  const group = kind === 'cpu' ? key('col.group.poolCpu') : key('col.group.poolMem');
  const unit = kind === 'cpu' ? key('csv.unit.MHz') : key('csv.unit.bytes');
  return [
    {
      id: `${kind}Reservation`, group, label: key('pools.col.reservation'), title: key('pools.col.reservation.title'), numeric: true, unit,
      value: (p) => p[`${kind}Reservation${field}`], text: (p) => fmt(p[`${kind}Reservation${field}`]),
    },
    {
      id: `${kind}Limit`, group, label: key('pools.col.limit'), title: key('pools.col.limit.title'), numeric: true, unit,
      // no limit: empty in the CSV, last in a sort
      value: (p) => p[`${kind}Limit${field}`], text: (p) => limitText(p[`${kind}Limit${field}`], fmt),
    },
    {
      // the level and the number in words, also in the CSV; sorted by the number
      id: `${kind}Shares`, group, label: key('pools.col.shares'), title: key('pools.col.shares.title'),
      value: (p) => p[`${kind}Shares`], text: (p) => sharesText(p[`${kind}SharesLevel`], p[`${kind}Shares`]),
    },
    {
      id: `${kind}Expandable`, group, label: key('pools.col.expandable'), title: key('pools.col.expandable.title'),
      value: (p) => yesNo(p[`${kind}ExpandableReservation`]), text: (p) => yesNo(p[`${kind}ExpandableReservation`]),
    },
  ];
}

const COLUMNS = [
  { id: 'name', label: key('pools.col.name'), value: pathOf, text: pathOf, render: nameCell },
  ...allocation('cpu', 'Mhz', mhz),
  ...allocation('mem', 'Bytes', fmtBytes),
  {
    id: 'cpuUsage', group: key('col.group.poolUsage'), label: key('pools.col.cpuUsage'), title: key('pools.col.cpuUsage.title'), numeric: true,
    unit: key('csv.unit.MHz'), value: (p) => p.cpuUsageMhz, text: (p) => mhz(p.cpuUsageMhz),
  },
  {
    id: 'hostMemory', group: key('col.group.poolUsage'), label: key('pools.col.hostMemory'), title: key('pools.col.hostMemory.title'), numeric: true,
    unit: key('csv.unit.bytes'), value: (p) => p.hostMemoryUsageBytes, text: (p) => fmtBytes(p.hostMemoryUsageBytes),
  },
  {
    id: 'guestMemory', group: key('col.group.poolUsage'), label: key('pools.col.guestMemory'), title: key('pools.col.guestMemory.title'), numeric: true,
    unit: key('csv.unit.bytes'), value: (p) => p.guestMemoryUsageBytes, text: (p) => fmtBytes(p.guestMemoryUsageBytes),
  },
  { id: 'vms', label: key('pools.col.vms'), title: key('pools.col.vms.title'), numeric: true, value: (p) => p.vms, text: (p) => fmtInt(p.vms) },
  {
    id: 'vmList', label: key('pools.col.vmList'), sortable: false,
    value: (p) => (p.vmList || []).map((v) => v.name).join(', '), text: (p) => (p.vmList || []).map((v) => v.name).join(', '), render: vmsCell,
  },
];

function renderHead() {
  const box = document.getElementById('pools-cluster');
  if (!clusterName) {
    box.textContent = '';
    return;
  }
  replaceChildren(box, entityLink(cluster, clusterName, dc), ' · ',
    el('a', { href: pageUrl('clusters.html', { dc }), text: t('pools.backToClusters') }));
}

startPage({
  active: 'clusters',
  what: key('page.what.pools'),
  navigateOnDatacenterChange: true,
  relabel: () => {
    renderHead();
    if (table) table.relabel();
  },
  async load(ctx) {
    if (!cluster) throw new ApiError(400, 'bad_request', t('pools.noCluster'));
    const [entity, pools] = await Promise.all([api.entity(cluster), api.resourcePools(cluster)]);
    ctx.adoptDatacenter(entity.datacenter);
    dc = entity.datacenter || ctx.dc;
    clusterName = entity.name;
    renderHead();
    paths = new Map();
    for (const p of pools) paths.set(p.id, p.parent && paths.has(p.parent) ? `${paths.get(p.parent)} / ${p.name}` : p.name);
    if (!table) {
      table = new DataTable(document.getElementById('pools'), {
        columns: COLUMNS, rowKey: (p) => p.id, sort: 'name', exportName: 'resource-pools', urlState: true,
        texts: { count: key('pools.count'), empty: key('pools.empty'), noMatch: key('pools.noMatch'), caption: key('pools.caption') },
      });
    }
    table.setContext(clusterName);
    table.setRows(pools);
  },
});
