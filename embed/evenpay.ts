// /js/evenpay.js: defines <evenpay-message>. Loaded by a classic <script> (with `integrity` and
// `crossorigin` for the exact-version URL); it runs once even if a page includes it twice.
import { EvenpayMessage } from './message-element.js';

// While this script runs, document.currentScript is its <script>: the API is where it came from.
const script = document.currentScript;
if (script instanceof HTMLScriptElement && script.src) EvenpayMessage.defaultApiBase = new URL(script.src).origin;

// The first copy defines the element; customElements.get('evenpay-message').version says which.
if (!customElements.get('evenpay-message')) customElements.define('evenpay-message', EvenpayMessage);
