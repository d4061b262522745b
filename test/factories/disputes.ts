// Disputes through the API, as a partner's integration makes them: the sandbox's consumer opens
// one on a captured transaction, the merchant answers with evidence, submits or accepts.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { components } from '../../generated/v2/client.js';
import type { TestMerchant } from './merchants.js';
import { authorizedTransaction, capture, type Http } from './transactions.js';

export type Dispute = components['schemas']['Dispute'];

/** A tiny but real PDF (its bytes start with `%PDF-`), base64. */
export const PDF_BASE64 = Buffer.from('%PDF-1.4\n1 0 obj <</Type/Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1').toString('base64');
/** A 1×1 PNG, base64. */
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export function openDispute(http: Http, merchant: TestMerchant, transactionId: string, body?: object, key = randomUUID()) {
  return http.post(`/v2/sandbox/transactions/${transactionId}/dispute`, {
    auth: merchant.bearer,
    headers: { 'Idempotency-Key': key },
    ...(body ? { body } : {}),
  });
}

export async function openedDispute(http: Http, merchant: TestMerchant, transactionId: string, body?: object): Promise<Dispute> {
  const res = await openDispute(http, merchant, transactionId, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Dispute;
}

/** A transaction of `total` captured in full, and a dispute of `body` on it. */
export async function disputedTransaction(http: Http, merchant: TestMerchant, { total = 80_000, body }: { total?: number; body?: object } = {}) {
  // monthly_12 from 500.00 (its range), the default plan below.
  const tx = await authorizedTransaction(http, merchant, total >= 50_000 ? { total, plan_id: 'monthly_12' } : { total });
  await capture(http, merchant, tx.id, total);
  return { tx, dispute: await openedDispute(http, merchant, tx.id, body) };
}

export function disputeAction(http: Http, merchant: TestMerchant, id: string, action: 'evidence' | 'submit' | 'accept', body?: object, key = randomUUID()) {
  return http.post(`/v2/disputes/${id}/${action}`, { auth: merchant.bearer, headers: { 'Idempotency-Key': key }, ...(body ? { body } : {}) });
}

export async function disputeAfter(http: Http, merchant: TestMerchant, id: string, action: 'evidence' | 'submit' | 'accept', body?: object): Promise<Dispute> {
  const res = await disputeAction(http, merchant, id, action, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Dispute;
}
