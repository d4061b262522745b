// The plan breakdown: a modal <dialog> (showModal: the rest of the page is inert, Esc closes),
// labelled by its heading, focus moved into it on open, kept inside by Tab and Shift+Tab (the
// browser alone would let Tab leave a modal dialog for its own toolbar), and given back to the
// button that opened it on close.
import { h } from './dom.js';
import { formatApr, formatMoney } from './money.js';
import type { Promotion, PromotionPlan } from './promotion.js';

let dialogs = 0;

/** "12 monthly payments", "4 payments every two weeks"; an interval this version does not know is still a count of payments. */
function planTitle(plan: PromotionPlan): string {
  const payments = plan.installment_count === 1 ? 'payment' : 'payments';
  if (plan.interval === 'month') return `${plan.installment_count} monthly ${payments}`;
  if (plan.interval === 'two_weeks') return `${plan.installment_count} ${payments} every two weeks`;
  return `${plan.installment_count} ${payments}`;
}

function planItem(plan: PromotionPlan, currency: string, locale: string | undefined): HTMLLIElement {
  const money = (minor: number) => formatMoney(minor, currency, locale);
  // Payments that are not all equal (remainder cents on the first, rounding on the last) are shown by the first.
  const equal = plan.installment_amount * plan.installment_count === plan.total_of_payments;
  const rows: Array<[string, string]> = [
    [plan.installment_count === 1 ? 'Payment' : equal ? 'Each payment' : 'First payment', money(plan.installment_amount)],
    ['APR', formatApr(plan.apr_bps, locale)],
    ['Finance charge', money(plan.finance_charge)],
    ['Total of payments', money(plan.total_of_payments)],
  ];
  return h('li', {}, [
    h('h3', {}, [planTitle(plan)]),
    h(
      'dl',
      {},
      rows.flatMap(([term, value]) => [h('dt', {}, [term]), h('dd', {}, [value])]),
    ),
  ]);
}

export class Breakdown {
  readonly dialog: HTMLDialogElement;
  private opener: HTMLElement | undefined;

  constructor(private readonly root: ShadowRoot) {
    this.dialog = h('dialog', { part: 'dialog' });
    this.dialog.addEventListener('keydown', (event) => this.keepFocusInside(event));
    // A click on the backdrop lands on the dialog itself (its content fills it): close.
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog && outside(event, this.dialog)) this.dialog.close();
    });
    this.dialog.addEventListener('close', () => {
      this.opener?.focus();
      this.opener = undefined;
    });
    root.append(this.dialog);
  }

  open(promotion: Promotion, opener: HTMLElement, locale: string | undefined): void {
    const id = `evenpay-breakdown-${++dialogs}`;
    const { wording } = promotion;
    const close = h('button', { type: 'button', part: 'close', 'aria-label': 'Close' }, ['×']);
    const done = h('button', { type: 'button', part: 'done' }, ['Done']);
    for (const button of [close, done]) button.addEventListener('click', () => this.dialog.close());
    this.dialog.setAttribute('aria-labelledby', id);
    this.dialog.replaceChildren(
      h('div', { class: 'top' }, [h('h2', { id }, ['Pay over time with Evenpay']), close]),
      ...(wording.apr_range ? [h('p', { class: 'apr' }, [wording.apr_range])] : []),
      h(
        'ul',
        { 'aria-label': 'Plans for this price' },
        promotion.plans.map((plan) => planItem(plan, promotion.currency, locale)),
      ),
      ...(wording.example ? [h('p', { class: 'fine' }, [wording.example])] : []),
      h('p', { class: 'fine' }, [wording.eligibility]),
      h('div', { class: 'bottom' }, [done]),
    );
    this.opener = opener;
    this.dialog.showModal();
    close.focus();
  }

  private keepFocusInside(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    const focusable = [...this.dialog.querySelectorAll<HTMLElement>('button, [href], [tabindex]:not([tabindex="-1"])')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    const active = this.root.activeElement;
    if (event.shiftKey && (active === first || !this.dialog.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !this.dialog.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }
}

function outside(event: MouseEvent, dialog: HTMLDialogElement): boolean {
  const box = dialog.getBoundingClientRect();
  return event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
}
