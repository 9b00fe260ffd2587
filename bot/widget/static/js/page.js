/* Our own page (GET /): the chat fills the page's target element. The page's <script> tag carries
 * the options and this gateway's settings (bot/widget/templates/page.html).
 */
import { mount } from './main.js';

var tag = document.querySelector('script[type="module"][data-settings]');
mount(tag ? tag.dataset : { mode: 'page' }, tag ? JSON.parse(tag.dataset.settings) : {});
