/* Police complaints help: the public chat widget.
 *
 * Plain JavaScript, no build step, no dependencies, no third-party requests.
 * Protocol with the gateway: docs/web-protocol.md. Accessibility criteria per component and the
 * options an embedding site can set: docs/widget.md.
 *
 * One <script> tag is enough: it injects its stylesheet, then either fills the element named by
 * data-target (data-mode="page") or adds a launcher button and a floating panel (the default).
 */
(function () {
  'use strict';

  // The gateway replaces this with its settings when it serves /widget.js (see bot/widget/views.py).
  var SERVER_DEFAULTS = /*SERVER_DEFAULTS*/ {};

  /* ---------------------------------------------------------------------------------------------
   * Every visible string, by language. Plain English an 11-year-old can follow.
   * WELSH (cy) IS A DRAFT: it must be reviewed by a Welsh speaker before go-live.
   * {name}-style placeholders are filled by t().
   * ------------------------------------------------------------------------------------------- */
  var STRINGS = {
    en: {
      langName: 'English',
      langSwitch: 'Cymraeg',
      langNow: 'Language: English',
      launcher: 'Get help with a police complaint',
      launcherUnread: 'new message',
      title: 'Police complaints help',
      close: 'Hide chat',
      exit: 'Exit this page',
      exitHint: 'To leave quickly, select Exit this page or press Shift 3 times.',
      shiftMore: 'Shift, press {n} more times to exit.',
      shiftOne: 'Shift, press 1 more time to exit.',
      exiting: 'Loading.',
      notPolice: 'This is the IOPC\'s automated helper: a computer, not a person. We are the police complaints watchdog, not the police.',
      emergency: 'We cannot send help. In an emergency, call 999.',
      privacy: 'We keep this chat for {days} days.',
      privacyLink: 'Read our privacy notice',
      newTab: '(opens in a new tab)',
      textSize: 'Text size',
      smaller: 'smaller text',
      bigger: 'bigger text',
      textSizeNow: 'Text size {n}%',
      logLabel: 'Conversation',
      youSaid: 'You said:',
      botSaid: 'Assistant said:',
      staffSaid: '{name}, staff member, said:',
      staffSaidNoName: 'Staff member said:',
      systemSaid: 'Update:',
      you: 'You',
      bot: 'Assistant',
      staff: '{name} (staff)',
      staffNoName: 'Staff member',
      replyOptions: 'Reply options',
      sending: 'Sending',
      notSent: 'Not sent yet. It will be sent when you are back online.',
      typing: 'Assistant is typing',
      staffTyping: '{name} is typing',
      staffTypingNoName: 'Staff member is typing',
      inputLabel: 'Type your message',
      inputHint: 'Press Enter to send. Press Shift and Enter for a new line.',
      send: 'Send',
      errorPrefix: 'Error:',
      errorEmpty: 'Type a message before you send it.',
      errorTooLong: 'Your message is too long. Use {max} characters or fewer, or send it in 2 parts.',
      errorRateLimited: 'You are sending messages too fast. Wait a moment, then try again.',
      errorBadRequest: 'Something went wrong with that message. Please try again.',
      errorGeneric: 'Something went wrong. Please try again.',
      charsLeft: 'You have {n} characters left.',
      charsOver: 'You have {n} characters too many.',
      connectionLost: 'The connection has dropped. We are trying to reconnect. What you type is kept.',
      reconnected: 'You are back online.',
      retryNow: 'Try again now',
      waitingTitle: 'Waiting for a person',
      queuePosition: 'You are number {n} in the queue.',
      queueNext: 'You are next in the queue.',
      waitHonest: 'We cannot say exactly how long it will take. Please keep this page open.',
      noStaff: 'Nobody from our team can join right now, so it could take a long time. If you are in danger, call 999. You can keep typing here. A person will read it when they join.',
      withStaff: 'You are talking to {name}, a member of staff.',
      withStaffNoName: 'You are talking to a member of staff.',
      closed: 'A member of staff has closed this chat. You can save a copy, send a new message to carry on, or start a new chat.',
      emptyLog: 'Type your question, or say what happened in your own words. For example: how do I complain about a police officer?',
      startTitle: 'Or start with one of these:',
      startComplain: 'Make a complaint',
      startComplainSays: 'I want to make a complaint about the police',
      startHow: 'How to complain',
      startHowSays: 'How do I complain about the police?',
      startWho: 'Who can complain',
      startWhoSays: 'Who can complain about the police?',
      startOutcome: 'Unhappy with an outcome',
      startOutcomeSays: 'I am unhappy with the outcome of my complaint',
      person: 'Talk to a person',
      personSays: 'I want to talk to a person',
      newChat: 'Start a new chat',
      expiryWarning: 'Your chat will close soon because nothing has happened for a while. Do you want to keep it open?',
      continueChat: 'Continue chat',
      continued: 'Your chat will stay open.',
      expired: 'Your chat has closed because nothing happened for a while. You can save a copy or start a new chat.',
      saveTitle: 'Save a copy of this chat',
      saveWarning: 'The file is saved on this device. Anyone who uses this device may be able to open it.',
      saveHtml: 'Save as a web page',
      saveText: 'Save as a text file',
      transcriptTitle: 'Your conversation',
      transcriptSaved: 'Saved on {date}.',
      transcriptIntro: 'This is a copy of a chat with the IOPC\'s automated helper. We are not the police. Our advice and next steps are in the conversation below.',
      transcriptEmpty: 'There are no messages yet.',
      contactTitle: 'Contact the Independent Office for Police Conduct (IOPC)',
      contactPhone: 'Phone: 0300 020 0096 (we welcome calls in Welsh)',
      contactRelay: 'Text relay: 18001 0207 166 3000',
      contactEmail: 'Email: enquiries@policeconduct.gov.uk',
      contactPost: 'Post: Independent Office for Police Conduct, PO Box 473, Sale M33 0BW',
      contactWeb: 'Website: www.policeconduct.gov.uk',
      emergencyTitle: 'In an emergency',
      emergencyText: 'Call 999. If you cannot speak, call 999 and listen. Cough or tap if you can. On a mobile, press 55 when asked.',
      fileName: 'police-complaints-chat'
    },
    // DRAFT WELSH - TO BE REVIEWED BY A WELSH SPEAKER. Do not ship without that review.
    cy: {
      langName: 'Cymraeg',
      langSwitch: 'English',
      langNow: 'Iaith: Cymraeg',
      launcher: 'Cael help gyda chwyn am yr heddlu',
      launcherUnread: 'neges newydd',
      title: 'Help gyda chwynion am yr heddlu',
      close: 'Cuddio\'r sgwrs',
      exit: 'Gadael y dudalen hon',
      exitHint: 'I adael yn gyflym, dewiswch Gadael y dudalen hon neu pwyswch Shift 3 gwaith.',
      shiftMore: 'Shift, pwyswch {n} gwaith eto i adael.',
      shiftOne: 'Shift, pwyswch 1 waith eto i adael.',
      exiting: 'Yn llwytho.',
      notPolice: 'Cynorthwyydd awtomatig yr IOPC yw hwn: cyfrifiadur, nid person. Ni yw corff gwarchod cwynion yr heddlu, nid yr heddlu.',
      emergency: 'Allwn ni ddim anfon help. Mewn argyfwng, ffoniwch 999.',
      privacy: 'Rydym yn cadw\'r sgwrs hon am {days} diwrnod.',
      privacyLink: 'Darllenwch ein hysbysiad preifatrwydd',
      newTab: '(yn agor mewn tab newydd)',
      textSize: 'Maint y testun',
      smaller: 'testun llai',
      bigger: 'testun mwy',
      textSizeNow: 'Maint y testun {n}%',
      logLabel: 'Sgwrs',
      youSaid: 'Dywedoch chi:',
      botSaid: 'Dywedodd y cynorthwyydd:',
      staffSaid: 'Dywedodd {name}, aelod o staff:',
      staffSaidNoName: 'Dywedodd aelod o staff:',
      systemSaid: 'Diweddariad:',
      you: 'Chi',
      bot: 'Cynorthwyydd',
      staff: '{name} (staff)',
      staffNoName: 'Aelod o staff',
      replyOptions: 'Dewisiadau ateb',
      sending: 'Yn anfon',
      notSent: 'Heb ei anfon eto. Bydd yn cael ei anfon pan fyddwch ar-lein eto.',
      typing: 'Mae\'r cynorthwyydd yn teipio',
      staffTyping: 'Mae {name} yn teipio',
      staffTypingNoName: 'Mae aelod o staff yn teipio',
      inputLabel: 'Teipiwch eich neges',
      inputHint: 'Pwyswch Enter i anfon. Pwyswch Shift ac Enter i gael llinell newydd.',
      send: 'Anfon',
      errorPrefix: 'Gwall:',
      errorEmpty: 'Teipiwch neges cyn ei hanfon.',
      errorTooLong: 'Mae eich neges yn rhy hir. Defnyddiwch {max} nod neu lai, neu anfonwch hi mewn 2 ran.',
      errorRateLimited: 'Rydych yn anfon negeseuon yn rhy gyflym. Arhoswch funud, yna rhowch gynnig arall arni.',
      errorBadRequest: 'Aeth rhywbeth o\'i le gyda\'r neges honno. Rhowch gynnig arall arni.',
      errorGeneric: 'Aeth rhywbeth o\'i le. Rhowch gynnig arall arni.',
      charsLeft: 'Mae gennych {n} nod ar ôl.',
      charsOver: 'Mae gennych {n} nod yn ormod.',
      connectionLost: 'Mae\'r cysylltiad wedi torri. Rydym yn ceisio ailgysylltu. Mae\'r hyn rydych yn ei deipio yn cael ei gadw.',
      reconnected: 'Rydych ar-lein eto.',
      retryNow: 'Rhoi cynnig arall arni nawr',
      waitingTitle: 'Yn aros am berson',
      queuePosition: 'Chi yw rhif {n} yn y ciw.',
      queueNext: 'Chi sydd nesaf yn y ciw.',
      waitHonest: 'Allwn ni ddim dweud yn union pa mor hir y bydd yn ei gymryd. Cadwch y dudalen hon ar agor.',
      noStaff: 'Does neb o\'n tîm yn gallu ymuno ar hyn o bryd, felly gallai gymryd amser hir. Os ydych chi mewn perygl, ffoniwch 999. Gallwch ddal ati i deipio yma. Bydd person yn ei ddarllen pan fydd yn ymuno.',
      withStaff: 'Rydych yn siarad gyda {name}, aelod o staff.',
      withStaffNoName: 'Rydych yn siarad ag aelod o staff.',
      closed: 'Mae aelod o staff wedi cau\'r sgwrs hon. Gallwch gadw copi, anfon neges newydd i barhau, neu ddechrau sgwrs newydd.',
      emptyLog: 'Teipiwch eich cwestiwn, neu dywedwch beth ddigwyddodd yn eich geiriau eich hun. Er enghraifft: sut ydw i\'n cwyno am swyddog heddlu?',
      startTitle: 'Neu dechreuwch gydag un o\'r rhain:',
      startComplain: 'Gwneud cwyn',
      startComplainSays: 'Hoffwn i wneud cwyn am yr heddlu',
      startHow: 'Sut i gwyno',
      startHowSays: 'Sut ydw i\'n cwyno am yr heddlu?',
      startWho: 'Pwy sy\'n gallu cwyno',
      startWhoSays: 'Pwy sy\'n gallu cwyno am yr heddlu?',
      startOutcome: 'Anhapus gyda\'r canlyniad',
      startOutcomeSays: 'Dw i\'n anhapus gyda chanlyniad fy nghwyn',
      person: 'Siarad â pherson',
      personSays: 'Hoffwn i siarad â pherson',
      newChat: 'Dechrau sgwrs newydd',
      expiryWarning: 'Bydd eich sgwrs yn cau cyn bo hir oherwydd nad oes dim wedi digwydd ers tro. Ydych chi eisiau ei chadw ar agor?',
      continueChat: 'Parhau â\'r sgwrs',
      continued: 'Bydd eich sgwrs yn aros ar agor.',
      expired: 'Mae eich sgwrs wedi cau oherwydd na ddigwyddodd dim ers tro. Gallwch gadw copi neu ddechrau sgwrs newydd.',
      saveTitle: 'Cadw copi o\'r sgwrs hon',
      saveWarning: 'Mae\'r ffeil yn cael ei chadw ar y ddyfais hon. Efallai y bydd unrhyw un sy\'n defnyddio\'r ddyfais hon yn gallu ei hagor.',
      saveHtml: 'Cadw fel tudalen we',
      saveText: 'Cadw fel ffeil testun',
      transcriptTitle: 'Eich sgwrs',
      transcriptSaved: 'Cadwyd ar {date}.',
      transcriptIntro: 'Copi yw hwn o sgwrs gyda chynorthwyydd awtomatig yr IOPC. Nid yr heddlu ydyn ni. Mae ein cyngor a\'r camau nesaf yn y sgwrs isod.',
      transcriptEmpty: 'Does dim negeseuon eto.',
      contactTitle: 'Cysylltu â Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC)',
      contactPhone: 'Ffôn: 0300 020 0096 (rydym yn croesawu galwadau yn Gymraeg)',
      contactRelay: 'Text Relay: 18001 0207 166 3000',
      contactEmail: 'E-bost: enquiries@policeconduct.gov.uk',
      contactPost: 'Post: Independent Office for Police Conduct, PO Box 473, Sale M33 0BW',
      contactWeb: 'Gwefan: www.policeconduct.gov.uk',
      emergencyTitle: 'Mewn argyfwng',
      emergencyText: 'Ffoniwch 999. Os na allwch chi siarad, ffoniwch 999 a gwrandewch. Peswch neu tapiwch os gallwch chi. Ar ffôn symudol, pwyswch 55 pan ofynnir i chi.',
      fileName: 'sgwrs-cwynion-heddlu'
    }
  };

  var TEXT_SIZES = [0.875, 1, 1.125, 1.25, 1.5, 1.75, 2];
  var DEFAULT_SIZE = 1;
  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 5000; // GOV.UK Frontend's Exit this page uses the same 5 seconds
  var NEAR_BOTTOM_PX = 48;
  var KEY = 'pch.'; // every storage key we own starts with this, so Exit can remove exactly ours

  /* ----------------------------------------- configuration ---------------------------------- */

  var script = document.currentScript;
  if (!script || window.__policeComplaintsWidget) { return; }
  window.__policeComplaintsWidget = true;

  var ORIGIN = new URL(script.src, location.href).origin;
  var data = script.dataset;

  function safeUrl(value) {
    if (!value || typeof value !== 'string') { return null; }
    try {
      var url = new URL(value, location.href);
      return (url.protocol === 'https:' || url.protocol === 'http:') ? url.href : null;
    } catch (e) { return null; }
  }

  var CONFIG = {
    mode: data.mode === 'page' ? 'page' : 'launcher',
    target: data.target || null,
    exitUrl: safeUrl(data.exitUrl) || safeUrl(SERVER_DEFAULTS.exitUrl) || 'https://www.bbc.co.uk/weather',
    retentionDays: SERVER_DEFAULTS.retentionDays || 90,
    maxChars: SERVER_DEFAULTS.maxChars || 2000,
    privacyUrl: ORIGIN + '/privacy',
    open: data.open === 'true',
    lang: STRINGS[data.lang] ? data.lang : null
  };

  /* ----------------------------------------- storage ---------------------------------------- */

  // Storage can be switched off or full; the widget must still work, just without memory.
  var store = {
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

  /* ----------------------------------------- state ------------------------------------------ */

  var state = {
    lang: CONFIG.lang || store.get('localStorage', 'lang') || 'en',
    size: parseFloat(store.get('localStorage', 'textSize')) || DEFAULT_SIZE,
    token: store.get('sessionStorage', 'token'),
    outbox: [].concat(store.getJSON('sessionStorage', 'outbox', [])).filter(function (f) {
      return f && typeof f.client_id === 'string' && (f.type === 'message' || f.type === 'button');
    }),
    entries: [],        // everything shown in the log, in order, for the transcript
    seen: {},           // message ids already shown
    lastId: 0,
    owner: 'bot',
    stateFrame: null,
    ws: null,
    ready: false,       // the server has finished replaying after hello
    firstReplay: true,
    attempt: 0,
    retryTimer: null,
    lost: false,
    expired: false,
    expiresIn: null,
    warnTimer: null,
    expireTimer: null,
    typingTimer: null,
    exiting: false,
    open: CONFIG.mode === 'page',
    unread: 0,
    inerted: [],
    started: false
  };
  if (TEXT_SIZES.indexOf(state.size) < 0) { state.size = DEFAULT_SIZE; }
  if (!STRINGS[state.lang]) { state.lang = 'en'; }

  function t(key, vars) {
    var text = (STRINGS[state.lang] && STRINGS[state.lang][key]) || STRINGS.en[key] || key;
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, function (m, name) { return vars[name] == null ? m : String(vars[name]); });
    }
    return text;
  }

  /* ----------------------------------------- DOM helpers ------------------------------------ */

  var uid = 0;
  function nextId(prefix) { uid += 1; return 'pch-' + prefix + '-' + uid; }

  function h(tag, attrs, children) {
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

  // Elements whose text follows the language: [element, function returning the text].
  var bound = [];
  function bind(el, render) { bound.push([el, render]); render(el); return el; }
  function text(key, vars) { return function (el) { el.textContent = t(key, vars); }; }
  function hidden(key, vars) {
    return bind(h('span', { 'class': 'pch-visually-hidden' }), text(key, vars));
  }
  // Hidden words that follow visible ones (the space is hidden too, so no underlined gap shows).
  function hiddenAfter(key) {
    return bind(h('span', { 'class': 'pch-visually-hidden' }), function (el) { el.textContent = ' ' + t(key); });
  }

  // Links in messages become real links (http/https/www only); everything else stays text.
  var URL_RE = /\b((?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)\]'])/gi;
  function linkify(container, value) {
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

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  /* ----------------------------------------- building the UI -------------------------------- */

  var ui = {};

  function injectStylesheet() {
    var href = ORIGIN + (SERVER_DEFAULTS.stylesheet || '/static/widget/widget.css');
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      if (links[i].href.split('?')[0] === href.split('?')[0]) { return; }
    }
    document.head.appendChild(h('link', { rel: 'stylesheet', href: href }));
  }

  function build() {
    var page = CONFIG.mode === 'page';
    ui.root = h('div', { 'class': 'pch-root pch-root--' + CONFIG.mode, lang: state.lang, 'data-owner': 'bot' });

    // Header: title, then the tools, then Exit (always visible, never hidden behind anything).
    ui.title = bind(h(page ? 'h1' : 'h2', { 'class': 'pch-title', id: nextId('title') }), text('title'));
    ui.exit = bind(h('button', { type: 'button', 'class': 'pch-exit', onclick: exitPage }), text('exit'));

    var sizeLabelId = nextId('size');
    ui.smaller = h('button', { type: 'button', 'class': 'pch-tool', text: 'A\u2212', onclick: function () { changeSize(-1); } });
    ui.bigger = h('button', { type: 'button', 'class': 'pch-tool', text: 'A+', onclick: function () { changeSize(1); } });
    // The visible "A−"/"A+" begins each button's accessible name (WCAG 2.5.3 label in name).
    bind(ui.smaller, function (el) { el.setAttribute('aria-label', 'A\u2212 ' + t('smaller')); });
    bind(ui.bigger, function (el) { el.setAttribute('aria-label', 'A+ ' + t('bigger')); });

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
    var toolbar = h('div', { 'class': 'pch-header pch-toolbar' }, [tools]);

    // The one-line notice: who we are, emergency, how to leave, privacy.
    var privacyLink = h('a', { href: CONFIG.privacyUrl, target: '_blank', rel: 'noopener noreferrer' }, [
      bind(h('span'), text('privacyLink')), hiddenAfter('newTab')
    ]);
    var notice = h('div', { 'class': 'pch-notice' }, [
      h('p', null, [
        bind(h('strong'), text('notPolice')), ' ',
        bind(h('span'), text('emergency'))
      ]),
      h('p', null, [
        bind(h('span'), text('privacy', { days: CONFIG.retentionDays })), ' ', privacyLink
      ]),
      bind(h('p', { 'class': 'pch-notice__exit' }), text('exitHint'))
    ]);

    // Live regions exist from the start (empty) so that later changes are announced.
    ui.connection = h('div', { 'class': 'pch-banner pch-banner--connection', role: 'status' });
    ui.ownerBox = h('div', { 'class': 'pch-banner pch-banner--owner', role: 'status' });
    ui.expiry = h('div', { 'class': 'pch-banner pch-banner--expiry', role: 'alert' });
    ui.announcer = h('div', { 'class': 'pch-visually-hidden', role: 'status' });

    ui.log = h('div', {
      'class': 'pch-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
      tabindex: '0', id: nextId('log')
    });
    bind(ui.log, function (el) { el.setAttribute('aria-label', t('logLabel')); });

    // The opening: what you can ask, as real buttons that send what a person would type.
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

    ui.typing = h('div', { 'class': 'pch-typing', 'aria-hidden': 'true', hidden: true }, [
      ui.typingText = h('span'), h('span', { 'class': 'pch-typing__dots' }, [h('span'), h('span'), h('span')])
    ]);

    // The form: label, hint, count, error, textarea, Send.
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

    // Save a copy, and Start a new chat (shown once a chat has ended or expired).
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

    ui.panel = h('section', {
      'class': 'pch-panel', id: nextId('panel'), 'aria-labelledby': ui.title.id
    }, [
      ui.bar, toolbar, notice, ui.connection, ui.ownerBox, ui.expiry, ui.empty, ui.log, ui.typing, ui.form,
      h('div', { 'class': 'pch-footer' }, [ui.newChat, save]),
      ui.announcer
    ]);

    if (page) {
      ui.root.appendChild(ui.panel);
      var target = (CONFIG.target && document.querySelector(CONFIG.target)) || document.body;
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

  /* ----------------------------------------- text size and language ------------------------- */

  function applySize(announce) {
    ui.root.style.setProperty('--pch-scale', String(state.size));
    var i = TEXT_SIZES.indexOf(state.size);
    ui.smaller.setAttribute('aria-disabled', i <= 0 ? 'true' : 'false');
    ui.bigger.setAttribute('aria-disabled', i >= TEXT_SIZES.length - 1 ? 'true' : 'false');
    if (announce) { say(t('textSizeNow', { n: Math.round(state.size * 100) })); }
  }

  function changeSize(step) {
    var i = TEXT_SIZES.indexOf(state.size) + step;
    if (i < 0 || i >= TEXT_SIZES.length) { return; }
    state.size = TEXT_SIZES[i];
    store.set('localStorage', 'textSize', String(state.size));
    applySize(true);
    keepFocusVisible();
  }

  function toggleLanguage() {
    state.lang = state.lang === 'en' ? 'cy' : 'en';
    store.set('localStorage', 'lang', state.lang);
    applyLanguage();
    say(t('langNow'));
  }

  function applyLanguage() {
    ui.root.setAttribute('lang', state.lang);
    if (CONFIG.mode === 'page') { document.documentElement.setAttribute('lang', state.lang); }
    bound.forEach(function (pair) { pair[1](pair[0]); });
    keepFocusVisible();
    renderOwner();
    updateCount();
    if (state.lost) { showConnection(t('connectionLost'), true); }
  }

  // One polite announcement that is not part of the conversation.
  function say(message) {
    ui.announcer.textContent = '';
    window.setTimeout(function () { ui.announcer.textContent = message; }, 50);
  }

  /* ----------------------------------------- opening and closing (launcher mode) ------------ */

  var smallScreen = window.matchMedia('(max-width: 40em), (max-height: 30em)');

  function setOpen(open, moveFocus) {
    if (CONFIG.mode === 'page') { return; }
    state.open = open;
    ui.panel.hidden = !open;
    ui.launcher.setAttribute('aria-expanded', open ? 'true' : 'false');
    ui.root.classList.toggle('pch-root--open', open);
    store.set('sessionStorage', 'open', open ? '1' : '0');
    if (open) {
      state.unread = 0;
      ui.badge.hidden = true;
      start();
      if (moveFocus) { ui.input.focus(); }
    } else if (moveFocus) {
      ui.launcher.focus();
    }
    updateInert();
    keepFocusVisible();
  }

  // On a small screen the open panel fills the viewport, so the page behind it is made inert:
  // nothing the person can reach by keyboard is hidden behind the widget.
  function updateInert() {
    var shouldInert = CONFIG.mode !== 'page' && state.open && smallScreen.matches;
    state.inerted.forEach(function (el) { el.inert = false; });
    state.inerted = [];
    if (!shouldInert) { return; }
    Array.prototype.forEach.call(document.body.children, function (el) {
      if (el !== ui.root && !el.inert && el.tagName !== 'SCRIPT') { el.inert = true; state.inerted.push(el); }
    });
  }

  // On a larger screen the floating panel covers a corner of the page: leave room for it when the
  // browser scrolls a focused element into view, and scroll one into view if it lands underneath.
  function keepFocusVisible() {
    if (CONFIG.mode === 'page') {
      // The sticky bar must not cover what the browser scrolls to on focus (WCAG 2.4.11).
      document.documentElement.style.setProperty('scroll-padding-top', (ui.bar.offsetHeight + 16) + 'px');
      return;
    }
    var covered = state.open && !smallScreen.matches ? ui.panel.getBoundingClientRect().height : 0;
    document.documentElement.style.setProperty('scroll-padding-bottom', covered ? (covered + 32) + 'px' : '');
    // Inside the panel, the sticky bar and form must not cover what focus scrolls to.
    if (state.open) {
      ui.panel.style.setProperty('scroll-padding-top', (ui.bar.offsetHeight + 8) + 'px');
      ui.panel.style.setProperty('scroll-padding-bottom', (ui.form.offsetHeight + 8) + 'px');
    }
  }

  function onFocusIn(event) {
    if (CONFIG.mode === 'page' || ui.root.contains(event.target)) { return; }
    var target = event.target.getBoundingClientRect();
    [ui.launcher, state.open ? ui.panel : null].forEach(function (cover) {
      if (!cover) { return; }
      var r = cover.getBoundingClientRect();
      var overlaps = target.bottom > r.top && target.top < r.bottom && target.right > r.left && target.left < r.right;
      if (overlaps) { window.scrollBy(0, target.bottom - r.top + 16); }
    });
  }

  /* ----------------------------------------- the conversation log --------------------------- */

  // What scrolls the conversation: the log itself (chat page, tall window), the floating panel, or
  // (null) the page, where keeping the form in view does the job (watchForm).
  function scroller() {
    if (ui.log.scrollHeight > ui.log.clientHeight + 1 && getComputedStyle(ui.log).overflowY !== 'visible') {
      return ui.log;
    }
    if (CONFIG.mode !== 'page' && ui.panel.scrollHeight > ui.panel.clientHeight + 1) { return ui.panel; }
    return null;
  }

  // Where the newest message should end: the bottom of the log box, or (floating panel) just
  // above the message form.
  function endLine(box) {
    return box.getBoundingClientRect().bottom - (box === ui.log ? 0 : ui.form.offsetHeight + 8);
  }

  function nearBottom() {
    var box = scroller();
    var last = ui.log.lastElementChild;
    if (!box || !last) { return true; }
    if (box === ui.log) { return box.scrollTop + box.clientHeight >= box.scrollHeight - NEAR_BOTTOM_PX; }
    return last.getBoundingClientRect().bottom <= endLine(box) + NEAR_BOTTOM_PX;
  }

  function scrollLog(stick) {
    // Only if the person was already at the end: reading back through the conversation must not
    // be interrupted. Focus is never moved.
    var box = scroller();
    var last = ui.log.lastElementChild;
    if (!stick || !box || !last) { return; }
    if (box === ui.log) { box.scrollTop = box.scrollHeight; return; }
    box.scrollTop += last.getBoundingClientRect().bottom - endLine(box);
  }

  function senderLabels(entry) {
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

  function renderPendingStatus(entry) {
    if (!entry.statusEl) { return; }
    entry.statusEl.textContent = state.ready ? t('sending') : t('notSent');
  }

  function inView(el, whole) {
    var r = el.getBoundingClientRect();
    var height = window.innerHeight || document.documentElement.clientHeight;
    return whole ? (r.top >= 0 && r.bottom <= height) : (r.bottom > 0 && r.top < height);
  }

  // When the log is not its own scroll box (short windows, big text), anything that grows the panel
  // (messages, banners, the typing line) pushes the form down. If the person could see the form,
  // keep it, and so the newest message, in view; if they had scrolled up to read, leave them there.
  var formSeen = false;
  function watchForm() {
    if (!('IntersectionObserver' in window) || !('ResizeObserver' in window)) { return; }
    new IntersectionObserver(function (records) {
      formSeen = records[records.length - 1].isIntersecting;
    }).observe(ui.form);
    new ResizeObserver(function () {
      keepFocusVisible();
      if (state.firstReplay) { return; }
      if (document.activeElement === ui.input ? !inView(ui.input, true) : (formSeen && !inView(ui.form))) {
        ui.input.scrollIntoView({ block: 'nearest' });
      }
    }).observe(ui.panel);
  }

  function appendEntry(entry) {
    var stick = nearBottom();
    state.entries.push(entry);
    ui.empty.hidden = true;
    ui.log.appendChild(renderEntry(entry));
    scrollLog(stick);
  }

  function addReplies(entry, buttons) {
    removeReplies();
    if (!buttons || !buttons.length) { return; }
    var group = h('div', { 'class': 'pch-replies', role: 'group' });
    bind(group, function (el) { el.setAttribute('aria-label', t('replyOptions')); });
    buttons.forEach(function (button) {
      if (!button || typeof button.title !== 'string') { return; }
      group.appendChild(h('button', {
        type: 'button', 'class': 'pch-reply', text: button.title,
        onclick: function () { chooseReply(button); }
      }));
    });
    var stick = nearBottom();
    entry.el.appendChild(group);
    ui.replies = group;
    scrollLog(stick);
  }

  function removeReplies() {
    if (!ui.replies) { return; }
    // If the person was on one of these buttons, keep them in the conversation, not lost on <body>.
    var hadFocus = ui.replies.contains(document.activeElement);
    ui.replies.parentNode && ui.replies.parentNode.removeChild(ui.replies);
    ui.replies = null;
    if (hadFocus) { ui.input.focus(); }
  }

  function showTyping(on) {
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

  /* ----------------------------------------- banners ---------------------------------------- */

  function showConnection(message, withRetry) {
    ui.connection.textContent = '';
    if (!message) { ui.connection.classList.remove('pch-banner--shown'); return; }
    ui.connection.classList.add('pch-banner--shown');
    ui.connection.appendChild(h('p', { text: message }));
    if (withRetry) {
      ui.connection.appendChild(h('button', {
        type: 'button', 'class': 'pch-button pch-button--secondary', text: t('retryNow'),
        onclick: function () { state.attempt = 0; connect(); }
      }));
    }
  }

  var ownerText = '';
  function renderOwner() {
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

  function showError(message) {
    ui.error.textContent = '';
    ui.input.removeAttribute('aria-invalid');
    ui.form.classList.remove('pch-form--error');
    if (!message) { return; }
    ui.form.classList.add('pch-form--error');
    ui.input.setAttribute('aria-invalid', 'true');
    ui.error.appendChild(h('span', { 'class': 'pch-visually-hidden', text: t('errorPrefix') + ' ' }));
    ui.error.appendChild(document.createTextNode(message));
  }

  function updateCount() {
    var length = ui.input.value.length;
    var left = CONFIG.maxChars - length;
    // Like GOV.UK's character count: only speak up when the limit is close.
    ui.count.textContent = left < 0 ? t('charsOver', { n: -left })
      : (length >= CONFIG.maxChars * 0.8 ? t('charsLeft', { n: left }) : '');
    ui.count.classList.toggle('pch-count--over', left < 0);
  }

  /* ----------------------------------------- typing and sending ----------------------------- */

  function onInputKeydown(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      submitTyped();
    }
  }

  function onInputChange() {
    store.set('sessionStorage', 'draft', ui.input.value);
    updateCount();
    if (ui.input.getAttribute('aria-invalid') && ui.input.value.trim() && ui.input.value.length <= CONFIG.maxChars) {
      showError('');
    }
  }

  function submitTyped() {
    var value = ui.input.value;
    if (!value.trim()) { showError(t('errorEmpty')); return; }
    if (value.length > CONFIG.maxChars) { showError(t('errorTooLong', { max: CONFIG.maxChars })); return; }
    showError('');
    queue({ type: 'message', text: value.trim(), client_id: uuid() }, value.trim());
    ui.input.value = '';
    store.remove('sessionStorage', 'draft');
    updateCount();
  }

  // A shortcut button says, as the person, the words it stands for (so NLU and the danger check
  // treat it exactly like typing them).
  function sayAsPerson(key) {
    var words = t(key + 'Says');
    queue({ type: 'message', text: words, client_id: uuid() }, words);
    ui.input.focus();
  }

  function chooseReply(button) {
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

  function saveOutbox() {
    store.set('sessionStorage', 'outbox', JSON.stringify(state.outbox));
  }

  function transmit(frame) {
    var out = { type: frame.type, client_id: frame.client_id };
    if (frame.type === 'message') { out.text = frame.text; } else { out.payload = frame.payload; out.title = frame.title; }
    try { state.ws.send(JSON.stringify(out)); frame.sent = true; } catch (e) { /* resent after reconnect */ }
  }

  function flushOutbox() {
    state.outbox.forEach(function (frame) { transmit(frame); });
  }

  // A send the server refused comes back to the person: their words go back into the box.
  function returnRefused() {
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

  /* ----------------------------------------- the connection --------------------------------- */

  function start() {
    if (state.started) { return; }
    state.started = true;
    connect();
  }

  // Messages waiting from before a reload are shown after the history (the replay confirms any the
  // server already has), or at once if the server cannot be reached.
  function showRestoredOutbox() {
    if (state.outboxShown) { return; }
    state.outboxShown = true;
    state.outbox.forEach(function (frame) {
      var shown = state.entries.some(function (entry) { return entry.clientId === frame.client_id; });
      if (!shown) { appendPending(frame); }
    });
  }

  function postSession() {
    return fetch(ORIGIN + '/api/web/session', {
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

  function connect() {
    window.clearTimeout(state.retryTimer);
    if (state.ws || state.exiting || state.expired || state.connecting) { return; }
    state.connecting = true;
    setConnection('connecting');
    postSession().then(function (session) {
      state.connecting = false;
      if (state.exiting || !session || !session.token) { return; }
      var hadConversation = state.lastId > 0;
      keepToken(session);
      if (session.resumed === false && hadConversation) {
        // The old conversation has gone (idle too long): say so, keep the log for saving.
        onExpired();
        return;
      }
      openSocket();
    }).catch(function () {
      state.connecting = false;
      onDisconnected();
    });
  }

  // The gateway slides the idle expiry and re-signs the token as the person talks.
  function keepToken(frame) {
    if (frame.token) {
      state.token = frame.token;
      store.set('sessionStorage', 'token', frame.token);
    }
    setExpiry(frame.expires_in);
  }

  function openSocket() {
    var url = ORIGIN.replace(/^http/, 'ws') + '/channels/web/ws?token=' + encodeURIComponent(state.token);
    var ws;
    try { ws = new WebSocket(url); } catch (e) { onDisconnected(); return; }
    state.ws = ws;
    state.ready = false;
    if (state.firstReplay) {
      // The first replay is history, not news: fill the log quietly, then announce from here on.
      ui.log.setAttribute('aria-live', 'off');
    }
    ws.onopen = function () { ws.send(JSON.stringify({ type: 'hello', after: state.lastId })); };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame && typeof frame === 'object') { handleFrame(frame); }
    };
    ws.onclose = function () {
      if (state.ws !== ws) { return; }
      state.ws = null;
      state.ready = false;
      onDisconnected();
    };
  }

  // For styling and tests: connecting | online | offline | expired.
  function setConnection(value) { ui.root.setAttribute('data-connection', value); }

  function onConnected() {
    state.ready = true;
    setConnection('online');
    state.attempt = 0;
    if (state.firstReplay) {
      state.firstReplay = false;
      ui.log.setAttribute('aria-live', 'polite');
      scrollLog(true);
    }
    showRestoredOutbox();
    if (state.lost) {
      state.lost = false;
      showConnection(t('reconnected'), false);
      window.setTimeout(function () { if (!state.lost) { showConnection(''); } }, 6000);
    }
    flushOutbox();
    state.entries.forEach(renderPendingStatus);
  }

  function onDisconnected() {
    if (state.exiting || state.expired) { return; }
    setConnection('offline');
    if (state.firstReplay) { ui.log.setAttribute('aria-live', 'polite'); state.firstReplay = false; }
    showRestoredOutbox();
    state.entries.forEach(renderPendingStatus);
    if (!state.lost) {
      state.lost = true;
      showConnection(t('connectionLost'), true);
    }
    state.attempt += 1;
    // Exponential backoff with jitter: 1, 2, 4, 8, 16, then every 30 seconds.
    var delay = Math.min(30, Math.pow(2, state.attempt - 1)) * (0.75 + Math.random() * 0.5) * 1000;
    window.clearTimeout(state.retryTimer);
    state.retryTimer = window.setTimeout(connect, delay);
  }

  function handleFrame(frame) {
    if (frame.type === 'message') { onMessage(frame); }
    else if (frame.type === 'state') {
      state.stateFrame = frame;
      state.owner = frame.owner || 'bot';
      ui.root.setAttribute('data-owner', state.owner);
      renderOwner();
      ui.newChat.hidden = state.owner !== 'closed';
      if (!state.ready) { onConnected(); }
    } else if (frame.type === 'typing') { showTyping(true); }
    else if (frame.type === 'session') { keepToken(frame); }
    else if (frame.type === 'pong') {
      keepToken(frame);
      if (state.continuing) { state.continuing = false; say(t('continued')); }
    } else if (frame.type === 'error') { onServerError(frame); }
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
    if (frame.client_id) {
      var index = -1;
      for (var i = 0; i < state.outbox.length; i++) {
        if (state.outbox[i].client_id === frame.client_id) { index = i; break; }
      }
      if (index >= 0) { state.outbox.splice(index, 1); saveOutbox(); }
      for (var j = 0; j < state.entries.length; j++) {
        var pending = state.entries[j];
        if (pending.pending && pending.clientId === frame.client_id) {
          pending.pending = false;
          pending.id = id;
          pending.at = frame.at || pending.at;
          if (pending.statusEl) { pending.statusEl.parentNode.removeChild(pending.statusEl); pending.statusEl = null; }
          return;
        }
      }
    }

    if (author === 'user') { removeReplies(); }
    var entry = {
      id: id, author: author, text: String(frame.text || ''), staffName: frame.staff_name || null,
      at: frame.at || null, clientId: frame.client_id || null
    };
    appendEntry(entry);
    if (frame.buttons && frame.buttons.length) { addReplies(entry, frame.buttons); }
    if (author !== 'user' && CONFIG.mode !== 'page' && !state.open) {
      state.unread += 1;
      ui.badge.hidden = false;
    }
  }

  function onServerError(frame) {
    var messages = {
      too_long: t('errorTooLong', { max: CONFIG.maxChars }),
      rate_limited: t('errorRateLimited'),
      bad_request: t('errorBadRequest')
    };
    if (frame.code === 'expired') { onExpired(); return; }
    if (messages[frame.code]) { returnRefused(); }
    showError(messages[frame.code] || t('errorGeneric'));
  }

  /* ----------------------------------------- session expiry --------------------------------- */

  function setExpiry(seconds) {
    if (typeof seconds !== 'number' || seconds <= 0) { return; }
    state.expiresIn = seconds;
    window.clearTimeout(state.warnTimer);
    window.clearTimeout(state.expireTimer);
    hideWarning();
    // Warn two minutes before (or half-way through a shorter session): WCAG 2.2.1 asks for at
    // least 20 seconds to answer.
    var lead = Math.min(120, seconds / 2);
    state.warnTimer = window.setTimeout(showWarning, (seconds - lead) * 1000);
    state.expireTimer = window.setTimeout(onExpired, seconds * 1000);
  }

  function restartExpiry() { if (state.expiresIn) { setExpiry(state.expiresIn); } }

  function showWarning() {
    ui.expiry.textContent = '';
    ui.expiry.classList.add('pch-banner--shown');
    ui.expiry.appendChild(h('p', { text: t('expiryWarning') }));
    ui.expiry.appendChild(h('button', { type: 'button', 'class': 'pch-button', text: t('continueChat'), onclick: continueChat }));
  }

  function hideWarning() {
    ui.expiry.textContent = '';
    ui.expiry.classList.remove('pch-banner--shown');
  }

  function continueChat() {
    var hadFocus = ui.expiry.contains(document.activeElement);
    state.continuing = true;
    hideWarning();
    if (hadFocus) { ui.input.focus(); }
    if (state.ready) {
      try { state.ws.send(JSON.stringify({ type: 'keepalive' })); } catch (e) { connect(); }
    } else { connect(); }
  }

  function onExpired() {
    if (state.expired) { return; }
    state.expired = true;
    setConnection('expired');
    window.clearTimeout(state.warnTimer);
    window.clearTimeout(state.expireTimer);
    window.clearTimeout(state.retryTimer);
    var hadFocus = ui.expiry.contains(document.activeElement);
    if (state.ws) { var ws = state.ws; state.ws = null; state.ready = false; try { ws.close(); } catch (e) { /* gone */ } }
    showConnection('');
    state.lost = false;
    ui.expiry.textContent = '';
    ui.expiry.classList.add('pch-banner--shown');
    ui.expiry.appendChild(h('p', { text: t('expired') }));
    ui.newChat.hidden = false;
    if (hadFocus) { ui.newChat.focus(); }
  }

  function newChat() {
    if (state.ws) { var ws = state.ws; state.ws = null; try { ws.close(); } catch (e) { /* gone */ } }
    store.remove('sessionStorage', 'token');
    store.remove('sessionStorage', 'outbox');
    state.token = null;
    state.outbox = [];
    state.outboxShown = true;
    state.entries = [];
    state.seen = {};
    state.lastId = 0;
    state.expired = false;
    state.ready = false;
    state.lost = false;
    state.stateFrame = null;
    state.owner = 'bot';
    ui.root.setAttribute('data-owner', 'bot');
    ui.replies = null;
    ui.log.textContent = '';
    bound = bound.filter(function (pair) { return pair[0].isConnected; });
    ui.empty.hidden = false;
    hideWarning();
    showConnection('');
    renderOwner();
    ui.newChat.hidden = true;
    ui.input.focus();
    connect();
  }

  /* ----------------------------------------- Exit this page --------------------------------- */

  function exitPage() {
    if (state.exiting) { return; }
    state.exiting = true;
    revokeToken(state.token);
    store.clearOurs();
    if (state.ws) { try { state.ws.close(); } catch (e) { /* leaving anyway */ } }
    // Blank the page at once, before the neutral site has loaded, and leave no title behind.
    try {
      document.title = t('exiting');
      document.body.textContent = '';
      document.body.appendChild(h('p', { 'class': 'pch-exiting', text: t('exiting') }));
    } catch (e) { /* the replace below is what matters */ }
    // replace(), not assign(): Back must not bring the chat back.
    window.location.replace(CONFIG.exitUrl);
  }

  // The gateway revokes the token too, so the conversation cannot be reopened from a copy of it.
  // A beacon outlives the page being replaced, and as text/plain it needs no CORS preflight.
  function revokeToken(token) {
    if (!token) { return; }
    var url = ORIGIN + '/api/web/session/exit';
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, token)) { return; }
      fetch(url, { method: 'POST', body: token, keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } });
    } catch (e) { /* leaving anyway: the token still expires on its own */ }
  }

  // As GOV.UK Frontend's Exit this page: count Shift released on its own; a key typed with Shift
  // (a capital letter) does not count, and any other key starts the count again.
  var shift = { count: 0, timer: null, lastModified: false };
  function onKeyup(event) {
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

  /* ----------------------------------------- transcript ------------------------------------- */

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

  function download(kind) {
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

  /* ----------------------------------------- start ------------------------------------------ */

  function init() {
    injectStylesheet();
    build();
    document.addEventListener('keyup', onKeyup, true);
    document.addEventListener('focusin', onFocusIn);
    window.addEventListener('online', function () { if (state.lost) { state.attempt = 0; connect(); } });
    var onMedia = function () { updateInert(); keepFocusVisible(); };
    if (smallScreen.addEventListener) { smallScreen.addEventListener('change', onMedia); }
    window.addEventListener('resize', keepFocusVisible);
    if (CONFIG.mode === 'page') {
      if (state.lang !== 'en') { document.documentElement.setAttribute('lang', state.lang); }
      start();
    } else {
      ui.root.addEventListener('keydown', function (event) {
        if (event.key === 'Escape' && state.open && ui.panel.contains(event.target)) { setOpen(false, true); }
      });
      var wasOpen = store.get('sessionStorage', 'open') === '1';
      // A conversation already under way (a reload) reconnects at once; otherwise nothing is
      // created on the server until the person opens the chat.
      if (CONFIG.open || wasOpen) { setOpen(true, false); } else if (state.token) { start(); }
    }
    if (state.lang !== 'en') { applyLanguage(); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
