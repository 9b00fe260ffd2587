/* Building the widget once: header, notice, live regions, log, form and Save a copy, either in the
 * page's target element or behind a launcher button. docs/widget.md, "Components".
 */
import { liveRegions } from './announcer.js';
import { onInputChange, onInputKeydown, sayAsPerson, submitTyped, updateCount } from './compose.js';
import { bind, h, hiddenAfter, nextId, text, ui } from './dom.js';
import { exitPage } from './exit.js';
import { newChat } from './expiry.js';
import { applySize, changeSize, keepFocusVisible, setOpen, toggleLanguage, watchForm } from './panel.js';
import { config, state, store } from './state.js';
import { t } from './strings.js';
import { download } from './transcript.js';

export function injectStylesheet() {
  var href = config.origin + config.stylesheet;
  var links = document.querySelectorAll('link[rel="stylesheet"]');
  for (var i = 0; i < links.length; i++) {
    if (links[i].href.split('?')[0] === href.split('?')[0]) { return; }
  }
  document.head.appendChild(h('link', { rel: 'stylesheet', href: href }));
}

// Title, the tools (text size, language, Talk to a person, Hide chat) and Exit.
function header(page) {
  ui.title = bind(h(page ? 'h1' : 'h2', { 'class': 'pch-title', id: nextId('title') }), text('title'));
  ui.exit = bind(h('button', { type: 'button', 'class': 'pch-exit', onclick: exitPage }), text('exit'));

  var sizeLabelId = nextId('size');
  ui.smaller = h('button', { type: 'button', 'class': 'pch-tool', onclick: function () { changeSize(-1); } });
  ui.bigger = h('button', { type: 'button', 'class': 'pch-tool', onclick: function () { changeSize(1); } });
  // The visible "A−"/"A+" begins each button's accessible name (WCAG 2.5.3 label in name).
  bind(ui.smaller, function (el) { el.textContent = t('sizeDown'); el.setAttribute('aria-label', t('sizeDown') + ' ' + t('smaller')); });
  bind(ui.bigger, function (el) { el.textContent = t('sizeUp'); el.setAttribute('aria-label', t('sizeUp') + ' ' + t('bigger')); });

  ui.langToggle = h('button', { type: 'button', 'class': 'pch-tool pch-lang', onclick: toggleLanguage });
  bind(ui.langToggle, function (el) {
    el.textContent = t('langSwitch');
    el.setAttribute('lang', state.lang === 'en' ? 'cy' : 'en');
  });

  var tools = h('div', { 'class': 'pch-tools' }, [
    h('div', { 'class': 'pch-size', role: 'group', 'aria-labelledby': sizeLabelId }, [
      bind(h('span', { 'class': 'pch-size__label', id: sizeLabelId }), text('textSize')),
      ui.smaller, ui.bigger
    ]),
    ui.langToggle,
    ui.person = bind(h('button', { type: 'button', 'class': 'pch-tool pch-person', onclick: function () { sayAsPerson('person'); } }), text('person'))
  ]);
  if (!page) {
    ui.close = h('button', { type: 'button', 'class': 'pch-tool pch-close', onclick: function () { setOpen(false, true); } });
    bind(ui.close, text('close'));
    tools.appendChild(ui.close);
  }

  // The bar (title and Exit) stays at the top while the page or panel scrolls; tools sit below it.
  ui.bar = h('div', { 'class': 'pch-header pch-bar' }, [ui.title, ui.exit]);
  return h('div', { 'class': 'pch-header pch-toolbar' }, [tools]);
}

// The one-line notice: who we are, emergency, how to leave, privacy.
function notice() {
  var privacyLink = h('a', { href: config.privacyUrl, target: '_blank', rel: 'noopener noreferrer' }, [
    bind(h('span'), text('privacyLink')), hiddenAfter('newTab')
  ]);
  return h('div', { 'class': 'pch-notice' }, [
    h('p', null, [
      bind(h('strong'), text('notPolice')), ' ',
      bind(h('span'), text('emergency'))
    ]),
    h('p', null, [
      bind(h('span'), text('privacy', { days: config.retentionDays })), ' ', privacyLink
    ]),
    bind(h('p', { 'class': 'pch-notice__exit' }), text('exitHint'))
  ]);
}

// The opening: what you can ask, as real buttons that send what a person would type.
function opening() {
  var startTitleId = nextId('start');
  ui.empty = h('div', { 'class': 'pch-empty' }, [
    bind(h('p'), text('emptyLog')),
    h('div', { 'class': 'pch-start', role: 'group', 'aria-labelledby': startTitleId }, [
      bind(h('p', { 'class': 'pch-start__title', id: startTitleId }), text('startTitle')),
      h('div', { 'class': 'pch-replies' }, ['startComplain', 'startHow', 'startWho', 'startOutcome'].map(function (key) {
        return bind(h('button', { type: 'button', 'class': 'pch-reply', onclick: function () { sayAsPerson(key); } }), text(key));
      }))
    ])
  ]);
}

// The form: label, hint, count, error, textarea, Send.
function form() {
  var inputId = nextId('input');
  var hintId = nextId('hint');
  var countId = nextId('count');
  var errorId = nextId('error');
  ui.error = h('p', { 'class': 'pch-error', id: errorId, role: 'alert' });
  ui.count = h('p', { 'class': 'pch-count', id: countId });
  ui.input = h('textarea', {
    'class': 'pch-input', id: inputId, name: 'message', rows: '2',
    'aria-describedby': hintId + ' ' + countId + ' ' + errorId,
    autocomplete: 'off', spellcheck: 'true'
  });
  ui.send = bind(h('button', { type: 'submit', 'class': 'pch-send' }), text('send'));
  ui.form = h('form', { 'class': 'pch-form', novalidate: true }, [
    bind(h('label', { 'class': 'pch-label', 'for': inputId }), text('inputLabel')),
    bind(h('p', { 'class': 'pch-hint', id: hintId }), text('inputHint')),
    ui.error,
    h('div', { 'class': 'pch-form__row' }, [ui.input, ui.send]),
    ui.count
  ]);
  ui.form.addEventListener('submit', function (event) { event.preventDefault(); submitTyped(); });
  ui.input.addEventListener('keydown', onInputKeydown);
  ui.input.addEventListener('input', onInputChange);
}

// Save a copy, and Start a new chat (shown once a chat has ended or expired).
function footer(page) {
  ui.newChat = bind(h('button', { type: 'button', 'class': 'pch-button', hidden: true, onclick: newChat }), text('newChat'));
  var saveTitleId = nextId('save');
  var save = h('div', { 'class': 'pch-save', role: 'group', 'aria-labelledby': saveTitleId }, [
    bind(h(page ? 'h2' : 'h3', { 'class': 'pch-save__title', id: saveTitleId }), text('saveTitle')),
    bind(h('p', { 'class': 'pch-save__warning' }), text('saveWarning')),
    h('div', { 'class': 'pch-save__buttons' }, [
      bind(h('button', { type: 'button', 'class': 'pch-button pch-button--secondary', onclick: function () { download('html'); } }), text('saveHtml')),
      bind(h('button', { type: 'button', 'class': 'pch-button pch-button--secondary', onclick: function () { download('text'); } }), text('saveText'))
    ])
  ]);
  return h('div', { 'class': 'pch-footer' }, [ui.newChat, save]);
}

export function build() {
  var page = config.mode === 'page';
  ui.root = h('div', { 'class': 'pch-root pch-root--' + config.mode, lang: state.lang, 'data-owner': 'bot' });
  var toolbar = header(page);
  var about = notice();
  liveRegions();
  ui.log = h('div', {
    'class': 'pch-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
    tabindex: '0', id: nextId('log')
  });
  bind(ui.log, function (el) { el.setAttribute('aria-label', t('logLabel')); });
  opening();
  ui.typing = h('div', { 'class': 'pch-typing', 'aria-hidden': 'true', hidden: true }, [
    ui.typingText = h('span'), h('span', { 'class': 'pch-typing__dots' }, [h('span'), h('span'), h('span')])
  ]);
  form();
  var foot = footer(page);

  ui.panel = h('section', {
    'class': 'pch-panel', id: nextId('panel'), 'aria-labelledby': ui.title.id
  }, [
    ui.bar, toolbar, about, ui.connection, ui.ownerBox, ui.expiry, ui.empty, ui.log, ui.typing, ui.form,
    foot, ui.announcer
  ]);

  if (page) {
    ui.root.appendChild(ui.panel);
    var target = (config.target && document.querySelector(config.target)) || document.body;
    target.appendChild(ui.root);
  } else {
    ui.launcher = h('button', {
      type: 'button', 'class': 'pch-launcher', 'aria-expanded': 'false', 'aria-controls': ui.panel.id,
      onclick: function () { setOpen(!state.open, true); }
    }, [ui.launcherText = h('span'), ui.badge = h('span', { 'class': 'pch-badge', hidden: true })]);
    bind(ui.launcherText, text('launcher'));
    bind(ui.badge, function (el) { el.textContent = ' (' + t('launcherUnread') + ')'; });
    ui.panel.hidden = true;
    ui.root.appendChild(ui.panel);
    ui.root.appendChild(ui.launcher);
    document.body.appendChild(ui.root);
  }

  applySize(false);
  keepFocusVisible();
  watchForm();
  ui.input.value = store.get('sessionStorage', 'draft') || '';
  updateCount();
}
