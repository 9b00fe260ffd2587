/* What the widget remembers: its configuration, the conversation state, and what it keeps in the
 * browser (docs/widget.md, "What it keeps in the browser").
 */

export const TEXT_SIZES = [0.875, 1, 1.125, 1.25, 1.5, 1.75, 2];
export const DEFAULT_SIZE = 1;
const KEY = 'pch.'; // every storage key we own starts with this, so Exit can remove exactly ours

function safeUrl(value) {
  if (!value || typeof value !== 'string') { return null; }
  try {
    var url = new URL(value, location.href);
    return (url.protocol === 'https:' || url.protocol === 'http:') ? url.href : null;
  } catch (e) { return null; }
}

// Filled once by configure(): the embedding tag's data- attributes over the gateway's settings.
export const config = {};

export function configure(origin, data, settings) {
  Object.assign(config, {
    origin: origin,
    mode: data.mode === 'page' ? 'page' : 'launcher',
    target: data.target || null,
    exitUrl: safeUrl(data.exitUrl) || safeUrl(settings.exitUrl) || 'https://www.bbc.co.uk/weather',
    retentionDays: settings.retentionDays || 90,
    maxChars: settings.maxChars || 2000,
    stylesheet: settings.stylesheet || '/static/widget/widget.css',
    privacyUrl: origin + '/privacy',
    open: data.open === 'true',
    lang: data.lang || null
  });
}

// Storage can be switched off or full; the widget must still work, just without memory.
export const store = {
  get: function (area, key) {
    try { return window[area].getItem(KEY + key); } catch (e) { return null; }
  },
  set: function (area, key, value) {
    try { window[area].setItem(KEY + key, value); } catch (e) { /* keep going without it */ }
  },
  remove: function (area, key) {
    try { window[area].removeItem(KEY + key); } catch (e) { /* nothing to remove */ }
  },
  getJSON: function (area, key, fallback) {
    try { var raw = store.get(area, key); return raw ? JSON.parse(raw) : fallback; } catch (e) { return fallback; }
  },
  clearOurs: function () {
    ['sessionStorage', 'localStorage'].forEach(function (area) {
      try {
        var s = window[area];
        for (var i = s.length - 1; i >= 0; i--) {
          var k = s.key(i);
          if (k && k.indexOf(KEY) === 0) { s.removeItem(k); }
        }
      } catch (e) { /* storage unavailable: nothing was stored */ }
    });
  }
};

export const state = {
  lang: 'en',
  size: DEFAULT_SIZE,
  token: null,
  outbox: [],         // frames sent but not yet echoed by the gateway
  outboxShown: false,
  entries: [],        // everything shown in the log, in order, for the transcript
  seen: {},           // message ids already shown
  lastId: 0,
  owner: 'bot',
  stateFrame: null,
  ws: null,
  ready: false,       // the server has finished replaying after hello
  connecting: false,
  firstReplay: true,
  attempt: 0,
  retryTimer: null,
  lost: false,
  expired: false,
  expiresIn: null,
  warnTimer: null,
  expireTimer: null,
  typingTimer: null,
  continuing: false,
  exiting: false,
  open: false,
  unread: 0,
  inerted: [],
  started: false
};

// What a reload or an earlier visit left behind; `known(lang)` says which languages have words.
export function restore(known) {
  // data-lang wins if it names a language we have; then the person's earlier choice.
  state.lang = (known(config.lang) ? config.lang : null) || store.get('localStorage', 'lang') || 'en';
  if (!known(state.lang)) { state.lang = 'en'; }
  state.size = parseFloat(store.get('localStorage', 'textSize')) || DEFAULT_SIZE;
  if (TEXT_SIZES.indexOf(state.size) < 0) { state.size = DEFAULT_SIZE; }
  state.token = store.get('sessionStorage', 'token');
  state.outbox = [].concat(store.getJSON('sessionStorage', 'outbox', [])).filter(function (f) {
    return f && typeof f.client_id === 'string' && (f.type === 'message' || f.type === 'button');
  });
  state.open = config.mode === 'page';
}

export function saveOutbox() {
  store.set('sessionStorage', 'outbox', JSON.stringify(state.outbox));
}
