/* The conversation log: messages with their sender labels, quick-reply buttons, the typing line,
 * and scrolling that never interrupts someone reading back. docs/widget.md, "Conversation log".
 */
import { bind, h, hidden, linkify, text, ui } from './dom.js';
import { config, state } from './state.js';
import { t } from './strings.js';

const NEAR_BOTTOM_PX = 48;

// What scrolls the conversation: the log itself (chat page, tall window), the floating panel, or
// (null) the page, where keeping the form in view does the job (panel.js watchForm).
function scroller() {
  if (ui.log.scrollHeight > ui.log.clientHeight + 1 && getComputedStyle(ui.log).overflowY !== 'visible') {
    return ui.log;
  }
  if (config.mode !== 'page' && ui.panel.scrollHeight > ui.panel.clientHeight + 1) { return ui.panel; }
  return null;
}

// Where the newest message should end: the bottom of the log box, or (floating panel) just
// above the message form.
function endLine(box) {
  return box.getBoundingClientRect().bottom - (box === ui.log ? 0 : ui.form.offsetHeight + 8);
}

export function nearBottom() {
  var box = scroller();
  var last = ui.log.lastElementChild;
  if (!box || !last) { return true; }
  if (box === ui.log) { return box.scrollTop + box.clientHeight >= box.scrollHeight - NEAR_BOTTOM_PX; }
  return last.getBoundingClientRect().bottom <= endLine(box) + NEAR_BOTTOM_PX;
}

export function scrollLog(stick) {
  // Only if the person was already at the end: reading back through the conversation must not
  // be interrupted. Focus is never moved.
  var box = scroller();
  var last = ui.log.lastElementChild;
  if (!stick || !box || !last) { return; }
  if (box === ui.log) { box.scrollTop = box.scrollHeight; return; }
  box.scrollTop += last.getBoundingClientRect().bottom - endLine(box);
}

// The hidden label a screen reader hears ("You said:") and the visible name, as [key, vars].
export function senderLabels(entry) {
  var hiddenKey;
  var visible;
  if (entry.author === 'user') { hiddenKey = ['youSaid']; visible = ['you']; }
  else if (entry.author === 'staff') {
    hiddenKey = entry.staffName ? ['staffSaid', { name: entry.staffName }] : ['staffSaidNoName'];
    visible = entry.staffName ? ['staff', { name: entry.staffName }] : ['staffNoName'];
  } else if (entry.author === 'system') { hiddenKey = ['systemSaid']; visible = null; }
  else { hiddenKey = ['botSaid']; visible = ['bot']; }
  return { hidden: hiddenKey, visible: visible };
}

function renderEntry(entry) {
  var labels = senderLabels(entry);
  var body = h('div', { 'class': 'pch-msg__text' });
  linkify(body, entry.text || '');
  var el = h('div', { 'class': 'pch-msg pch-msg--' + entry.author }, [
    hidden(labels.hidden[0], labels.hidden[1]),
    labels.visible ? bind(h('span', { 'class': 'pch-msg__author', 'aria-hidden': 'true' }), text(labels.visible[0], labels.visible[1])) : null,
    body
  ]);
  if (entry.pending) {
    entry.statusEl = h('span', { 'class': 'pch-msg__status' });
    el.appendChild(entry.statusEl);
    renderPendingStatus(entry);
  }
  entry.el = el;
  return el;
}

export function renderPendingStatus(entry) {
  if (!entry.statusEl) { return; }
  entry.statusEl.textContent = state.ready ? t('sending') : t('notSent');
}

export function appendEntry(entry) {
  var stick = nearBottom();
  state.entries.push(entry);
  ui.empty.hidden = true;
  ui.log.appendChild(renderEntry(entry));
  scrollLog(stick);
}

// Quick replies sit inside the message that offered them, so they are read out with it.
export function addReplies(entry, buttons, onChoose) {
  removeReplies();
  if (!buttons || !buttons.length) { return; }
  var group = h('div', { 'class': 'pch-replies', role: 'group' });
  bind(group, function (el) { el.setAttribute('aria-label', t('replyOptions')); });
  buttons.forEach(function (button) {
    if (!button || typeof button.title !== 'string') { return; }
    group.appendChild(h('button', {
      type: 'button', 'class': 'pch-reply', text: button.title,
      onclick: function () { onChoose(button); }
    }));
  });
  var stick = nearBottom();
  entry.el.appendChild(group);
  ui.replies = group;
  scrollLog(stick);
}

export function removeReplies() {
  if (!ui.replies) { return; }
  // If the person was on one of these buttons, keep them in the conversation, not lost on <body>.
  var hadFocus = ui.replies.contains(document.activeElement);
  ui.replies.parentNode && ui.replies.parentNode.removeChild(ui.replies);
  ui.replies = null;
  if (hadFocus) { ui.input.focus(); }
}

export function showTyping(on) {
  window.clearTimeout(state.typingTimer);
  ui.typing.hidden = !on;
  if (on) {
    var staffName = state.stateFrame && state.stateFrame.staff_name;
    ui.typingText.textContent = state.owner === 'staff'
      ? (staffName ? t('staffTyping', { name: staffName }) : t('staffTypingNoName'))
      : t('typing');
    state.typingTimer = window.setTimeout(function () { showTyping(false); }, 15000);
  }
}
