/* Exit this page: the button and Shift pressed 3 times, as in GOV.UK Frontend.
 * docs/widget.md, "Exit this page".
 */
import { say } from './announcer.js';
import { h } from './dom.js';
import { config, state, store } from './state.js';
import { t } from './strings.js';
import { close } from './transport.js';

const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 5000; // GOV.UK Frontend's Exit this page uses the same 5 seconds

export function exitPage() {
  if (state.exiting) { return; }
  state.exiting = true;
  revokeToken(state.token);
  store.clearOurs();
  close();
  // Blank the page at once, before the neutral site has loaded, and leave no title behind.
  try {
    document.title = t('exiting');
    document.body.textContent = '';
    document.body.appendChild(h('p', { 'class': 'pch-exiting', text: t('exiting') }));
  } catch (e) { /* the replace below is what matters */ }
  // replace(), not assign(): Back must not bring the chat back.
  window.location.replace(config.exitUrl);
}

// The gateway revokes the token too, so the conversation cannot be reopened from a copy of it.
// A beacon outlives the page being replaced, and as text/plain it needs no CORS preflight.
function revokeToken(token) {
  if (!token) { return; }
  var url = config.origin + '/api/web/session/exit';
  try {
    if (navigator.sendBeacon && navigator.sendBeacon(url, token)) { return; }
    fetch(url, { method: 'POST', body: token, keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } });
  } catch (e) { /* leaving anyway: the token still expires on its own */ }
}

// As GOV.UK Frontend's Exit this page: count Shift released on its own; a key typed with Shift
// (a capital letter) does not count, and any other key starts the count again.
var shift = { count: 0, timer: null, lastModified: false };
export function onKeyup(event) {
  if (state.exiting) { return; }
  if (event.key === 'Shift' && !shift.lastModified) {
    shift.count += 1;
    window.clearTimeout(shift.timer);
    shift.timer = window.setTimeout(resetShift, SHIFT_WINDOW_MS);
    if (shift.count >= SHIFT_PRESSES) { resetShift(); exitPage(); return; }
    var left = SHIFT_PRESSES - shift.count;
    say(left === 1 ? t('shiftOne') : t('shiftMore', { n: left }));
  } else if (event.key !== 'Shift') {
    resetShift();
  }
  shift.lastModified = event.shiftKey;
}
function resetShift() { shift.count = 0; window.clearTimeout(shift.timer); }
