/* The widget's words. They live in texts/widget.json at the top of the repository; the gateway
 * serves them as the module ./texts.js beside this one (bot/widget/views.py), so no text people
 * read is written in the widget's code.
 */
import TEXTS from './texts.js';
import { state } from './state.js';

// Whether there are words for `lang` ("en", "cy").
export function known(lang) {
  return typeof lang === 'string' && Object.prototype.hasOwnProperty.call(TEXTS, lang);
}

// The text for `key` in the chosen language (English if it is missing), with {name} filled in.
export function t(key, vars) {
  var text = (TEXTS[state.lang] && TEXTS[state.lang][key]) || TEXTS.en[key] || key;
  if (vars) {
    text = text.replace(/\{(\w+)\}/g, function (m, name) { return vars[name] == null ? m : String(vars[name]); });
  }
  return text;
}
