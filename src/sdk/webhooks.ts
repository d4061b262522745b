// Webhook signatures: `Evenpay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`.
// During a secret rotation the header carries two v1 values (old and new secret); any one
// matching is enough. Compare in constant time; refuse timestamps outside the tolerance.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TOLERANCE_SEC = 300;

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

export function computeSignature(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return hmac.digest('hex');
}

/** The header value for `rawBody` signed with each secret (two during a rotation). */
export function signatureHeader(secrets: string[], timestamp: number, rawBody: string | Uint8Array): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${computeSignature(secret, timestamp, rawBody)}`)].join(',');
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't') timestamp = Number(value);
    else if (key === 'v1' && value) signatures.push(value);
  }
  if (!Number.isInteger(timestamp)) throw new WebhookSignatureError('The signature header has no valid t= timestamp.');
  if (signatures.length === 0) throw new WebhookSignatureError('The signature header has no v1= signature.');
  return { timestamp, signatures };
}

/**
 * Verifies a delivery. Pass the raw request body exactly as received (not re-serialized JSON).
 * Returns the signed timestamp; throws WebhookSignatureError when the signature does not hold.
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: { toleranceSec?: number; now?: Date } = {},
): number {
  if (!header) throw new WebhookSignatureError('The Evenpay-Signature header is missing.');
  const { timestamp, signatures } = parseHeader(header);
  const tolerance = options.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > tolerance) throw new WebhookSignatureError(`The signature timestamp is more than ${tolerance} s away from now.`);
  const expected = Buffer.from(computeSignature(secret, timestamp, rawBody), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookSignatureError('No v1 signature matches this secret.');
  return timestamp;
}

/**
 * Verifies a delivery (as verifyWebhookSignature does) and returns its event, parsed. Each version's
 * entry point types it: `evenpay/v2`'s `constructEvent` returns that version's event union.
 */
export function parseVerifiedEvent<Event>(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: { toleranceSec?: number; now?: Date } = {},
): Event {
  verifyWebhookSignature(rawBody, header, secret, options);
  const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  try {
    return JSON.parse(text) as Event;
  } catch {
    throw new WebhookSignatureError('The signed body is not JSON.');
  }
}
