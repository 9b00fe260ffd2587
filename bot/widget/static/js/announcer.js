/* What a screen reader hears besides the conversation: the live regions (connection, who is
 * answering, the expiry alert, one-off announcements), and keeping the first replay quiet.
 * docs/widget.md, "Status banners" and "Conversation log".
 */
import { h, ui } from './dom.js';
import { state } from './state.js';
import { t } from './strings.js';

// Live regions exist from the start (empty) so that later changes are announced.
export function liveRegions() {
  ui.connection = h('div', { 'class': 'pch-banner pch-banner--connection', role: 'status' });
  ui.ownerBox = h('div', { 'class': 'pch-banner pch-banner--owner', role: 'status' });
  ui.expiry = h('div', { 'class': 'pch-banner pch-banner--expiry', role: 'alert' });
  ui.announcer = h('div', { 'class': 'pch-visually-hidden', role: 'status' });
}

// One polite announcement that is not part of the conversation.
export function say(message) {
  ui.announcer.textContent = '';
  window.setTimeout(function () { ui.announcer.textContent = message; }, 50);
}

// The first replay is history, not news: fill the log quietly, then announce from here on.
export function quietLog() { ui.log.setAttribute('aria-live', 'off'); }
export function announceLog() { ui.log.setAttribute('aria-live', 'polite'); }

// For styling and tests: connecting | online | offline | expired.
export function setConnection(value) { ui.root.setAttribute('data-connection', value); }

// The connection banner; `onRetry` adds a "Try again now" button.
export function showConnection(message, onRetry) {
  ui.connection.textContent = '';
  if (!message) { ui.connection.classList.remove('pch-banner--shown'); return; }
  ui.connection.classList.add('pch-banner--shown');
  ui.connection.appendChild(h('p', { text: message }));
  if (onRetry) {
    ui.connection.appendChild(h('button', {
      type: 'button', 'class': 'pch-button pch-button--secondary', text: t('retryNow'), onclick: onRetry
    }));
  }
}

// Who is answering: waiting for a person (with the real queue position), a named member of
// staff, or a chat that staff have closed.
var ownerText = '';
export function renderOwner() {
  var f = state.stateFrame || { owner: 'bot' };
  var lines = [];
  var title = '';
  if (f.owner === 'queued') {
    title = t('waitingTitle');
    if (f.staff_available === false) { lines.push(t('noStaff')); } else {
      if (typeof f.queue_position === 'number' && f.queue_position > 0) {
        lines.push(f.queue_position === 1 ? t('queueNext') : t('queuePosition', { n: f.queue_position }));
      }
      lines.push(t('waitHonest'));
    }
  } else if (f.owner === 'staff') {
    lines.push(f.staff_name ? t('withStaff', { name: f.staff_name }) : t('withStaffNoName'));
  } else if (f.owner === 'closed') {
    lines.push(t('closed'));
  }
  var key = state.lang + '|' + title + '|' + lines.join('|');
  if (key === ownerText) { return; } // a reconnect repeats the state: do not announce it twice
  ownerText = key;
  ui.ownerBox.textContent = '';
  ui.ownerBox.classList.toggle('pch-banner--shown', !!(title || lines.length));
  if (title) { ui.ownerBox.appendChild(h('p', { 'class': 'pch-banner__title', text: title })); }
  lines.forEach(function (line) { ui.ownerBox.appendChild(h('p', { text: line })); });
}
