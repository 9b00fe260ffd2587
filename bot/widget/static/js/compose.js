/* Typing and sending: the message form, its errors and character count, shortcut buttons, and the
 * outbox that keeps every message until the gateway echoes it back. docs/widget.md, "Sending".
 */
import { h, ui, uuid } from './dom.js';
import { restartExpiry } from './expiry.js';
import { appendEntry, removeReplies } from './render.js';
import { config, saveOutbox, state, store } from './state.js';
import { t } from './strings.js';
import { connect, send } from './transport.js';

export function showError(message) {
  ui.error.textContent = '';
  ui.input.removeAttribute('aria-invalid');
  ui.form.classList.remove('pch-form--error');
  if (!message) { return; }
  ui.form.classList.add('pch-form--error');
  ui.input.setAttribute('aria-invalid', 'true');
  ui.error.appendChild(h('span', { 'class': 'pch-visually-hidden', text: t('errorPrefix') + ' ' }));
  ui.error.appendChild(document.createTextNode(message));
}

export function updateCount() {
  var length = ui.input.value.length;
  var left = config.maxChars - length;
  // Like GOV.UK's character count: only speak up when the limit is close.
  ui.count.textContent = left < 0 ? t('charsOver', { n: -left })
    : (length >= config.maxChars * 0.8 ? t('charsLeft', { n: left }) : '');
  ui.count.classList.toggle('pch-count--over', left < 0);
}

export function onInputKeydown(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    submitTyped();
  }
}

export function onInputChange() {
  store.set('sessionStorage', 'draft', ui.input.value);
  updateCount();
  if (ui.input.getAttribute('aria-invalid') && ui.input.value.trim() && ui.input.value.length <= config.maxChars) {
    showError('');
  }
}

export function submitTyped() {
  var value = ui.input.value;
  if (!value.trim()) { showError(t('errorEmpty')); return; }
  if (value.length > config.maxChars) { showError(t('errorTooLong', { max: config.maxChars })); return; }
  showError('');
  queue({ type: 'message', text: value.trim(), client_id: uuid() }, value.trim());
  ui.input.value = '';
  store.remove('sessionStorage', 'draft');
  updateCount();
}

// A shortcut button says, as the person, the words it stands for (so NLU and the danger check
// treat it exactly like typing them).
export function sayAsPerson(key) {
  var words = t(key + 'Says');
  queue({ type: 'message', text: words, client_id: uuid() }, words);
  ui.input.focus();
}

export function chooseReply(button) {
  removeReplies();
  queue({ type: 'button', payload: button.payload, title: button.title, client_id: uuid() }, button.title);
  // The chosen button is gone: carry on from the message box (the next replies are just above it).
  ui.input.focus();
}

// Everything the person sends goes through the outbox (kept in sessionStorage) until the server
// echoes it back with its client_id, so nothing is lost to a dropped connection or a reload.
function queue(frame, shown) {
  frame.shown = shown;
  state.outbox.push(frame);
  saveOutbox();
  appendPending(frame);
  removeReplies();
  if (state.ready) { transmit(frame); } else { connect(); }
  restartExpiry();
}

function appendPending(frame) {
  var entry = { author: 'user', text: frame.shown, pending: true, clientId: frame.client_id, at: new Date().toISOString() };
  appendEntry(entry);
}

function transmit(frame) {
  var out = { type: frame.type, client_id: frame.client_id };
  if (frame.type === 'message') { out.text = frame.text; } else { out.payload = frame.payload; out.title = frame.title; }
  if (send(out)) { frame.sent = true; } // otherwise resent after reconnect
}

export function flushOutbox() {
  state.outbox.forEach(function (frame) { transmit(frame); });
}

// Messages waiting from before a reload are shown after the history (the replay confirms any the
// server already has), or at once if the server cannot be reached.
export function showRestoredOutbox() {
  if (state.outboxShown) { return; }
  state.outboxShown = true;
  state.outbox.forEach(function (frame) {
    var shown = state.entries.some(function (entry) { return entry.clientId === frame.client_id; });
    if (!shown) { appendPending(frame); }
  });
}

// The echo of something the person sent: true if it confirmed a pending entry (so nothing new is
// added to the log).
export function confirmSent(clientId, id, at) {
  var index = -1;
  for (var i = 0; i < state.outbox.length; i++) {
    if (state.outbox[i].client_id === clientId) { index = i; break; }
  }
  if (index >= 0) { state.outbox.splice(index, 1); saveOutbox(); }
  for (var j = 0; j < state.entries.length; j++) {
    var pending = state.entries[j];
    if (pending.pending && pending.clientId === clientId) {
      pending.pending = false;
      pending.id = id;
      pending.at = at || pending.at;
      if (pending.statusEl) { pending.statusEl.parentNode.removeChild(pending.statusEl); pending.statusEl = null; }
      return true;
    }
  }
  return false;
}

// A send the server refused comes back to the person: their words go back into the box.
export function returnRefused() {
  var frame = null;
  for (var i = state.outbox.length - 1; i >= 0; i--) {
    if (state.outbox[i].sent) { frame = state.outbox.splice(i, 1)[0]; break; }
  }
  if (!frame) { return; }
  saveOutbox();
  for (var j = state.entries.length - 1; j >= 0; j--) {
    var entry = state.entries[j];
    if (entry.pending && entry.clientId === frame.client_id) {
      entry.el.parentNode && entry.el.parentNode.removeChild(entry.el);
      state.entries.splice(j, 1);
      break;
    }
  }
  if (frame.type === 'message') {
    ui.input.value = ui.input.value ? frame.text + '\n' + ui.input.value : frame.text;
    store.set('sessionStorage', 'draft', ui.input.value);
    updateCount();
  }
}
