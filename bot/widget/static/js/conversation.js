/* What the gateway's frames do to the page: new messages, who is answering, errors, and the
 * connection dropping and coming back. It is the one listener of transport.js.
 */
import { announceLog, quietLog, renderOwner, setConnection, showConnection } from './announcer.js';
import { chooseReply, confirmSent, flushOutbox, returnRefused, showError, showRestoredOutbox } from './compose.js';
import { ui } from './dom.js';
import { continued, onExpired, setExpiry } from './expiry.js';
import { addReplies, appendEntry, removeReplies, renderPendingStatus, scrollLog, showTyping } from './render.js';
import { config, state } from './state.js';
import { t } from './strings.js';
import { listen, retryNow } from './transport.js';

export function follow() {
  listen({
    status: setConnection,
    expiresIn: setExpiry,
    opening: function () { if (state.firstReplay) { quietLog(); } },
    frame: onFrame,
    ready: onConnected,
    down: onDisconnected,
    gone: onExpired
  });
}

function onConnected() {
  if (state.firstReplay) {
    state.firstReplay = false;
    announceLog();
    scrollLog(true);
  }
  showRestoredOutbox();
  if (state.lost) {
    state.lost = false;
    showConnection(t('reconnected'));
    window.setTimeout(function () { if (!state.lost) { showConnection(''); } }, 6000);
  }
  flushOutbox();
  state.entries.forEach(renderPendingStatus);
}

function onDisconnected() {
  if (state.firstReplay) { announceLog(); state.firstReplay = false; }
  showRestoredOutbox();
  state.entries.forEach(renderPendingStatus);
  if (!state.lost) {
    state.lost = true;
    showConnection(t('connectionLost'), retryNow);
  }
}

function onFrame(frame) {
  if (frame.type === 'message') { onMessage(frame); }
  else if (frame.type === 'state') {
    state.stateFrame = frame;
    state.owner = frame.owner || 'bot';
    ui.root.setAttribute('data-owner', state.owner);
    renderOwner();
    ui.newChat.hidden = state.owner !== 'closed';
  } else if (frame.type === 'typing') { showTyping(true); }
  else if (frame.type === 'pong') { continued(); }
  else if (frame.type === 'error') { onServerError(frame); }
}

function onMessage(frame) {
  var id = typeof frame.id === 'number' ? frame.id : null;
  if (id !== null) {
    if (state.seen[id]) { return; }
    state.seen[id] = true;
    if (id > state.lastId) { state.lastId = id; }
  }
  var author = ['user', 'bot', 'staff', 'system'].indexOf(frame.author) >= 0 ? frame.author : 'bot';
  if (author !== 'user') { showTyping(false); }

  // The echo of something the person sent: confirm the pending entry instead of adding another.
  if (frame.client_id && confirmSent(frame.client_id, id, frame.at)) { return; }

  if (author === 'user') { removeReplies(); }
  var entry = {
    id: id, author: author, text: String(frame.text || ''), staffName: frame.staff_name || null,
    at: frame.at || null, clientId: frame.client_id || null
  };
  appendEntry(entry);
  if (frame.buttons && frame.buttons.length) { addReplies(entry, frame.buttons, chooseReply); }
  if (author !== 'user' && config.mode !== 'page' && !state.open) {
    state.unread += 1;
    ui.badge.hidden = false;
  }
}

function onServerError(frame) {
  var messages = {
    too_long: t('errorTooLong', { max: config.maxChars }),
    rate_limited: t('errorRateLimited'),
    bad_request: t('errorBadRequest')
  };
  if (frame.code === 'expired') { onExpired(); return; }
  if (messages[frame.code]) { returnRefused(); }
  showError(messages[frame.code] || t('errorGeneric'));
}
