// The demo shop page (/docs/demo/shop): a product page as a shop would write it, with
// <evenpay-message> under the price. It loads the exact-version script with its integrity hash
// (the snippet the guide documents, so Chromium checks that hash on every test run) in <head>,
// so the element is defined, and its space reserved, before the page first paints; it keeps a
// strict content security policy (no 'unsafe-inline': its own style and script by hash), which
// the component must work under. The publishable key comes from the page's address
// (`?key=pk_test_…`, as `npm start` prints it): docs are static, keys are per sandbox.
import { createHash } from 'node:crypto';
import type { EmbedScript } from './embed.js';
import { escapeHtml, NO_FAVICON_REQUEST } from './html.js';

const STYLE = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:17px/1.5 Georgia,'Times New Roman',serif;color:#22201c;background:#fbf8f3}
a{color:#8a3b12}
header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;justify-content:space-between;padding:.75rem 1rem;background:#22201c;color:#fbf8f3}
header a{color:#fbf8f3}.shop-name{font-size:1.25rem;font-weight:700;letter-spacing:.02em}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.product{display:grid;gap:1.5rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:48rem){.product{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
.picture{background:#efe7da;border-radius:12px;padding:1.5rem}
.picture svg{display:block;width:100%;height:auto}
h1{margin:0 0 .25rem;font-size:2rem;line-height:1.2}
.price{margin:0 0 .25rem;font-size:1.5rem}
evenpay-message{margin:0 0 1.25rem;--evenpay-link-color:#8a3b12;--evenpay-accent-color:#8a3b12}
.buy{font:inherit;padding:.65rem 1.5rem;border:0;border-radius:6px;background:#22201c;color:#fbf8f3;cursor:pointer}
.buy:focus-visible{outline:3px solid #8a3b12;outline-offset:2px}
.about{margin-top:2.5rem;padding-top:1rem;border-top:1px solid #d9d0c1}
.note{padding:.75rem 1rem;border-left:4px solid #8a3b12;background:#fff}
pre{max-width:100%;overflow-x:auto;outline-offset:2px;padding:.75rem;background:#fff;border:1px solid #d9d0c1;border-radius:6px;font-size:.85rem}
code{font-family:ui-monospace,monospace;overflow-wrap:anywhere}pre code{overflow-wrap:normal}`;

const SCRIPT = `const key = new URLSearchParams(location.search).get('key') || '';
const message = document.querySelector('evenpay-message');
if (/^pk_(test|live)_[A-Za-z0-9]+$/.test(key)) {
  message.setAttribute('public-key', key);
} else {
  message.remove();
  document.getElementById('key-note').hidden = false;
  if (key.startsWith('sk_')) document.getElementById('secret-note').hidden = false;
}
document.querySelector('.buy').addEventListener('click', () => {
  document.getElementById('cart-status').textContent = 'This is a demo shop: nothing is sold.';
});`;

const BIKE = `<svg viewBox="0 0 320 200" role="img" aria-label="Drawing of a city bike" xmlns="http://www.w3.org/2000/svg">
<g fill="none" stroke="#22201c" stroke-width="8" stroke-linecap="round" stroke-linejoin="round">
<circle cx="70" cy="140" r="48"/><circle cx="250" cy="140" r="48"/>
<path d="M70 140 130 70h90l30 70M130 70l40 70h-100M220 70l-50 70M120 52h30M220 70l-8-30h24"/></g></svg>`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The page; `scriptUrl` is where it loads the exact-version file from (the service's own /js). */
export function demoShopPage(embed: EmbedScript): string {
  const scriptUrl = `/js/${embed.file}`;
  const policy = [
    "default-src 'none'",
    `script-src 'self' ${sha256(SCRIPT)}`,
    `style-src ${sha256(STYLE)}`,
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const tag = `<script src="${scriptUrl}" integrity="${embed.integrity}" crossorigin="anonymous"></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<title>City bike · Northwind Cycles (Evenpay demo shop)</title>
${NO_FAVICON_REQUEST}
<meta name="description" content="A demo product page showing Evenpay's promotional message and plan breakdown (evenpay.js).">
<style>${STYLE}</style>
${tag}
</head>
<body>
<header><span class="shop-name">Northwind Cycles</span><span>A demo shop · <a href="../">Evenpay docs</a></span></header>
<main>
<div class="product">
<div class="picture">${BIKE}</div>
<div>
<h1>City bike</h1>
<p class="price">$800.00</p>
<evenpay-message amount="80000" currency="USD"></evenpay-message>
<button type="button" class="buy">Add to cart</button>
<p id="cart-status" role="status"></p>
<p>A steel city bike with hub gears, dynamo lights and a rack that takes a week's shopping.</p>
</div>
</div>
<div class="note" id="key-note" hidden>
<p>The message needs your sandbox's <strong>publishable</strong> key in this page's address: <code>?key=pk_test_…</code>. <code>npm start</code> prints this page's address with it; or run <code>source data/sandbox.env</code> and add <code>?key=$EVENPAY_PUBLISHABLE_KEY</code>.</p>
<p id="secret-note" hidden><strong>That is a secret key.</strong> Never put a secret key in a page: roll it (<code>POST /v2/api-keys/{id}/roll</code>) and use the publishable key.</p>
</div>
<section class="about" aria-labelledby="about">
<h2 id="about">How this page shows the message</h2>
<p>Under the price, <code>&lt;evenpay-message amount="80000" currency="USD" public-key="pk_test_…"&gt;</code> asks <code>GET /v2/promotions</code> with the publishable key and shows the lowest monthly payment; <em>Learn more</em> opens every plan for the price. The page loads the script by its exact version, with its integrity hash:</p>
<pre tabindex="0"><code>${escapeHtml(tag)}</code></pre>
<p>It is in this shop's font and takes its link colour from a CSS custom property. The <a href="../guides/promotional-messaging">promotional messaging guide</a> explains the attributes, the custom properties and registering your origins.</p>
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
