/* The connection to the gateway: the session token, the websocket, and reconnecting after a drop.
 * It knows nothing of the page: conversation.js listens to what happens here.
 * Protocol: docs/web-protocol.md.
 */
import { config, state, store } from './state.js';

function ignore() {}
var on = { status: ignore, expiresIn: ignore, opening: ignore, frame: ignore, ready: ignore, down: ignore, gone: ignore };

// Handlers: status(connecting|online|offline), expiresIn(seconds), opening() before a socket
// opens, frame(frame) for each frame, ready() when the replay after hello is over, down() when
// the connection drops, gone() when the old conversation has expired on the server.
export function listen(handlers) { on = Object.assign({}, on, handlers); }

export function start() {
  if (state.started) { return; }
  state.started = true;
  connect();
}

export function retryNow() { state.attempt = 0; connect(); }

function postSession() {
  return fetch(config.origin + '/api/web/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(state.token ? { token: state.token } : {}),
    credentials: 'omit',
    cache: 'no-store'
  }).then(function (response) {
    if (!response.ok) { throw new Error('session ' + response.status); }
    return response.json();
  });
}

export function connect() {
  window.clearTimeout(state.retryTimer);
  if (state.ws || state.exiting || state.expired || state.connecting) { return; }
  state.connecting = true;
  on.status('connecting');
  postSession().then(function (session) {
    state.connecting = false;
    if (state.exiting || !session || !session.token) { return; }
    var hadConversation = state.lastId > 0;
    keepToken(session);
    if (session.resumed === false && hadConversation) {
      // The old conversation has gone (idle too long): say so, keep the log for saving.
      on.gone();
      return;
    }
    openSocket();
  }).catch(function () {
    state.connecting = false;
    disconnected();
  });
}

// The gateway slides the idle expiry and re-signs the token as the person talks.
function keepToken(frame) {
  if (frame.token) {
    state.token = frame.token;
    store.set('sessionStorage', 'token', frame.token);
  }
  on.expiresIn(frame.expires_in);
}

function openSocket() {
  var url = config.origin.replace(/^http/, 'ws') + '/channels/web/ws?token=' + encodeURIComponent(state.token);
  var ws;
  try { ws = new WebSocket(url); } catch (e) { disconnected(); return; }
  state.ws = ws;
  state.ready = false;
  on.opening();
  ws.onopen = function () { ws.send(JSON.stringify({ type: 'hello', after: state.lastId })); };
  ws.onmessage = function (event) {
    var frame;
    try { frame = JSON.parse(event.data); } catch (e) { return; }
    if (frame && typeof frame === 'object') { received(frame); }
  };
  ws.onclose = function () {
    if (state.ws !== ws) { return; }
    state.ws = null;
    state.ready = false;
    disconnected();
  };
}

function received(frame) {
  if (frame.type === 'session' || frame.type === 'pong') { keepToken(frame); }
  on.frame(frame);
  // The first state frame after hello ends the replay.
  if (frame.type === 'state' && !state.ready) {
    state.ready = true;
    on.status('online');
    state.attempt = 0;
    on.ready();
  }
}

function disconnected() {
  if (state.exiting || state.expired) { return; }
  on.status('offline');
  on.down();
  state.attempt += 1;
  // Exponential backoff with jitter: 1, 2, 4, 8, 16, then every 30 seconds.
  var delay = Math.min(30, Math.pow(2, state.attempt - 1)) * (0.75 + Math.random() * 0.5) * 1000;
  window.clearTimeout(state.retryTimer);
  state.retryTimer = window.setTimeout(connect, delay);
}

// Send one frame if the connection is ready; false means it was not sent (yet).
export function send(frame) {
  if (!state.ready) { return false; }
  try { state.ws.send(JSON.stringify(frame)); return true; } catch (e) { return false; }
}

export function close() {
  if (!state.ws) { return; }
  var ws = state.ws;
  state.ws = null;
  state.ready = false;
  try { ws.close(); } catch (e) { /* gone already */ }
}
