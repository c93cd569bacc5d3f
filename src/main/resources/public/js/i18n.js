/**
 * The language of the pages (issue 17): English or French, from the choice stored in this browser,
 * else the browser's languages, else English. Texts come from the catalogs in i18n/ by key;
 * numbers and dates are formatted for `locale()` (see format.js).
 *
 * Keys are written as string literals where they are used: the first argument of `t` or, for a
 * key looked up later (a column label, an enum value), of `key`; static page text carries `data-i18n`
 * attributes. I18nCatalogTest reads the sources for those three forms, so that a key missing from
 * a catalog, or a catalog key nothing uses, fails the build rather than reaching a reader.
 */
import en from './i18n/en.js';
import fr from './i18n/fr.js';

const CATALOGS = { en, fr };
/** Each language named in itself, for the switch in the header. */
export const LANGUAGES = [['en', 'English'], ['fr', 'Français']];
const FALLBACK = 'en';
const STORAGE_KEY = 'vscope.lang';

const listeners = [];
let current = initialLanguage();
let plurals = new Intl.PluralRules(locale());

function base(tag) {
  return String(tag || '').toLowerCase().split('-')[0];
}

function stored() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v && CATALOGS[v] ? v : null;
  } catch (ignored) {
    // Storage refused (a privacy setting): the browser's languages decide.
    return null;
  }
}

function initialLanguage() {
  const chosen = stored();
  if (chosen) return chosen;
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of wanted) if (CATALOGS[base(tag)]) return base(tag);
  return FALLBACK;
}

/** The language of the texts: "en" or "fr". */
export function language() {
  return current;
}

/**
 * The locale of numbers and dates: the browser's own tag for that language when it has one
 * (fr-CH, en-GB keep their formats), else the language itself.
 */
export function locale() {
  const own = (navigator.languages || [navigator.language]).find((tag) => base(tag) === current);
  return own || current;
}

/** Marks a catalog key that is looked up later with `t`; returns it unchanged. */
export function key(k) {
  return k;
}

/**
 * The text of a key, with `{name}` replaced by params[name]. A catalog entry may be an object of
 * plural forms ({one, other}), chosen by params.count. A key missing in the language falls back to
 * English, and one missing there too is reported and shown as nothing rather than as a key.
 */
export function t(k, params) {
  let entry = CATALOGS[current][k] ?? CATALOGS[FALLBACK][k];
  if (entry === undefined) {
    console.warn(`vscope: no text for "${k}"`);
    return '';
  }
  if (typeof entry === 'object') {
    const count = params && typeof params.count === 'number' ? params.count : 0;
    entry = entry[plurals.select(count)] ?? entry.other;
  }
  if (!params) return entry;
  return entry.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/**
 * Translates the static text of a page: `data-i18n` sets the text, `data-i18n-label` the
 * aria-label, `data-i18n-title` the title attribute.
 */
export function translateDom(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.setAttribute('title', t(node.dataset.i18nTitle));
  document.documentElement.lang = current;
}

/** Calls `fn` after every switch of language. */
export function onLanguageChange(fn) {
  listeners.push(fn);
}

/** Switches language in place (no reload) and remembers the choice in this browser. */
export function setLanguage(lang) {
  if (!CATALOGS[lang]) return;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch (ignored) {
    // Not remembered, still applied for this page.
  }
  if (lang === current) return;
  current = lang;
  plurals = new Intl.PluralRules(locale());
  translateDom();
  for (const fn of listeners) fn(lang);
}

translateDom();
