// <evenpay-message amount="80000" currency="USD" public-key="pk_test_…">: the message for a
// price ("As low as $72.21/month", a "Learn more" button, the eligibility small print) and the
// plan breakdown it opens. Its box keeps one size from before the answer to after it (see
// styles.ts: one line and two of small print), so the page never shifts; with no message to
// show (a price no plan qualifies for, an error) it stays empty at that size.
import { Breakdown } from './breakdown.js';
import { h } from './dom.js';
import { fetchPromotion, type Promotion, PromotionUnavailable } from './promotion.js';
import { applyStyles } from './styles.js';
import { VERSION } from './version.js';

/** A change of amount (a quantity typed, a variant picked) is fetched once it settles. */
const DEBOUNCE_MS = 250;
const PUBLIC_KEY = /^pk_(test|live)_[A-Za-z0-9]+$/;

export class EvenpayMessage extends HTMLElement {
  static readonly version = VERSION;
  static observedAttributes = ['amount', 'currency', 'public-key', 'api-base'];
  /** Where the API is when no api-base is given: the origin evenpay.js was loaded from. */
  static defaultApiBase = location.origin;

  private readonly root: ShadowRoot;
  private readonly content: HTMLElement;
  private breakdown: Breakdown | undefined;
  private promotion: Promotion | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Answers to an older request are dropped. */
  private generation = 0;
  private lastWarning = '';
  /** Whether a request has been made: until then there is nothing to debounce. */
  private asked = false;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    applyStyles(this.root);
    this.content = h('div', { part: 'content' });
    this.root.append(this.content);
  }

  connectedCallback(): void {
    this.schedule(0);
  }

  disconnectedCallback(): void {
    clearTimeout(this.timer);
    this.generation++;
  }

  attributeChangedCallback(_name: string, before: string | null, after: string | null): void {
    // Attributes a page sets right after the element (the key, read from its own config) are
    // part of the first request; later changes settle first.
    if (before !== after && this.isConnected) this.schedule(this.asked ? DEBOUNCE_MS : 0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const request = this.request();
    if (typeof request === 'string') return this.show(undefined, request);
    if (!request) return this.show(undefined);
    this.asked = true;
    try {
      const promotion = await fetchPromotion(request);
      if (generation === this.generation) this.show(promotion);
    } catch (error) {
      if (generation !== this.generation) return;
      this.show(undefined, error instanceof PromotionUnavailable ? error.message : String(error));
    }
  }

  /** The request the attributes make, why they make none, or nothing while there is no key yet (a page may set it later). */
  private request() {
    if (!this.hasAttribute('public-key')) return undefined;
    const amount = Number(this.getAttribute('amount'));
    const currency = (this.getAttribute('currency') ?? '').toUpperCase();
    const publicKey = this.getAttribute('public-key') ?? '';
    if (!Number.isSafeInteger(amount) || amount < 1)
      return `amount must be a whole number of minor units (cents), above 0; got ${JSON.stringify(this.getAttribute('amount'))}`;
    if (!/^[A-Z]{3}$/.test(currency)) return `currency must be an ISO 4217 code such as USD; got ${JSON.stringify(this.getAttribute('currency'))}`;
    if (!PUBLIC_KEY.test(publicKey)) {
      return publicKey.startsWith('sk_')
        ? 'public-key holds a secret key: roll it now, and give the publishable key (pk_…)'
        : 'public-key must be your publishable key (pk_test_… or pk_live_…)';
    }
    const apiBase = (this.getAttribute('api-base') || EvenpayMessage.defaultApiBase).replace(/\/+$/, '');
    return { apiBase, publicKey, amount, currency };
  }

  /** The message, or nothing (and one warning for the shop's developer, not an error: the page works without it). */
  private show(promotion: Promotion | undefined, problem?: string): void {
    this.promotion = promotion?.wording.headline ? promotion : undefined;
    if (problem && problem !== this.lastWarning) console.warn(`<evenpay-message>: no message shown: ${problem}`);
    this.lastWarning = problem ?? '';
    if (!this.promotion) {
      this.breakdown?.dialog.close();
      this.content.replaceChildren();
      return;
    }
    const { wording } = this.promotion;
    const learnMore = h('button', { type: 'button', part: 'learn-more', 'aria-haspopup': 'dialog' }, [
      'Learn more',
      h('span', { class: 'visually-hidden' }, [' about paying over time with Evenpay']),
    ]);
    learnMore.addEventListener('click', () => this.openBreakdown(learnMore));
    this.content.replaceChildren(
      h('p', { part: 'message' }, [h('span', { part: 'headline' }, [wording.headline ?? '']), ' ', learnMore]),
      h('p', { part: 'small-print' }, [wording.eligibility]),
    );
  }

  private openBreakdown(opener: HTMLElement): void {
    if (!this.promotion) return;
    this.breakdown ??= new Breakdown(this.root);
    this.breakdown.open(this.promotion, opener, this.closest<HTMLElement>('[lang]')?.lang || undefined);
  }
}
