/**
 * The header every page shares: product name, navigation, the datacenter's red and yellow vCenter
 * alarms (as many as the user may see, linking to the Alarms page), datacenter selector, the two clocks
 * ("Page refreshed" is when this page last fetched, "Data collected" is when vscope last read
 * vCenter, which is what tells whether the numbers are current), the language switch and the
 * stale-data banner.
 */
import { logout } from './api.js';
import { el, replaceChildren } from './dom.js';
import { DASH, fmtAgo, fmtClock, fmtInt, parseTime } from './format.js';
import { freshnessBanner } from './freshness.js';
import { LANGUAGES, key, language, setLanguage, t } from './i18n.js';
import { pageUrl } from './urls.js';

const NAV = [
  ['overview', 'index.html', key('nav.overview')],
  ['clusters', 'clusters.html', key('nav.clusters')],
  ['hosts', 'hosts.html', key('nav.hosts')],
  ['filer', 'filer.html', key('nav.filer')],
  ['vms', 'vms.html', key('nav.vms')],
  ['snapshots', 'snapshots.html', key('nav.snapshots')],
  ['top', 'top.html', key('nav.top')],
  ['health', 'health.html', key('nav.health')],
  ['alarms', 'alarms.html', key('nav.alarms')],
  ['events', 'events.html', key('nav.events')],
  ['alerts', 'alerts.html', key('nav.alerts')],
  ['status', 'status.html', key('nav.status')],
];

export class Header {
  /**
   * @param {string} active the current page's NAV key (null on the detail page)
   * @param {(dcId: string) => void} onDatacenterChange
   * @param {() => void} onRefresh fetch again now, in place
   */
  constructor(active, onDatacenterChange, onRefresh) {
    this.root = document.getElementById('topbar');
    if (!this.root) {
      this.root = el('header', { id: 'topbar' });
      document.body.prepend(this.root);
    }
    this.root.classList.add('topbar');
    this.banners = document.getElementById('banners');
    this.active = active;
    this.onDatacenterChange = onDatacenterChange;
    this.onRefresh = onRefresh;
    this.vc = null;
    this.defaultInterval = 60;
    this.skewMs = 0;
    this.session = null;
    this.datacenters = [];
    this.dcId = null;
    this.refreshedAt = null;
    this.render();

    // The age and the staleness change with time alone, between two fetches.
    setInterval(() => this.tick(), 1000);
  }

  /** Builds the header in the current language, showing what it knew before (after a switch). */
  render() {
    this.brand = el('a', { className: 'brand', href: 'index.html' }, el('span', { className: 'brand-mark', text: 'v' }), 'scope');
    this.links = NAV.map(([page, href, text]) => el('a', {
      href, text: t(text), dataset: { page: href }, attrs: { 'aria-current': page === this.active ? 'page' : null },
    }));
    this.select = el('select', { id: 'dc-select', on: { change: () => this.onDatacenterChange(this.select.value) } });
    this.picker = el('div', { className: 'dc-picker', hidden: true }, el('label', { for: 'dc-select', text: t('header.datacenter') }), this.select);
    this.pageTime = el('time', { id: 'page-refreshed', text: DASH });
    this.refreshBtn = el('button', {
      type: 'button', id: 'refresh-now', className: 'icon-btn', title: t('header.refreshNow'),
      attrs: { 'aria-label': t('header.refreshNow') }, on: { click: () => this.onRefresh() },
    }, el('span', { attrs: { 'aria-hidden': 'true' }, text: '↻' }));
    this.dataTime = el('time', { id: 'data-collected', text: DASH });
    this.dataAge = el('span', { id: 'data-age' });
    this.alarms = el('a', { id: 'header-alarms', className: 'alarm-counts', hidden: true });
    this.user = el('span', { className: 'user', hidden: true });
    this.languageSelect = el('select', {
      id: 'lang-select', attrs: { 'aria-label': t('header.language') }, title: t('header.language'),
      on: { change: () => setLanguage(this.languageSelect.value) },
    }, LANGUAGES.map(([code, name]) => el('option', { value: code, text: name, attrs: { lang: code } })));
    this.languageSelect.value = language();
    replaceChildren(this.root,
      this.brand,
      el('nav', { className: 'nav', attrs: { 'aria-label': t('header.nav') } }, this.links),
      el('div', { className: 'topbar-meta' },
        this.alarms,
        this.picker,
        el('span', {}, t('header.pageRefreshed'), ' ', this.pageTime, ' ', this.refreshBtn),
        el('span', { title: t('header.dataCollectedTitle') }, t('header.dataCollected'), ' ', this.dataTime, ' ', this.dataAge),
        this.user,
        this.languageSelect));
    this.bannerKey = null;
    if (this.session) this.setSession(this.session);
    this.setDatacenters(this.datacenters, this.dcId);
    if (this.refreshedAt) this.setPageRefreshed(this.refreshedAt);
    this.tick();
  }

  /** Shows who is logged in, with a way out; nothing when the server runs without login. */
  setSession(session) {
    if (!session || !session.loginRequired || !session.username) return;
    this.session = session;
    replaceChildren(this.user,
      el('span', { id: 'session-user', text: session.username }),
      el('button', { type: 'button', id: 'logout', className: 'btn', on: { click: () => logout() } }, t('header.logout')));
    this.user.hidden = false;
  }

  /** Fills the selector; it is shown only when there is a choice to make. */
  setDatacenters(list, currentId) {
    this.datacenters = list;
    this.dcId = currentId;
    const options = list.map((dc) => el('option', { value: dc.id, text: dc.name }));
    replaceChildren(this.select, options);
    this.select.value = currentId || '';
    this.picker.hidden = list.length <= 1;
    this.updateLinks(currentId);
  }

  /** The shown datacenter's red and yellow alarms, from its entry in the datacenter list. */
  renderAlarms() {
    const dc = this.datacenters.find((d) => d.id === this.dcId);
    this.alarms.hidden = !dc;
    if (!dc) return;
    const red = Number(dc.alarmsRed) || 0;
    const yellow = Number(dc.alarmsYellow) || 0;
    const title = t('header.alarms', { red: fmtInt(red), yellow: fmtInt(yellow), name: dc.name });
    this.alarms.title = title;
    this.alarms.setAttribute('aria-label', title);
    replaceChildren(this.alarms,
      el('span', { className: `badge ${red ? 'crit' : 'muted'}`, dataset: { status: 'red' }, attrs: { 'aria-hidden': 'true' }, text: `● ${fmtInt(red)}` }),
      el('span', { className: `badge ${yellow ? 'warn' : 'muted'}`, dataset: { status: 'yellow' }, attrs: { 'aria-hidden': 'true' }, text: `▲ ${fmtInt(yellow)}` }));
  }

  /** Makes every navigation link carry the datacenter. */
  updateLinks(dcId) {
    this.dcId = dcId;
    for (const a of this.links) a.href = pageUrl(a.dataset.page, { dc: dcId });
    this.brand.href = pageUrl('index.html', { dc: dcId });
    this.alarms.href = pageUrl('alarms.html', { dc: dcId });
    this.renderAlarms();
    if (this.select.value !== (dcId || '')) this.select.value = dcId || '';
  }

  setPageRefreshed(date) {
    this.refreshedAt = date;
    this.pageTime.textContent = fmtClock(date);
    this.pageTime.dateTime = date.toISOString();
  }

  /** The status entry of the vCenter that the shown datacenter comes from. */
  setCollection(vc, defaultInterval) {
    this.vc = vc;
    this.defaultInterval = defaultInterval || this.defaultInterval;
    this.tick();
  }

  /** Server clock minus browser clock, in ms (from the status answer's `now`). */
  setClockSkew(ms) {
    this.skewMs = Number.isFinite(ms) ? ms : 0;
  }

  tick() {
    const vc = this.vc;
    const now = Date.now() + this.skewMs;
    const last = vc ? parseTime(vc.lastSuccess) : null;
    this.dataTime.textContent = last ? fmtClock(last) : DASH;
    if (last) this.dataTime.dateTime = last.toISOString();
    this.dataAge.textContent = last ? `(${fmtAgo(last, now)})` : '';
    this.renderBanner(freshnessBanner(vc, this.defaultInterval, now));
  }

  renderBanner(banner) {
    if (!this.banners) return;
    const key = banner ? `${banner.level}|${banner.title}|${banner.detail}` : '';
    if (key === this.bannerKey) return;
    this.bannerKey = key;
    if (!banner) {
      this.banners.replaceChildren();
      return;
    }
    replaceChildren(this.banners,
      el('div', { className: `banner ${banner.level}`, id: 'freshness-banner', attrs: { role: banner.level === 'crit' ? 'alert' : 'status' } },
        el('strong', { text: banner.title }),
        banner.detail ? el('span', { className: 'banner-detail', text: t('header.lastError', { detail: banner.detail }) }) : null));
  }
}
