/* Building elements, and keeping their words in step with the chosen language. */
import { t } from './strings.js';

// The widget's own elements, shared by the modules that change them (filled in by build.js).
export const ui = {};

var uid = 0;
export function nextId(prefix) { uid += 1; return 'pch-' + prefix + '-' + uid; }

export function h(tag, attrs, children) {
  var el = document.createElement(tag);
  if (attrs) {
    Object.keys(attrs).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === 'text') { el.textContent = value; } else if (name.slice(0, 2) === 'on') {
        el.addEventListener(name.slice(2), value);
      } else { el.setAttribute(name, value === true ? '' : value); }
    });
  }
  (children || []).forEach(function (child) {
    if (child === null || child === undefined) { return; }
    el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  });
  return el;
}

// Elements whose text follows the language: [element, function that writes its text].
var bound = [];
export function bind(el, render) { bound.push([el, render]); render(el); return el; }
export function text(key, vars) { return function (el) { el.textContent = t(key, vars); }; }
export function hidden(key, vars) {
  return bind(h('span', { 'class': 'pch-visually-hidden' }), text(key, vars));
}
// Hidden words that follow visible ones (the space is hidden too, so no underlined gap shows).
export function hiddenAfter(key) {
  return bind(h('span', { 'class': 'pch-visually-hidden' }), function (el) { el.textContent = ' ' + t(key); });
}
// Rewrite every bound element in the language now chosen.
export function rewriteAll() { bound.forEach(function (pair) { pair[1](pair[0]); }); }
// Forget elements that have left the page (a new chat empties the log).
export function forgetRemoved() { bound = bound.filter(function (pair) { return pair[0].isConnected; }); }

// Links in messages become real links (http/https/www only); everything else stays text.
var URL_RE = /\b((?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)\]'])/gi;
export function linkify(container, value) {
  var last = 0;
  value.replace(URL_RE, function (match, url, offset) {
    if (offset > last) { container.appendChild(document.createTextNode(value.slice(last, offset))); }
    var href = url.indexOf('www.') === 0 ? 'https://' + url : url;
    container.appendChild(h('a', { href: href, target: '_blank', rel: 'noopener noreferrer' },
      [url, hiddenAfter('newTab')]));
    last = offset + match.length;
    return match;
  });
  if (last < value.length) { container.appendChild(document.createTextNode(value.slice(last))); }
}

export function uuid() {
  if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
  var b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
}
