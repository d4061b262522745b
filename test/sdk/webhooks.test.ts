import { describe, expect, it } from 'vitest';
import { signatureHeader, verifyWebhookSignature, WebhookSignatureError } from '../../src/sdk/v2.js';

const body = JSON.stringify({ id: 'evt_1', type: 'transaction.captured' });
const now = new Date('2026-11-25T12:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('verifyWebhookSignature', () => {
  it('accepts a delivery signed with the secret', () => {
    expect(verifyWebhookSignature(body, signatureHeader(['whsec_a'], t, body), 'whsec_a', { now })).toBe(t);
  });

  it('accepts either secret during a rotation (two v1 values)', () => {
    const header = signatureHeader(['whsec_old', 'whsec_new'], t, body);
    expect(verifyWebhookSignature(body, header, 'whsec_old', { now })).toBe(t);
    expect(verifyWebhookSignature(body, header, 'whsec_new', { now })).toBe(t);
  });

  it('matches the published algorithm: hex HMAC-SHA256 of "t.body"', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', 'whsec_a').update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(['whsec_a'], t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it.each<[string, () => number]>([
    ['another secret', () => verifyWebhookSignature(body, signatureHeader(['whsec_a'], t, body), 'whsec_b', { now })],
    ['a changed body', () => verifyWebhookSignature(`${body} `, signatureHeader(['whsec_a'], t, body), 'whsec_a', { now })],
    ['a timestamp older than the tolerance', () => verifyWebhookSignature(body, signatureHeader(['whsec_a'], t - 301, body), 'whsec_a', { now })],
    ['a timestamp too far ahead', () => verifyWebhookSignature(body, signatureHeader(['whsec_a'], t + 301, body), 'whsec_a', { now })],
    ['no header', () => verifyWebhookSignature(body, undefined, 'whsec_a', { now })],
    ['a header without v1', () => verifyWebhookSignature(body, `t=${t}`, 'whsec_a', { now })],
    ['a header without t', () => verifyWebhookSignature(body, 'v1=abcdef', 'whsec_a', { now })],
    ['a signature that is not hex', () => verifyWebhookSignature(body, `t=${t},v1=zzzz`, 'whsec_a', { now })],
  ])('refuses %s', (_what, verify) => {
    expect(verify).toThrow(WebhookSignatureError);
  });

  it('takes a custom tolerance', () => {
    const header = signatureHeader(['whsec_a'], t - 600, body);
    expect(verifyWebhookSignature(body, header, 'whsec_a', { now, toleranceSec: 900 })).toBe(t - 600);
  });
});
