// GET /v2/promotions with the merchant's publishable key: the message for a price. The
// browser's HTTP cache keeps answers (`Cache-Control: public, max-age=300`, revalidated by
// `ETag`); here, elements asking for the same price at the same time share one request.
import type { components } from '../generated/v2/schema.js';

/** The answer, as the v2 spec describes it: a change of contract fails `tsc -p embed`. */
export type Promotion = components['schemas']['Promotion'];
export type PromotionPlan = components['schemas']['PromotionPlan'];

export interface PromotionRequest {
  apiBase: string;
  publicKey: string;
  amount: number;
  currency: string;
}

/** Why no message could be had, said once to the shop's developer (console.warn), never to the buyer. */
export class PromotionUnavailable extends Error {}

const inFlight = new Map<string, Promise<Promotion>>();

export function fetchPromotion(request: PromotionRequest): Promise<Promotion> {
  const url = `${request.apiBase}/v2/promotions?amount=${encodeURIComponent(String(request.amount))}&currency=${encodeURIComponent(request.currency)}`;
  const key = `${request.publicKey} ${url}`;
  let answer = inFlight.get(key);
  if (!answer) {
    answer = load(url, request.publicKey).finally(() => inFlight.delete(key));
    inFlight.set(key, answer);
  }
  return answer;
}

async function load(url: string, publicKey: string): Promise<Promotion> {
  let response: Response;
  try {
    // No cookies: the key is the only credential, so a shop's origin needs no credentialed CORS.
    response = await fetch(url, { headers: { Authorization: `Bearer ${publicKey}` }, credentials: 'omit' });
  } catch (error) {
    throw new PromotionUnavailable(
      `GET ${url} failed (${error instanceof Error ? error.message : String(error)}); is this origin among the merchant's allowed_origins?`,
    );
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = body as { code?: string; detail?: string } | undefined;
    throw new PromotionUnavailable(
      `GET ${url} answered ${response.status}${problem?.code ? ` ${problem.code}` : ''}${problem?.detail ? `: ${problem.detail}` : ''}`,
    );
  }
  if ((body as Promotion | undefined)?.object !== 'promotion') throw new PromotionUnavailable(`GET ${url} did not answer a promotion`);
  return body as Promotion;
}
