// The consumer's hosted checkout page as HTML: the order, and then, by the checkout's state, the
// plans to choose from (each with its full disclosure) or where the checkout stands. No script:
// a form and links work everywhere, and the page's policy allows nothing but its own style and
// its form posting back to itself. The way on to the merchant is a link and a meta refresh, never
// a redirect of the form's POST: a policy's form-action would also govern every redirect the
// merchant's own page makes after it.
import { type CheckoutData, returnUrlOf } from '../domain/checkouts.js';
import { formatMoney, lineTotal } from '../domain/money.js';
import type { QuotedPlan } from '../domain/plans.js';
import { html, type PageBrand, page, SafeHtml } from './layout.js';

export interface PayPage {
  checkout: CheckoutData;
  /** The merchant's brand (its partner's colour and logo when it has none). */
  brand: PageBrand;
  /** The plans the consumer may choose from (open sandbox checkouts only). */
  plans: QuotedPlan[];
  /** The plan a confirmed checkout's consumer chose, quoted as it was on confirmation (its recap); absent once no longer offered. */
  chosen?: QuotedPlan | undefined;
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
  const payments = paymentsInWords(
    disclosure.installments.map((line) => line.amount),
    currency,
  );
  return term.type === 'pay_in_4' ? `Pay in 4, every 2 weeks from today: ${payments}` : `${term.installmentCount} monthly payments: ${payments}`;
}

/** A plan's name as the consumer reads it: "Pay in 4", "12 monthly payments". */
function planName({ term }: QuotedPlan): string {
  return term.type === 'pay_in_4' ? 'Pay in 4' : `${term.installmentCount} monthly payments`;
}

/** A due date as people read it ("Dec 27, 2026"), from the schedule's `YYYY-MM-DD`. */
function readableDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
}

function termsLine({ disclosure }: QuotedPlan, currency: string): string {
  const money = (amount: number) => formatMoney(amount, currency);
  return `Amount financed ${money(disclosure.amount_financed)} · APR ${percent(disclosure.apr_bps)} · finance charge ${money(disclosure.finance_charge)} · total of payments ${money(disclosure.total_of_payments)}`;
}

/**
 * A plan's payment schedule: a table on a laptop, a list of labelled rows on a phone (the
 * labels come from each cell's data-label, layout.ts). Its dates are estimates: they start when
 * the merchant captures the order.
 */
function schedule(plan: QuotedPlan, currency: string): SafeHtml {
  const money = (amount: number) => formatMoney(amount, currency);
  return html`<details><summary>Payment schedule: ${planName(plan)}</summary>
  <p class="note">Estimated dates: your payments are due from the day your order ships.</p>
  <table class="schedule">
    <thead><tr><th>Due (estimated)</th><th class="amount">Payment</th><th class="amount">Principal</th><th class="amount">Interest</th></tr></thead>
    <tbody>${plan.disclosure.installments.map(
      (line) =>
        html`<tr><td data-label="Due (estimated)">${readableDate(line.due_date)}</td><td class="amount" data-label="Payment">${money(line.amount)}</td><td class="amount" data-label="Principal">${money(line.principal)}</td><td class="amount" data-label="Interest">${money(line.interest)}</td></tr>`,
    )}</tbody>
  </table></details>`;
}

function planOption(plan: QuotedPlan, currency: string, index: number): SafeHtml {
  // The schedule sits beside the label, not in it: a label holds phrasing content only.
  return html`<div class="plan"><label><input type="radio" name="plan_id" value="${plan.term.planId}" required${index === 0 ? new SafeHtml(' checked') : ''}>
  <strong>${planSummary(plan, currency)}</strong>
  <span class="terms">${termsLine(plan, currency)}</span></label>
  ${schedule(plan, currency)}</div>`;
}

/** What the consumer agreed to, on the approval page: the plan, its terms and the first payment. */
function recap(plan: QuotedPlan, currency: string): SafeHtml {
  const first = plan.disclosure.installments[0];
  return html`<div class="plan recap"><p><strong>${planSummary(plan, currency)}</strong>
  <span class="terms">${termsLine(plan, currency)}</span>
  ${first ? html`<span class="terms">First payment ${formatMoney(first.amount, currency)}, due about ${readableDate(first.due_date)} (estimated: from the day your order ships)</span>` : ''}</p>
  ${schedule(plan, currency)}</div>`;
}

function orderSummary(checkout: CheckoutData): SafeHtml {
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

/** What the consumer can do now, by the checkout's state; `refreshTo`: where the page moves on to by itself. */
function stateSection(view: PayPage): { section: SafeHtml; refreshTo?: string } {
  const { checkout } = view;
  const merchantName = view.brand.name;
  const back = (url: string, text: string) => html`<p class="actions"><a class="button" href="${url}">${text}</a></p>`;
  // Stored as sent (createCheckout let only parseable, safe ones in), with the checkout's id added.
  const confirmUrl = returnUrlOf(checkout.confirmUrl, checkout.id);
  const cancelUrl = returnUrlOf(checkout.cancelUrl, checkout.id);
  switch (checkout.status) {
    case 'confirmed':
    case 'completed':
      return {
        section: html`<h2>You're approved</h2>${view.chosen ? recap(view.chosen, checkout.currency) : ''}<p>Your plan is confirmed. Taking you back to ${merchantName} to finish your order…</p>${back(confirmUrl, `Continue to ${merchantName}`)}`,
        refreshTo: confirmUrl,
      };
    case 'declined':
      return {
        section: html`<h2>We couldn't approve this purchase</h2><p>Evenpay can't offer a plan for this order. Nothing has been charged.</p>${back(cancelUrl, `Return to ${merchantName}`)}`,
      };
    case 'canceled':
      return {
        section: html`<h2>Checkout canceled</h2><p>Nothing has been charged. Taking you back to ${merchantName}…</p>${back(cancelUrl, `Return to ${merchantName}`)}`,
        refreshTo: cancelUrl,
      };
    case 'expired':
      return {
        section: html`<h2>This checkout has expired</h2><p>Start again from ${merchantName}'s checkout.</p>${back(cancelUrl, `Return to ${merchantName}`)}`,
      };
    case 'open':
      break;
  }
  if (checkout.livemode) {
    return {
      section: html`<h2>This checkout can't be completed here</h2><p>It was created with a live key, and live approval is not part of this deployment: only sandbox checkouts can be completed on this page.</p>${back(cancelUrl, `Return to ${merchantName}`)}`,
    };
  }
  if (view.plans.length === 0) {
    // The total was financeable when the checkout was made; the merchant's plans have changed since.
    return { section: html`<h2>No plan is available for this order</h2><p>Nothing has been charged.</p>${back(cancelUrl, `Return to ${merchantName}`)}` };
  }
  return {
    section: html`<form method="post">
  <fieldset><legend><h2>Choose how to pay</h2></legend>
  ${view.error ? html`<p role="alert">${view.error}</p>` : ''}
  ${view.plans.map((plan, i) => planOption(plan, checkout.currency, i))}
  </fieldset>
  <p class="note">Sandbox: the decision follows the customer email's <a href="${view.docsBaseUrl}/guides/sandbox">magic values</a>.</p>
  <div class="actions"><button name="action" value="confirm">Confirm plan</button>
  <button class="secondary" name="action" value="cancel" formnovalidate>Cancel and return to ${merchantName}</button></div>
</form>`,
  };
}

export function renderPayPage(view: PayPage): string {
  const { checkout, brand } = view;
  const merchantName = brand.name;
  const { section, refreshTo } = stateSection(view);
  return page(
    `Pay over time with Evenpay · ${merchantName}`,
    html`<h1>${merchantName} · order ${checkout.orderId}</h1>
${orderSummary(checkout)}
${section}`,
    { brand, ...(checkout.livemode ? {} : { badge: 'Sandbox: no real money moves' }), ...(refreshTo ? { refreshTo } : {}) },
  );
}
