// The frame of Evenpay's hosted pages (the consumer's /pay, the merchant's /onboard): one style,
// one content security policy, and one way to put a value into HTML (escaped, unless SafeHtml).
// No script: the policy allows nothing but the page's own style and its forms posting to itself.
import { createHash } from 'node:crypto';
import escapeHtml from 'escape-html';
import type { Response } from 'express';

/** HTML that is already safe to send: the only way a value reaches the page unescaped. */
export class SafeHtml {
  constructor(readonly text: string) {}
}

/** A template whose every interpolated value is escaped, unless it is SafeHtml (or a list of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  const part = (value: unknown): string =>
    value instanceof SafeHtml ? value.text : Array.isArray(value) ? value.map(part).join('') : escapeHtml(String(value ?? ''));
  return new SafeHtml(strings.reduce((out, text, i) => out + text + (i < values.length ? part(values[i]) : ''), ''));
}

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; color: #1b1f24; background: #f4f5f7; margin: 0; }
main { max-width: 36rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 12px; box-shadow: 0 1px 4px #0002; }
header { display: flex; justify-content: space-between; align-items: baseline; }
.brand { font-weight: 700; font-size: 1.25rem; color: #0b6e4f; margin: 0; display: flex; align-items: center; gap: .5rem; }
.mode { font-size: .8rem; background: #fff3c4; padding: .1rem .5rem; border-radius: 4px; margin: 0; }
h1 { font-size: 1.2rem; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1rem; }
td, th { padding: .25rem 0; text-align: left; }
td.amount, th.amount { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; border-top: 1px solid #ccd; }
fieldset { border: 0; padding: 0; margin: 0; }
.plan { display: block; border: 1px solid #ccd; border-radius: 8px; padding: .75rem 1rem; margin: .5rem 0; }
.plan:has(input:checked) { border-color: #0b6e4f; box-shadow: 0 0 0 1px #0b6e4f; }
.terms { display: block; color: #555; font-size: .9rem; }
.actions { display: flex; gap: 1rem; margin-top: 1rem; }
button, .button { font: inherit; padding: .6rem 1.2rem; border-radius: 8px; border: 1px solid #0b6e4f; background: #0b6e4f; color: #fff; cursor: pointer; text-decoration: none; }
button.secondary { background: #fff; color: #0b6e4f; }
[role=alert] { background: #fdecea; color: #8a1c12; padding: .5rem 1rem; border-radius: 8px; }
.field { display: block; margin: 1rem 0; }
.field input { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 1px solid #889; border-radius: 6px; margin-top: .25rem; }
.field input[aria-invalid=true] { border-color: #8a1c12; }
.hint { display: block; font-size: .85rem; color: #555; }
.error { display: block; font-size: .9rem; color: #8a1c12; }
footer { margin-top: 1.5rem; font-size: .8rem; color: #555; }
.note { font-size: .85rem; color: #555; }
.recap { border-color: #0b6e4f; }
summary { cursor: pointer; margin-top: .25rem; }
@media (max-width: 30rem) {
  main { margin: 0; padding: 1rem; border-radius: 0; }
  .actions { flex-direction: column; }
  table.schedule thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  header { flex-wrap: wrap; gap: .5rem; }
  table.schedule tr { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0 1rem; padding: .4rem 0; border-bottom: 1px solid #e4e6ea; }
  table.schedule td { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 .5rem; text-align: left; padding: .1rem 0; }
  table.schedule td::before { content: attr(data-label); color: #555; font-size: .85rem; }
}
`;

/** A page's own brand (domain/branding.ts): a merchant's or a partner's name, colour and logo. */
export interface PageBrand {
  name: string;
  color: string | null;
  logoSrc: string | null;
}

/** The style of a page: the shared one, and the brand's colour on top of it. */
function styleOf(brand: PageBrand | undefined): string {
  const color = brand?.color;
  // Checked when it was set (domain/branding.ts); checked again here, as it goes into CSS as is.
  if (!color || !/^#[0-9A-Fa-f]{6}$/.test(color)) return STYLE;
  return `${STYLE}.brand { color: ${color}; }
button, .button { background: ${color}; border-color: ${color}; }
button.secondary { background: #fff; color: ${color}; }
.plan:has(input:checked) { border-color: ${color}; box-shadow: 0 0 0 1px ${color}; }
`;
}

/**
 * A page's policy: its style allowed by its hash (no 'unsafe-inline'), its logo's origin for
 * images, its form posting to itself, nothing else (no script at all).
 */
export function policyFor(brand?: PageBrand): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(styleOf(brand)).digest('base64')}'`,
    ...(brand?.logoSrc ? [`img-src ${new URL(brand.logoSrc).origin}`] : []),
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The policy of an unbranded page. */
export const PAGE_POLICY = policyFor();

/** Sends a page with its policy; the address may hold a secret (a checkout's, a link's token): kept out of caches and Referer headers. */
export function sendPage(res: Response, status: number, body: string, brand?: PageBrand): void {
  res
    .status(status)
    .set({ 'Content-Security-Policy': policyFor(brand), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
    .type('html')
    .send(body);
}

/**
 * The frame every page shares. `badge`: beside the brand; `refreshTo`: move on to that address
 * after a moment; `brand`: whose page it is (with "Powered by Evenpay" beneath), else Evenpay's.
 */
export function page(
  title: string,
  main: SafeHtml,
  { badge, refreshTo, brand }: { badge?: string; refreshTo?: string; brand?: PageBrand | undefined } = {},
): string {
  const heading = brand
    ? html`<p class="brand">${brand.logoSrc ? html`<img src="${brand.logoSrc}" alt="" height="32"> ` : ''}${brand.name}</p>`
    : html`<p class="brand">Evenpay</p>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">${refreshTo ? html`<meta http-equiv="refresh" content="1;url=${refreshTo}">` : ''}
<title>${title}</title>
<style>${new SafeHtml(styleOf(brand))}</style></head>
<body><main>
<header>${heading}${badge ? html`<p class="mode">${badge}</p>` : ''}</header>
${main}
${brand ? html`<footer>Powered by Evenpay</footer>` : ''}
</main></body></html>
`.text;
}

/** A page that only says something: a checkout that does not exist, a form the page cannot read. */
export function renderMessagePage(title: string, message: string): string {
  return page(`${title} · Evenpay`, html`<h1>${title}</h1><p>${message}</p>`);
}
