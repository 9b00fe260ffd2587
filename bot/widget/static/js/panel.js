/* The panel around the conversation: text size, language, opening and closing the launcher's
 * panel, and keeping focused things in view. docs/widget.md, "Header" and "Launcher button".
 */
import { renderOwner, say, showConnection } from './announcer.js';
import { updateCount } from './compose.js';
import { rewriteAll, ui } from './dom.js';
import { config, state, store, TEXT_SIZES } from './state.js';
import { t } from './strings.js';
import { retryNow, start } from './transport.js';

var smallScreen = window.matchMedia('(max-width: 40em), (max-height: 30em)');

export function applySize(announce) {
  ui.root.style.setProperty('--pch-scale', String(state.size));
  var i = TEXT_SIZES.indexOf(state.size);
  ui.smaller.setAttribute('aria-disabled', i <= 0 ? 'true' : 'false');
  ui.bigger.setAttribute('aria-disabled', i >= TEXT_SIZES.length - 1 ? 'true' : 'false');
  if (announce) { say(t('textSizeNow', { n: Math.round(state.size * 100) })); }
}

export function changeSize(step) {
  var i = TEXT_SIZES.indexOf(state.size) + step;
  if (i < 0 || i >= TEXT_SIZES.length) { return; }
  state.size = TEXT_SIZES[i];
  store.set('localStorage', 'textSize', String(state.size));
  applySize(true);
  keepFocusVisible();
}

export function toggleLanguage() {
  state.lang = state.lang === 'en' ? 'cy' : 'en';
  store.set('localStorage', 'lang', state.lang);
  applyLanguage();
  say(t('langNow'));
}

export function applyLanguage() {
  ui.root.setAttribute('lang', state.lang);
  if (config.mode === 'page') { document.documentElement.setAttribute('lang', state.lang); }
  rewriteAll();
  keepFocusVisible();
  renderOwner();
  updateCount();
  if (state.lost) { showConnection(t('connectionLost'), retryNow); }
}

export function setOpen(open, moveFocus) {
  if (config.mode === 'page') { return; }
  state.open = open;
  ui.panel.hidden = !open;
  ui.launcher.setAttribute('aria-expanded', open ? 'true' : 'false');
  ui.root.classList.toggle('pch-root--open', open);
  store.set('sessionStorage', 'open', open ? '1' : '0');
  if (open) {
    state.unread = 0;
    ui.badge.hidden = true;
    start();
    if (moveFocus) { ui.input.focus(); }
  } else if (moveFocus) {
    ui.launcher.focus();
  }
  updateInert();
  keepFocusVisible();
}

// On a small screen the open panel fills the viewport, so the page behind it is made inert:
// nothing the person can reach by keyboard is hidden behind the widget.
function updateInert() {
  var shouldInert = config.mode !== 'page' && state.open && smallScreen.matches;
  state.inerted.forEach(function (el) { el.inert = false; });
  state.inerted = [];
  if (!shouldInert) { return; }
  Array.prototype.forEach.call(document.body.children, function (el) {
    if (el !== ui.root && !el.inert && el.tagName !== 'SCRIPT') { el.inert = true; state.inerted.push(el); }
  });
}

// On a larger screen the floating panel covers a corner of the page: leave room for it when the
// browser scrolls a focused element into view, and scroll one into view if it lands underneath.
export function keepFocusVisible() {
  if (config.mode === 'page') {
    // The sticky bar must not cover what the browser scrolls to on focus (WCAG 2.4.11).
    document.documentElement.style.setProperty('scroll-padding-top', (ui.bar.offsetHeight + 16) + 'px');
    return;
  }
  var covered = state.open && !smallScreen.matches ? ui.panel.getBoundingClientRect().height : 0;
  document.documentElement.style.setProperty('scroll-padding-bottom', covered ? (covered + 32) + 'px' : '');
  // Inside the panel, the sticky bar and form must not cover what focus scrolls to.
  if (state.open) {
    ui.panel.style.setProperty('scroll-padding-top', (ui.bar.offsetHeight + 8) + 'px');
    ui.panel.style.setProperty('scroll-padding-bottom', (ui.form.offsetHeight + 8) + 'px');
  }
}

function onFocusIn(event) {
  if (config.mode === 'page' || ui.root.contains(event.target)) { return; }
  var target = event.target.getBoundingClientRect();
  [ui.launcher, state.open ? ui.panel : null].forEach(function (cover) {
    if (!cover) { return; }
    var r = cover.getBoundingClientRect();
    var overlaps = target.bottom > r.top && target.top < r.bottom && target.right > r.left && target.left < r.right;
    if (overlaps) { window.scrollBy(0, target.bottom - r.top + 16); }
  });
}

function inView(el, whole) {
  var r = el.getBoundingClientRect();
  var height = window.innerHeight || document.documentElement.clientHeight;
  return whole ? (r.top >= 0 && r.bottom <= height) : (r.bottom > 0 && r.top < height);
}

// When the log is not its own scroll box (short windows, big text), anything that grows the panel
// (messages, banners, the typing line) pushes the form down. If the person could see the form,
// keep it, and so the newest message, in view; if they had scrolled up to read, leave them there.
var formSeen = false;
export function watchForm() {
  if (!('IntersectionObserver' in window) || !('ResizeObserver' in window)) { return; }
  new IntersectionObserver(function (records) {
    formSeen = records[records.length - 1].isIntersecting;
  }).observe(ui.form);
  new ResizeObserver(function () {
    keepFocusVisible();
    if (state.firstReplay) { return; }
    if (document.activeElement === ui.input ? !inView(ui.input, true) : (formSeen && !inView(ui.form))) {
      ui.input.scrollIntoView({ block: 'nearest' });
    }
  }).observe(ui.panel);
}

// Listeners on the host page: focus landing under the panel, and the screen changing size.
export function watchPage() {
  document.addEventListener('focusin', onFocusIn);
  var onMedia = function () { updateInert(); keepFocusVisible(); };
  if (smallScreen.addEventListener) { smallScreen.addEventListener('change', onMedia); }
  window.addEventListener('resize', keepFocusVisible);
  if (config.mode !== 'page') {
    ui.root.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && state.open && ui.panel.contains(event.target)) { setOpen(false, true); }
    });
  }
}
