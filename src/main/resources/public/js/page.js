/**
 * What every page does around its own content: render the header, load settings and the
 * datacenter list, pick the datacenter from the URL, and refresh in place every collection
 * interval. A page module only supplies `load(ctx)`, which fetches its data and renders it.
 *
 * Refreshes are serialized (a slow server never gets overlapping requests from one tab) and skipped
 * while the tab is hidden, catching up when it becomes visible again.
 */
import { api, loginUrl } from './api.js';
import { Header } from './header.js';
import { onLanguageChange, t } from './i18n.js';
import { vcenterOf } from './freshness.js';
import { clearMessage, showMessage } from './messages.js';
import { mergeThresholds } from './thresholds.js';
import { pageUrl, param } from './urls.js';

const MIN_INTERVAL_S = 10;

/**
 * @param {object} options
 * @param {string|null} options.active navigation key of this page
 * @param {string} options.what catalog key of what the page loads, for error messages ("the hosts")
 * @param {(ctx: PageContext) => Promise<void>} options.load fetches and renders; throws on failure
 * @param {() => void} [options.relabel] called when the reader switches language, before the
 *     page loads again: for what `load` builds once and keeps (tables, charts)
 * @param {boolean} [options.navigateOnDatacenterChange] leave the page (to the overview) when the
 *     datacenter changes, for pages that show one entity
 */
export function startPage(options) {
  const page = new Page(options);
  page.start();
  return page;
}

/**
 * What a page's load function gets: the datacenter, thresholds, settings.
 * @typedef {{dc: string|null, datacenter: object|null, datacenters: object[], settings: object,
 *   thresholds: object, adoptDatacenter: (id: string) => void}} PageContext
 */

class Page {
  constructor(options) {
    this.options = options;
    this.header = new Header(options.active, (id) => this.changeDatacenter(id), () => this.refresh());
    this.settings = { intervalSeconds: 60 };
    this.thresholds = mergeThresholds(null);
    this.datacenters = [];
    this.status = null;
    this.dcId = param('dc');
    this.chain = Promise.resolve();
    this.timer = 0;
    this.missedWhileHidden = false;
    /** key → {kind, text(), detail} of the messages shown, to translate them on a switch. */
    this.messages = new Map();

    window.addEventListener('popstate', () => {
      this.dcId = param('dc');
      this.refresh();
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && this.missedWhileHidden) this.refresh();
    });
    // A switch of language takes effect in place: the header and the page's own parts in the new
    // words, then a load that renders the data with them (and the new number formats).
    onLanguageChange(() => {
      this.header.render();
      this.updateCollection();
      for (const [k, m] of this.messages) showMessage(k, m.kind, m.text(), m.detail);
      if (this.options.relabel) this.options.relabel();
      this.refresh();
    });
  }

  /** Shows a message whose text is made again in the new language after a switch. */
  message(k, kind, text, detail) {
    this.messages.set(k, { kind, text, detail });
    showMessage(k, kind, text(), detail);
  }

  unmessage(k) {
    this.messages.delete(k);
    clearMessage(k);
  }

  /** The first load; refreshes (timer, button, datacenter change) queue behind it. */
  start() {
    this.chain = this.init().catch((e) => console.warn('start failed', e)).then(() => this.schedule());
  }

  async init() {
    // One question first: a reader not logged in goes to the login form after one 200, not after
    // a 401 for each of the requests below (issue 15).
    let session = null;
    try {
      session = await api.session();
    } catch (ignored) {
      // A server that cannot be reached: the requests below report it.
    }
    if (session && session.loginRequired && session.authenticated === false) {
      location.assign(loginUrl());
      // Never settles: the page is going away, and nothing is to be scheduled meanwhile.
      return new Promise(() => {});
    }
    // Only shown when there is one: a server without login is fine too.
    if (session) this.header.setSession(session);
    const [settings, datacenters, status] = await Promise.allSettled([
      api.settings(), api.datacenters(), api.status(),
    ]);
    if (settings.status === 'fulfilled') {
      this.settings = settings.value || this.settings;
      this.thresholds = mergeThresholds(this.settings.thresholds);
    } else {
      this.message('settings', 'warn', () => t('page.settingsFailed'), settings.reason.message);
    }
    this.acceptStatus(status);
    this.acceptDatacenters(datacenters);
    await this.loadPage();
  }

  get intervalMs() {
    return Math.max(MIN_INTERVAL_S, Number(this.settings.intervalSeconds) || 60) * 1000;
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (document.hidden) {
        this.missedWhileHidden = true;
        return;
      }
      this.refresh();
    }, this.intervalMs);
  }

  /** One refresh cycle after whatever cycle is running. */
  refresh() {
    this.missedWhileHidden = false;
    this.chain = this.chain.then(() => this.cycle()).catch((e) => console.warn('refresh failed', e)).then(() => this.schedule());
    return this.chain;
  }

  async cycle() {
    const [datacenters, status] = await Promise.allSettled([api.datacenters(), api.status()]);
    this.acceptStatus(status);
    this.acceptDatacenters(datacenters);
    await this.loadPage();
  }

  acceptStatus(result) {
    if (result.status === 'fulfilled') {
      this.status = result.value;
      // Ages ("12 s ago") are measured on the server's clock: a browser whose clock is off
      // by minutes would otherwise see fresh data as stale, or the reverse.
      const serverNow = this.status && this.status.now ? Date.parse(this.status.now) : NaN;
      this.header.setClockSkew(Number.isNaN(serverNow) ? 0 : serverNow - Date.now());
      this.unmessage('status');
    } else {
      this.message('status', 'warn', () => t('page.statusFailed'), result.reason.message);
    }
  }

  acceptDatacenters(result) {
    if (result.status !== 'fulfilled') {
      this.message('datacenters', 'crit', () => t('page.datacentersFailed'), result.reason.message);
      return;
    }
    this.unmessage('datacenters');
    this.datacenters = Array.isArray(result.value) ? result.value : [];
    if (this.datacenters.length === 0) {
      this.message('no-dc', 'info', () => t('page.noDatacenter'));
    } else {
      this.unmessage('no-dc');
    }
    const known = this.datacenters.some((d) => d.id === this.dcId);
    if (this.dcId && !known && this.datacenters.length > 0) {
      const [wanted, shown] = [this.dcId, this.datacenters[0].name];
      this.message('dc', 'warn', () => t('page.datacenterGone', { wanted, shown }));
    } else {
      this.unmessage('dc');
    }
    if (!known) this.dcId = this.datacenters.length ? this.datacenters[0].id : null;
    this.header.setDatacenters(this.datacenters, this.dcId);
    this.updateCollection();
  }

  updateCollection() {
    const dc = this.datacenters.find((d) => d.id === this.dcId) || null;
    this.header.setCollection(vcenterOf(this.status, dc), this.settings.intervalSeconds);
    for (const node of document.querySelectorAll('[data-dc-name]')) node.textContent = dc ? dc.name : '';
  }

  async loadPage() {
    const ctx = {
      dc: this.dcId,
      datacenter: this.datacenters.find((d) => d.id === this.dcId) || null,
      datacenters: this.datacenters,
      settings: this.settings,
      status: this.status,
      thresholds: this.thresholds,
      adoptDatacenter: (id) => this.adoptDatacenter(id),
    };
    try {
      await this.options.load(ctx);
      this.unmessage('load');
      this.header.setPageRefreshed(new Date());
      this.markLoaded('ok');
    } catch (e) {
      // Keep what is on screen: stale numbers with a message beat an empty page.
      this.message('load', 'crit', () => t('page.loadFailed', { what: t(this.options.what) }), e.message);
      if (!(e && e.name === 'ApiError')) console.error(e);
      this.markLoaded('error');
    }
  }

  /**
   * Records on <body> that a load finished (data-state ok|error, data-loads a counter): what
   * the browser tests wait for, and a hint when debugging a page in the field.
   */
  markLoaded(state) {
    this.loads = (this.loads || 0) + 1;
    document.body.dataset.state = state;
    document.body.dataset.loads = String(this.loads);
  }

  /** The entity page learns its datacenter from the entity. */
  adoptDatacenter(id) {
    if (!id || id === this.dcId) return;
    this.dcId = id;
    this.header.updateLinks(id);
    this.updateCollection();
  }

  changeDatacenter(id) {
    if (this.options.navigateOnDatacenterChange) {
      location.assign(pageUrl('index.html', { dc: id }));
      return;
    }
    this.dcId = id;
    const url = new URL(location.href);
    url.searchParams.set('dc', id);
    history.pushState(null, '', url);
    this.header.updateLinks(id);
    this.updateCollection();
    this.refresh();
  }
}
