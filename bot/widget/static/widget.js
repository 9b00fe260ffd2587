/* Police complaints help: the one tag another site adds to embed the chat.
 *
 *   <script src="https://chat.example.org/widget.js" defer></script>
 *
 * A classic script, so that the tag works as it always has: it reads its own data- attributes,
 * then imports the widget's modules (js/main.js) from the gateway it came from. docs/widget.md.
 */
(function () {
  'use strict';

  // The gateway replaces this with its settings when it serves /widget.js (see bot/widget/assets.py).
  var SERVER_DEFAULTS = /*SERVER_DEFAULTS*/ {};

  var script = document.currentScript;
  if (!script || window.__policeComplaintsWidget || !SERVER_DEFAULTS.module) { return; }
  var origin = new URL(script.src, location.href).origin;
  var data = {};
  Object.keys(script.dataset).forEach(function (name) { data[name] = script.dataset[name]; });

  // Fetch every module at once, rather than one level of imports after another.
  (SERVER_DEFAULTS.preload || []).forEach(function (path) {
    var link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = origin + path;
    document.head.appendChild(link);
  });
  import(origin + SERVER_DEFAULTS.module).then(function (widget) { widget.mount(data, SERVER_DEFAULTS); });
}());
