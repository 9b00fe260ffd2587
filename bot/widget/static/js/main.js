/* Police complaints help: the public chat widget, as ES modules with no build step.
 *
 * mount() is the one way in: /widget.js (the tag other sites embed) imports this module, and our
 * own page uses page.js. Protocol with the gateway: docs/web-protocol.md. Accessibility criteria
 * per component and the options an embedding site can set: docs/widget.md.
 *
 * Modules: state (what is remembered), strings (words, from texts/widget.json), dom (elements),
 * transport (session token, socket, reconnect), conversation (what frames do), render (the log),
 * announcer (live regions), compose (the form and outbox), expiry, panel (size, language,
 * launcher), exit, transcript, and build (the elements, once).
 */
import { build, injectStylesheet } from './build.js';
import { follow } from './conversation.js';
import { onKeyup } from './exit.js';
import { applyLanguage, setOpen, watchPage } from './panel.js';
import { config, configure, restore, state, store } from './state.js';
import { known } from './strings.js';
import { retryNow, start } from './transport.js';

// Everything the widget talks to is where this module came from, whichever page embeds it.
const ORIGIN = new URL(import.meta.url).origin;

// `data`: the embedding tag's data- attributes (mode, target, exitUrl, lang, open);
// `settings`: this gateway's (exitUrl, retentionDays, maxChars, stylesheet).
export function mount(data, settings) {
  if (window.__policeComplaintsWidget) { return; }
  window.__policeComplaintsWidget = true;
  configure(ORIGIN, data || {}, settings || {});
  restore(known);
  follow();
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}

function init() {
  injectStylesheet();
  build();
  document.addEventListener('keyup', onKeyup, true);
  window.addEventListener('online', function () { if (state.lost) { retryNow(); } });
  watchPage();
  if (config.mode === 'page') {
    if (state.lang !== 'en') { document.documentElement.setAttribute('lang', state.lang); }
    start();
  } else {
    var wasOpen = store.get('sessionStorage', 'open') === '1';
    // A conversation already under way (a reload) reconnects at once; otherwise nothing is
    // created on the server until the person opens the chat.
    if (config.open || wasOpen) { setOpen(true, false); } else if (state.token) { start(); }
  }
  if (state.lang !== 'en') { applyLanguage(); }
}
