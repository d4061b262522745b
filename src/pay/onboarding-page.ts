// The merchant's hosted onboarding page as HTML: what is still due, as a form, in words for the
// person at the merchant (not a developer); or, once sent, where the merchant now stands; or why
// the link no longer works and where to get a new one. No script (layout.ts).
import type { MerchantRow } from '../data/models/index.js';
import type { Requirement } from '../domain/onboarding.js';
import { html, type PageBrand, page, SafeHtml } from './layout.js';

/** How each requirement is asked for: label, input, and a hint. */
/** `attributes` are constants of this file (never a value from a request): sent as they are. */
const FIELDS: Record<Requirement, { label: string; type: string; attributes: string; hint: string }> = {
  website: { label: 'Website', type: 'url', attributes: 'autocomplete="url"', hint: 'The address where customers see your shop, starting with https://' },
  category_code: {
    label: 'Merchant category code',
    type: 'text',
    attributes: 'inputmode="numeric" pattern="[0-9]{4}" maxlength="4"',
    hint: 'The four digits your card processor uses for your business (for example 5941 for sporting goods).',
  },
  support_email: { label: 'Customer support email', type: 'email', attributes: 'autocomplete="email"', hint: 'Where your customers write about their orders.' },
};

export interface OnboardingForm {
  merchant: MerchantRow;
  due: Requirement[];
  /** What the last submission said, field by field, with the values to show again. */
  values?: Partial<Record<Requirement, string>>;
  errors?: Partial<Record<Requirement, string>>;
  livemode: boolean;
  /** The partner's brand, when the merchant has one. */
  brand?: PageBrand | undefined;
}

function reviewReason(merchant: MerchantRow, requirement: Requirement): string | undefined {
  return merchant.requirementErrors?.find((error) => error.requirement === requirement)?.reason;
}

function field(requirement: Requirement, view: OnboardingForm): SafeHtml {
  const { label, type, attributes, hint } = FIELDS[requirement];
  const id = `field-${requirement}`;
  const error = view.errors?.[requirement] ?? reviewReason(view.merchant, requirement);
  const described = [`${id}-hint`, ...(error ? [`${id}-error`] : [])].join(' ');
  return html`<label class="field" for="${id}">${label}
  <span class="hint" id="${id}-hint">${hint}</span>
  ${error ? html`<span class="error" id="${id}-error">${error}</span>` : ''}
  <input id="${id}" name="${requirement}" type="${type}" required value="${view.values?.[requirement] ?? ''}" aria-describedby="${described}"${error ? html` aria-invalid="true"` : ''} ${new SafeHtml(attributes)}>
</label>`;
}

/** The page's options: the sandbox badge, and the partner's brand. */
const frame = (livemode: boolean, brand: PageBrand | undefined) => ({ ...(livemode ? {} : { badge: 'Sandbox' }), brand });

export function renderOnboardingForm(view: OnboardingForm): string {
  const { merchant } = view;
  const failed = view.errors && Object.keys(view.errors).length > 0;
  return page(
    `Finish setting up ${merchant.name} · Evenpay`,
    html`<h1>Finish setting up ${merchant.name}</h1>
<p>To offer pay-over-time plans, we need a few more details about ${merchant.legalName ?? merchant.name}.</p>
<form method="post" novalidate>
${failed ? html`<p role="alert">Some details need another look: see the messages below.</p>` : ''}
${view.due.map((requirement) => field(requirement, view))}
<div class="actions"><button>Send for review</button></div>
</form>`,
    frame(view.livemode, view.brand),
  );
}

/** Where the merchant stands, after the form or instead of it, and the way back to the platform. */
export interface StandingPage {
  merchant: MerchantRow;
  returnUrl: string;
  livemode: boolean;
  brand?: PageBrand | undefined;
}

function standingPage(title: string, body: SafeHtml, { merchant, returnUrl, livemode, brand }: StandingPage): string {
  return page(
    `${title} · ${merchant.name} · Evenpay`,
    html`${body}<p class="actions"><a class="button" href="${new URL(returnUrl).href}">Continue</a></p>`,
    frame(livemode, brand),
  );
}

/** After sending: under review, not yet done (a return to the platform is not completion). */
export function renderOnboardingSent(view: StandingPage): string {
  const { merchant } = view;
  const next =
    merchant.status === 'pending'
      ? html`<p>Thank you. ${merchant.name} is now being reviewed; you will hear when it can take pay-over-time orders. Nothing else is needed from you for now.</p>`
      : html`<p>Thank you. ${merchant.name} is ${merchant.status}.</p>`;
  return standingPage('Details sent', html`<h1>Details sent</h1>${next}`, view);
}

/** Nothing is due: say where the merchant stands. */
export function renderNothingDue(view: StandingPage): string {
  const { merchant } = view;
  const where =
    merchant.status === 'active'
      ? 'is set up and can take pay-over-time orders'
      : merchant.status === 'rejected'
        ? 'could not be approved'
        : 'is being reviewed';
  return standingPage('Nothing needed', html`<h1>Nothing is needed from you</h1><p>${merchant.name} ${where}.</p>`, view);
}

/** A link used or past its hour: how to get a new one. */
export function renderLinkGone({
  kind,
  refreshUrl,
  livemode,
  brand,
}: {
  kind: 'expired' | 'used';
  refreshUrl: string;
  livemode: boolean;
  brand?: PageBrand | undefined;
}): string {
  const why = kind === 'used' ? 'This link was already used.' : 'This link has expired.';
  return page(
    `Link no longer works · Evenpay`,
    html`<h1>${why}</h1><p>Each setup link works once, for an hour. Get a new one to continue where you left off.</p>
<p class="actions"><a class="button" href="${new URL(refreshUrl).href}">Get a new link</a></p>`,
    frame(livemode, brand),
  );
}
