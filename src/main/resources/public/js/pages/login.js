/**
 * The login page: sends the vSphere credentials to the API, which checks them against vCenter,
 * then goes back to the page the user came from. `next` is only followed to a path of this site.
 * The language can be switched here too, before there is a header to do it from.
 */
import { el } from '../dom.js';
import { LANGUAGES, language, setLanguage, t } from '../i18n.js';

const form = document.getElementById('login');
const error = document.getElementById('login-error');
const submit = document.getElementById('submit');

const languages = el('select', {
  id: 'lang-select', attrs: { 'data-i18n-label': 'header.language', 'aria-label': t('header.language') },
  on: { change: () => setLanguage(languages.value) },
}, LANGUAGES.map(([code, name]) => el('option', { value: code, text: name, attrs: { lang: code } })));
languages.value = language();
document.querySelector('.login-box').append(languages);

/**
 * A path of this site from `?next=`, or the overview. The value is parsed as the browser will
 * follow it (the URL parser drops tabs and newlines, so `/\t/evil.example` is `//evil.example`)
 * and kept only when its origin is this page's.
 */
function nextPage() {
  const next = new URLSearchParams(location.search).get('next');
  if (next && next.startsWith('/')) {
    try {
      const url = new URL(next, location.origin);
      if (url.origin === location.origin) return url.pathname + url.search + url.hash;
    } catch (ignored) {
      // not a URL: the overview
    }
  }
  return 'index.html';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const username = form.username.value.trim();
  const password = form.password.value;
  if (!username || !password) {
    error.textContent = t('login.missing');
    return;
  }
  submit.disabled = true;
  try {
    const res = await fetch('api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': language() },
      credentials: 'same-origin',
      body: JSON.stringify({ username, password }),
    });
    if (res.ok) {
      location.assign(nextPage());
      return;
    }
    let message = t('login.failed', { status: res.status });
    try {
      const body = await res.json();
      if (body && body.message) message = body.message.charAt(0).toUpperCase() + body.message.slice(1) + '.';
    } catch (ignored) {
      // not JSON: keep the status line
    }
    error.textContent = message;
    form.password.value = '';
    form.password.focus();
  } catch (e) {
    error.textContent = t('api.unreachable');
  } finally {
    submit.disabled = false;
  }
});
