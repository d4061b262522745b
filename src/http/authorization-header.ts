// Reads an Authorization header strictly (RFC 9110 §11.6.2, RFC 6750 §2.1, RFC 7617): a scheme
// (case-insensitive), one space or more, exactly one credentials token, nothing after it, and
// at most MAX_LENGTH characters. Whatever is wrong comes back as a sentence that names the fix,
// for the 401 problem and its WWW-Authenticate header; nothing here looks a key up.
import { parseToken } from '../domain/api-keys.js';

import type { AuthScheme } from './auth-scheme.js';

export type { AuthScheme };

/** Longer than any key pair we issue (a Basic pair is under 200 characters), so only junk is refused. */
export const MAX_LENGTH = 512;

/** `secret` null: a publishable key alone (the `publishable` scheme). */
export type ParsedAuthorization =
  | { ok: true; secret: string; publishable?: string }
  | { ok: true; secret: null; publishable: string }
  | { ok: false; missing: boolean; detail: string };

const BEARER_EXAMPLE = 'Authorization: Bearer sk_test_…';
const BASIC_EXAMPLE = 'HTTP Basic with your publishable key as the user name and your secret key as the password (curl -u pk_test_…:sk_test_…)';
const PUBLISHABLE_EXAMPLE = 'Authorization: Bearer pk_test_… (your publishable key; or curl -u "pk_test_…:" with an empty password)';
const EXAMPLES: Record<AuthScheme, string> = { bearer: BEARER_EXAMPLE, basic: BASIC_EXAMPLE, publishable: PUBLISHABLE_EXAMPLE };

function refused(detail: string): ParsedAuthorization {
  return { ok: false, missing: false, detail };
}

/** What a token that is not a secret key is, in words, or undefined when it is one. */
function notASecretKey(token: string): string | undefined {
  const parsed = parseToken(token);
  if (parsed?.kind === 'secret') return undefined;
  if (parsed?.kind === 'publishable') {
    return `This is a publishable key (${token.slice(0, 8)}…), which is safe to show in a browser but cannot call this API. Use the secret key (sk_${parsed.livemode ? 'live' : 'test'}_…) of the same pair.`;
  }
  if (/^(sk|pk)_(test|live)_/.test(token))
    return 'The key has the right prefix but is not a whole Evenpay key (24 to 64 letters and digits after it): it may have been cut short or copied with extra characters.';
  if (/^(sk|rk)_/.test(token)) return 'Evenpay secret keys start with sk_test_ (sandbox) or sk_live_; this one does not.';
  return 'The key is not an Evenpay API key: secret keys start with sk_test_ (sandbox) or sk_live_.';
}

function decodeBasic(value: string): { user: string; password: string } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function bearer(scheme: string, value: string): ParsedAuthorization {
  if (scheme === 'basic') {
    const pair = decodeBasic(value);
    const secret = pair && [pair.user, pair.password].find((part) => parseToken(part)?.kind === 'secret');
    const how = secret ? 'send the secret key alone as a bearer token' : 'send your secret key as a bearer token';
    return refused(`This API version takes ${BEARER_EXAMPLE}, not HTTP Basic: ${how} (curl: -H "Authorization: Bearer $EVENPAY_SECRET_KEY" instead of -u).`);
  }
  if (scheme !== 'bearer') return refused(`The Authorization scheme must be Bearer, not ${scheme.slice(0, 20)}: send ${BEARER_EXAMPLE}.`);
  const problem = notASecretKey(value);
  return problem ? refused(problem) : { ok: true, secret: value };
}

function basic(scheme: string, value: string): ParsedAuthorization {
  if (scheme === 'bearer') return refused(`The legacy v1 API takes ${BASIC_EXAMPLE}, not a bearer token (that is v2's scheme).`);
  if (scheme !== 'basic') return refused(`The Authorization scheme must be Basic, not ${scheme.slice(0, 20)}: send ${BASIC_EXAMPLE}.`);
  const pair = decodeBasic(value);
  if (!pair) return refused(`The Basic credentials are not base64 of publishable_key:secret_key: send ${BASIC_EXAMPLE}.`);
  // A partner's key has no publishable key of its pair: its user name is empty.
  if (pair.user !== '' && parseToken(pair.user)?.kind !== 'publishable') {
    return refused(
      `The user name must be your publishable key (pk_test_… or pk_live_…) and the password your secret key: send ${BASIC_EXAMPLE}. Partners send an empty user name.`,
    );
  }
  const problem = notASecretKey(pair.password);
  return problem ? refused(`The password must be your secret key. ${problem}`) : { ok: true, secret: pair.password, publishable: pair.user };
}

/** What a token that is not a publishable key is, in words, or undefined when it is one. */
function notAPublishableKey(token: string): string | undefined {
  const parsed = parseToken(token);
  if (parsed?.kind === 'publishable') return undefined;
  if (parsed?.kind === 'secret') {
    return `This is a secret key (${token.slice(0, 8)}…), which must never be in a web page: this operation is called from the browser and takes the publishable key of the same pair (pk_${parsed.livemode ? 'live' : 'test'}_…).`;
  }
  if (/^(sk|pk)_(test|live)_/.test(token))
    return 'The key has the right prefix but is not a whole Evenpay key (24 to 64 letters and digits after it): it may have been cut short or copied with extra characters.';
  return 'The key is not an Evenpay publishable key: they start with pk_test_ (sandbox) or pk_live_.';
}

/** The publishable key alone: as a bearer token, or as Basic's user name with an empty password. */
function publishable(scheme: string, value: string): ParsedAuthorization {
  if (scheme === 'bearer') {
    const problem = notAPublishableKey(value);
    return problem ? refused(problem) : { ok: true, secret: null, publishable: value };
  }
  if (scheme !== 'basic') return refused(`The Authorization scheme must be Bearer, not ${scheme.slice(0, 20)}: send ${PUBLISHABLE_EXAMPLE}.`);
  const pair = decodeBasic(value);
  if (!pair) return refused(`The Basic credentials are not base64 of publishable_key: (with an empty password): send ${PUBLISHABLE_EXAMPLE}.`);
  const problem =
    notAPublishableKey(pair.user) ?? (pair.password === '' ? undefined : 'The password must be empty: the publishable key alone is the user name.');
  return problem ? refused(problem) : { ok: true, secret: null, publishable: pair.user };
}

/** Parses the header for the version's scheme; `missing` when no credentials were sent at all. */
export function parseAuthorization(header: string | undefined, scheme: AuthScheme): ParsedAuthorization {
  if (header === undefined || header.trim() === '') {
    return { ok: false, missing: true, detail: `No API key was sent. Authenticate with ${EXAMPLES[scheme]}.` };
  }
  if (header.length > MAX_LENGTH)
    return refused(
      `The Authorization header is ${header.length} characters long; an Evenpay key fits in far fewer (at most ${MAX_LENGTH}). Send only the scheme and the key.`,
    );
  if (/\t/.test(header)) return refused('The Authorization header separates the scheme and the key with a tab; use one space.');
  const parts = header.trim().split(/ +/);
  const [given, value] = parts;
  if (parts.length === 1) {
    if (/^(bearer|basic)$/i.test(given!)) return refused(`The Authorization header names the scheme but no key: send ${EXAMPLES[scheme]}.`);
    const what = parseToken(given!) ? 'a key with no scheme' : 'one word with no scheme';
    return refused(`The Authorization header holds ${what}: send ${EXAMPLES[scheme]}.`);
  }
  if (parts.length > 2) return refused('The Authorization header must be the scheme and exactly one key, with nothing after the key.');
  const parse = { bearer, basic, publishable }[scheme];
  return parse(given!.toLowerCase(), value!);
}

/**
 * The WWW-Authenticate challenge for a refused request. Bearer carries RFC 6750 §3 `error` and
 * `error_description`, whose value may hold only %x20-21 / %x23-5B / %x5D-7E: no quote, no
 * backslash, nothing past ASCII. Basic (RFC 7617) has no such attributes: its realm only.
 */
export function challenge(scheme: AuthScheme, refusal?: { missing: boolean; detail: string }): string {
  // The publishable scheme's first form is a bearer token: its challenge is Bearer's.
  if (scheme === 'basic') return 'Basic realm="evenpay"';
  const base = 'Bearer realm="evenpay"';
  if (!refusal || refusal.missing) return base;
  const description = refusal.detail
    .replace(/…/g, '...')
    .replace(/"/g, "'")
    .replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '');
  return `${base}, error="invalid_token", error_description="${description}"`;
}
