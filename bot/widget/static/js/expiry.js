/* The idle session: the warning before it ends (WCAG 2.2.1), keeping it open, what happens when it
 * has ended, and starting a new chat. docs/widget.md, "Expiry".
 */
import { renderOwner, say, setConnection, showConnection } from './announcer.js';
import { forgetRemoved, h, ui } from './dom.js';
import { state, store } from './state.js';
import { t } from './strings.js';
import { close, connect, send } from './transport.js';

export function setExpiry(seconds) {
  if (typeof seconds !== 'number' || seconds <= 0) { return; }
  state.expiresIn = seconds;
  window.clearTimeout(state.warnTimer);
  window.clearTimeout(state.expireTimer);
  hideWarning();
  // Warn two minutes before (or half-way through a shorter session): WCAG 2.2.1 asks for at
  // least 20 seconds to answer.
  var lead = Math.min(120, seconds / 2);
  state.warnTimer = window.setTimeout(showWarning, (seconds - lead) * 1000);
  state.expireTimer = window.setTimeout(onExpired, seconds * 1000);
}

export function restartExpiry() { if (state.expiresIn) { setExpiry(state.expiresIn); } }

function showWarning() {
  ui.expiry.textContent = '';
  ui.expiry.classList.add('pch-banner--shown');
  ui.expiry.appendChild(h('p', { text: t('expiryWarning') }));
  ui.expiry.appendChild(h('button', { type: 'button', 'class': 'pch-button', text: t('continueChat'), onclick: continueChat }));
}

function hideWarning() {
  ui.expiry.textContent = '';
  ui.expiry.classList.remove('pch-banner--shown');
}

function continueChat() {
  var hadFocus = ui.expiry.contains(document.activeElement);
  state.continuing = true;
  hideWarning();
  if (hadFocus) { ui.input.focus(); }
  if (!send({ type: 'keepalive' })) { connect(); }
}

// The gateway's pong after "Continue chat".
export function continued() {
  if (state.continuing) { state.continuing = false; say(t('continued')); }
}

export function onExpired() {
  if (state.expired) { return; }
  state.expired = true;
  setConnection('expired');
  window.clearTimeout(state.warnTimer);
  window.clearTimeout(state.expireTimer);
  window.clearTimeout(state.retryTimer);
  var hadFocus = ui.expiry.contains(document.activeElement);
  close();
  showConnection('');
  state.lost = false;
  ui.expiry.textContent = '';
  ui.expiry.classList.add('pch-banner--shown');
  ui.expiry.appendChild(h('p', { text: t('expired') }));
  ui.newChat.hidden = false;
  if (hadFocus) { ui.newChat.focus(); }
}

export function newChat() {
  close();
  store.remove('sessionStorage', 'token');
  store.remove('sessionStorage', 'outbox');
  state.token = null;
  state.outbox = [];
  state.outboxShown = true;
  state.entries = [];
  state.seen = {};
  state.lastId = 0;
  state.expired = false;
  state.ready = false;
  state.lost = false;
  state.stateFrame = null;
  state.owner = 'bot';
  ui.root.setAttribute('data-owner', 'bot');
  ui.replies = null;
  ui.log.textContent = '';
  forgetRemoved();
  ui.empty.hidden = false;
  hideWarning();
  showConnection('');
  renderOwner();
  ui.newChat.hidden = true;
  ui.input.focus();
  connect();
}
