// Conditional GET (RFC 9110 §8.8.3, §13.1.2) for the operations that document `304`: the answer
// carries an ETag, a strong validator of its body, and a request whose If-None-Match names it is
// answered 304 with the same headers and no body. Express's own ETags are off (app.ts): an
// operation that does not document them never sends them.
import { createHash } from 'node:crypto';

/** A strong validator of a JSON body: the same body always gives the same tag. */
export function etagOf(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 32)}"`;
}

/** Whether If-None-Match names `etag` (weak comparison, as RFC 9110 §13.1.2 asks), or is `*`. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
