/* Save a copy: the conversation as a web page or a text file, with the IOPC's contact details and
 * the 999 advice. docs/widget.md, "Saving a copy".
 */
import { h, ui } from './dom.js';
import { senderLabels } from './render.js';
import { state } from './state.js';
import { t } from './strings.js';

function when(iso) {
  if (!iso) { return ''; }
  var d = new Date(iso);
  if (isNaN(d.getTime())) { return ''; }
  return d.toLocaleString(state.lang === 'cy' ? 'cy-GB' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function authorName(entry) {
  var v = senderLabels(entry).visible;
  return v ? t(v[0], v[1]) : t('systemSaid').replace(/:$/, '');
}

function contactLines() {
  return ['contactPhone', 'contactRelay', 'contactEmail', 'contactPost', 'contactWeb'].map(function (k) { return t(k); });
}

function transcriptText() {
  var lines = [t('transcriptTitle'), t('transcriptSaved', { date: when(new Date().toISOString()) }), '', t('transcriptIntro'), ''];
  if (!state.entries.length) { lines.push(t('transcriptEmpty'), ''); }
  state.entries.forEach(function (entry) {
    var stamp = when(entry.at);
    lines.push(authorName(entry) + (stamp ? ' (' + stamp + ')' : '') + ':');
    lines.push(entry.text);
    lines.push('');
  });
  lines.push(t('contactTitle'));
  contactLines().forEach(function (line) { lines.push('- ' + line); });
  lines.push('', t('emergencyTitle'), t('emergencyText'), '');
  return lines.join('\r\n');
}

function esc(value) {
  return String(value).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}

function transcriptHtml() {
  var items = state.entries.map(function (entry) {
    var stamp = when(entry.at);
    return '<li><p class="who"><strong>' + esc(authorName(entry)) + '</strong>' +
      (stamp ? ' <time datetime="' + esc(entry.at) + '">' + esc(stamp) + '</time>' : '') + '</p>' +
      '<p class="what">' + esc(entry.text) + '</p></li>';
  }).join('\n');
  var contacts = contactLines().map(function (line) { return '<li>' + esc(line) + '</li>'; }).join('');
  return '<!doctype html>\n<html lang="' + state.lang + '">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<title>' + esc(t('transcriptTitle') + ' - ' + t('title')) + '</title>\n' +
    '<style>body{font-family:system-ui,Arial,sans-serif;font-size:1.1875rem;line-height:1.5;color:#0b0c0c;' +
    'max-width:40em;margin:0 auto;padding:1em}ol{padding-left:1.5em}li{margin-bottom:1em}' +
    '.who{margin:0}.what{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}</style>\n</head>\n<body>\n<main>\n' +
    '<h1>' + esc(t('transcriptTitle')) + '</h1>\n<p>' + esc(t('transcriptSaved', { date: when(new Date().toISOString()) })) + '</p>\n' +
    '<p>' + esc(t('transcriptIntro')) + '</p>\n<h2>' + esc(t('logLabel')) + '</h2>\n' +
    (items ? '<ol>\n' + items + '\n</ol>\n' : '<p>' + esc(t('transcriptEmpty')) + '</p>\n') +
    '<h2>' + esc(t('contactTitle')) + '</h2>\n<ul>' + contacts + '</ul>\n' +
    '<h2>' + esc(t('emergencyTitle')) + '</h2>\n<p>' + esc(t('emergencyText')) + '</p>\n</main>\n</body>\n</html>\n';
}

export function download(kind) {
  var html = kind === 'html';
  var blob = new Blob([html ? transcriptHtml() : transcriptText()], { type: html ? 'text/html;charset=utf-8' : 'text/plain;charset=utf-8' });
  var url = URL.createObjectURL(blob);
  var day = new Date().toISOString().slice(0, 10);
  var a = h('a', { href: url, download: t('fileName') + '-' + day + (html ? '.html' : '.txt'), hidden: true });
  ui.root.appendChild(a);
  a.click();
  ui.root.removeChild(a);
  window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
}
