// The consumer's hosted checkout page as HTML: the order, and then, by the checkout's state, the
// plans to choose from (each with its full disclosure) or where the checkout stands. No script:
// a form and links work everywhere, and the page's policy allows nothing but its own style.
import { createHash } from 'node:crypto';
import escapeHtml from 'escape-html';
import type { CheckoutRow } from '../data/models/index.js';
import { formatMoney, lineTotal } from '../domain/money.js';
import type { QuotedPlan } from '../domain/plans.js';

/** HTML that is already safe to send: the only way a value reaches the page unescaped. */
class SafeHtml {
  constructor(readonly text: string) {}
}

/** A template whose every interpolated value is escaped, unless it is SafeHtml (or a list of it). */
function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  const part = (value: unknown): string =>
    value instanceof SafeHtml ? value.text : Array.isArray(value) ? value.map(part).join('') : escapeHtml(String(value ?? ''));
  return new SafeHtml(strings.reduce((out, text, i) => out + text + (i < values.length ? part(values[i]) : ''), ''));
}

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; color: #1b1f24; background: #f4f5f7; margin: 0; }
main { max-width: 36rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 12px; box-shadow: 0 1px 4px #0002; }
header { display: flex; justify-content: space-between; align-items: baseline; }
.brand { font-weight: 700; font-size: 1.25rem; color: #0b6e4f; margin: 0; }
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
.note { font-size: .85rem; color: #555; }
`;

/** The page's style is allowed by its hash, so the policy needs no 'unsafe-inline'. */
const STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

export interface PayPage {
  checkout: CheckoutRow;
  merchantName: string;
  /** The plans the consumer may choose from (open sandbox checkouts only). */
  plans: QuotedPlan[];
  /** Why the last submission was refused, in words for the consumer. */
  error?: string;
  docsBaseUrl: string;
}

function percent(aprBps: number): string {
  return `${Math.floor(aprBps / 100)}.${String(aprBps % 100).padStart(2, '0')}%`;
}

/** The payments in words, exactly: runs of equal amounts ("2 × $51.67, then $51.66"). */
function paymentsInWords(amounts: number[], currency: string): string {
  const runs: Array<{ amount: number; count: number }> = [];
  for (const amount of amounts) {
    const last = runs.at(-1);
    if (last?.amount === amount) last.count += 1;
    else runs.push({ amount, count: 1 });
  }
  return runs.map(({ amount, count }) => (count > 1 ? `${count} × ${formatMoney(amount, currency)}` : formatMoney(amount, currency))).join(', then ');
}

function planSummary({ term, disclosure }: QuotedPlan, currency: string): string {
  const payments = paymentsInWords(disclosure.installments.map((line) => line.amount), currency);
  return term.type === 'pay_in_4' ? `Pay in 4, every 2 weeks from today: ${payments}` : `${term.installmentCount} monthly payments: ${payments}`;
}

function planOption(plan: QuotedPlan, currency: string, index: number): SafeHtml {
  const { disclosure } = plan;
  const money = (amount: number) => formatMoney(amount, currency);
  return html`<label class="plan"><input type="radio" name="plan_id" value="${plan.term.planId}" required${index === 0 ? new SafeHtml(' checked') : ''}>
  <strong>${planSummary(plan, currency)}</strong>
  <span class="terms">APR ${percent(disclosure.apr_bps)} · finance charge ${money(disclosure.finance_charge)} · total of payments ${money(disclosure.total_of_payments)}</span>
  <details><summary>Payment schedule</summary><table>
    <tr><th>Due</th><th class="amount">Payment</th><th class="amount">Principal</th><th class="amount">Interest</th></tr>
    ${disclosure.installments.map((line) => html`<tr><td>${line.due_date}</td><td class="amount">${money(line.amount)}</td><td class="amount">${money(line.principal)}</td><td class="amount">${money(line.interest)}</td></tr>`)}
  </table></details></label>`;
}

function orderSummary(checkout: CheckoutRow): SafeHtml {
  const money = (amount: number | bigint) => formatMoney(amount, checkout.currency);
  const line = (label: string, amount: number | bigint) => html`<tr><td>${label}</td><td class="amount">${money(amount)}</td></tr>`;
  return html`<table>
  ${checkout.items.map((item) => line(`${item.name} × ${item.quantity}`, lineTotal(item.unit_price, item.quantity)))}
  ${checkout.shippingAmount ? line('Shipping', checkout.shippingAmount) : ''}
  ${checkout.taxAmount ? line('Tax', checkout.taxAmount) : ''}
  ${checkout.discountAmount ? line('Discount', -checkout.discountAmount) : ''}
  <tr class="total"><td>Total</td><td class="amount">${money(checkout.totalAmount)}</td></tr>
</table>`;
}

/** What the consumer can do now, by the checkout's state. */
function stateSection(page: PayPage): SafeHtml {
  const { checkout, merchantName } = page;
  const back = (url: string, text: string) => html`<p class="actions"><a class="button" href="${url}">${text}</a></p>`;
  switch (checkout.status) {
    case 'confirmed':
    case 'completed':
      return html`<h2>You're approved</h2><p>Your plan is confirmed. ${merchantName} will finish your order.</p>${back(checkout.confirmUrl, `Continue to ${merchantName}`)}`;
    case 'declined':
      return html`<h2>We couldn't approve this purchase</h2><p>Evenpay can't offer a plan for this order. Nothing has been charged.</p>${back(checkout.cancelUrl, `Return to ${merchantName}`)}`;
    case 'canceled':
      return html`<h2>Checkout canceled</h2><p>You left this checkout. Nothing has been charged.</p>${back(checkout.cancelUrl, `Return to ${merchantName}`)}`;
    case 'expired':
      return html`<h2>This checkout has expired</h2><p>Start again from ${merchantName}'s checkout.</p>${back(checkout.cancelUrl, `Return to ${merchantName}`)}`;
    case 'open':
      break;
  }
  if (checkout.livemode) {
    return html`<h2>This checkout can't be completed here</h2><p>It was created with a live key, and live approval is not part of this deployment: only sandbox checkouts can be completed on this page.</p>${back(checkout.cancelUrl, `Return to ${merchantName}`)}`;
  }
  return html`<form method="post">
  <fieldset><legend><h2>Choose how to pay</h2></legend>
  ${page.error ? html`<p role="alert">${page.error}</p>` : ''}
  ${page.plans.map((plan, i) => planOption(plan, checkout.currency, i))}
  </fieldset>
  <p class="note">Sandbox: the decision follows the customer email's <a href="${page.docsBaseUrl}/guides/sandbox">magic values</a>.</p>
  <div class="actions"><button name="action" value="confirm">Confirm plan</button>
  <button class="secondary" name="action" value="cancel" formnovalidate>Cancel and return to ${merchantName}</button></div>
</form>`;
}

/** Where the page's form may send the browser: itself, then on to the merchant's return URLs. */
function formTargets(checkout: CheckoutRow): string[] {
  return [checkout.confirmUrl, checkout.cancelUrl].map((url) => {
    const { protocol, origin } = new URL(url);
    // An app's own scheme (myshop://…) has no origin; CSP names it by its scheme.
    return origin === 'null' ? protocol : origin;
  });
}

export function renderPayPage(page: PayPage): { html: string; contentSecurityPolicy: string } {
  const { checkout, merchantName } = page;
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Pay over time with Evenpay · ${merchantName}</title>
<style>${new SafeHtml(STYLE)}</style></head>
<body><main>
<header><p class="brand">Evenpay</p>${checkout.livemode ? '' : html`<p class="mode">Sandbox: no real money moves</p>`}</header>
<h1>${merchantName} · order ${checkout.orderId}</h1>
${orderSummary(checkout)}
${stateSection(page)}
</main></body></html>
`;
  const policy = [
    "default-src 'none'",
    `style-src ${STYLE_SOURCE}`,
    `form-action 'self' ${[...new Set(formTargets(checkout))].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ];
  return { html: body.text, contentSecurityPolicy: policy.join('; ') };
}

/** A page for a checkout that does not exist (or an address that is not one). */
export function renderNotFoundPage(): { html: string; contentSecurityPolicy: string } {
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Checkout not found · Evenpay</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main><header><p class="brand">Evenpay</p></header><h1>Checkout not found</h1><p>This link is not a checkout. Start again from the shop's checkout.</p></main></body></html>
`;
  return { html: body.text, contentSecurityPolicy: `default-src 'none'; style-src ${STYLE_SOURCE}; frame-ancestors 'none'; base-uri 'none'` };
}
