import { describe, expect, it } from 'vitest';
import { challenge, MAX_LENGTH, parseAuthorization } from '../../src/http/authorization-header.js';

const SECRET = `sk_test_${'a'.repeat(24)}`;
const LIVE_SECRET = `sk_live_${'b'.repeat(24)}`;
const PUBLISHABLE = `pk_test_${'c'.repeat(24)}`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('parseAuthorization (bearer, v2)', () => {
  it('takes the scheme in any case and exactly one key', () => {
    for (const header of [`Bearer ${SECRET}`, `bearer ${SECRET}`, `BEARER ${SECRET}`, `Bearer   ${LIVE_SECRET}`]) {
      expect(parseAuthorization(header, 'bearer')).toEqual({ ok: true, secret: header.split(/ +/)[1] });
    }
  });

  it('says no key was sent when the header is missing or empty', () => {
    for (const header of [undefined, '', '   ']) {
      const parsed = parseAuthorization(header, 'bearer');
      expect(parsed).toMatchObject({ ok: false, missing: true });
      expect(!parsed.ok && parsed.detail).toContain('Authorization: Bearer sk_test_');
    }
  });

  const refusals: Array<[string, string, RegExp]> = [
    ['trailing text after a valid key', `Bearer ${SECRET} junk`, /exactly one key, with nothing after the key/],
    ['12 KB after the key', `Bearer ${SECRET}${' x'.repeat(6_000)}`, new RegExp(`at most ${MAX_LENGTH}`)],
    ['a key without Bearer', SECRET, /a key with no scheme: send Authorization: Bearer/],
    ['the scheme alone', 'Bearer', /names the scheme but no key/],
    ['a publishable key', `Bearer ${PUBLISHABLE}`, /publishable key \(pk_test_…\).*Use the secret key \(sk_test_…\)/],
    ['Basic on v2', basic('pk_test_x', SECRET), /not HTTP Basic/],
    ['Stripe-style -u sk_…:', basic(SECRET, ''), /send the secret key alone as a bearer token.*instead of -u/],
    ['another scheme', `Token ${SECRET}`, /must be Bearer, not token/],
    ['an unknown prefix', 'Bearer rk_test_abcdefabcdefabcdefabcdefabcdef', /start with sk_test_/],
    ['a key cut short', 'Bearer sk_test_abc', /cut short/],
    ['something else entirely', 'Bearer hello', /not an Evenpay API key/],
    ['a tab between scheme and key', `Bearer\t${SECRET}`, /tab; use one space/],
  ];
  for (const [what, header, detail] of refusals) {
    it(`refuses ${what}, saying what to fix`, () => {
      const parsed = parseAuthorization(header, 'bearer');
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.missing).toBe(false);
      expect(parsed.detail).toMatch(detail);
    });
  }
});

describe('parseAuthorization (basic, v1)', () => {
  it('takes the publishable key as the user name and the secret key as the password', () => {
    expect(parseAuthorization(basic(PUBLISHABLE, SECRET), 'basic')).toEqual({ ok: true, secret: SECRET, publishable: PUBLISHABLE });
    expect(parseAuthorization(basic(PUBLISHABLE, SECRET).replace('Basic', 'basic'), 'basic')).toMatchObject({ ok: true });
  });

  const refusals: Array<[string, string, RegExp]> = [
    ['a bearer token', `Bearer ${SECRET}`, /not a bearer token/],
    ['credentials that are not base64', 'Basic %%%', /not base64/],
    ['credentials with no colon', `Basic ${Buffer.from(SECRET).toString('base64')}`, /not base64 of publishable_key:secret_key/],
    ['the keys swapped', basic(SECRET, PUBLISHABLE), /user name must be your publishable key/],
    ['a publishable key as the password', basic(PUBLISHABLE, PUBLISHABLE), /password must be your secret key/],
    ['trailing text', `${basic(PUBLISHABLE, SECRET)} more`, /nothing after the key/],
  ];
  for (const [what, header, detail] of refusals) {
    it(`refuses ${what}, saying what to fix`, () => {
      const parsed = parseAuthorization(header, 'basic');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.detail).toMatch(detail);
    });
  }
});

describe('challenge', () => {
  it('is the bare scheme and realm when no key was sent', () => {
    expect(challenge('bearer', { missing: true, detail: 'x' })).toBe('Bearer realm="evenpay"');
    expect(challenge('basic')).toBe('Basic realm="evenpay"');
  });

  it('carries the reason as an RFC 6750 error_description: no quote, no backslash, ASCII only', () => {
    const value = challenge('bearer', { missing: false, detail: 'send sk_test_… as "Bearer" \\ é' });
    expect(value).toBe('Bearer realm="evenpay", error="invalid_token", error_description="send sk_test_... as \'Bearer\'  "');
  });

  it('gives Basic its realm only, whatever was refused', () => {
    expect(challenge('basic', { missing: false, detail: 'the keys are swapped' })).toBe('Basic realm="evenpay"');
  });
});
