// What every refusal looks like: an RFC 9457 problem with the stable code, its catalogue URI and
// the request's id, and nothing internal (no stack frame, no dependency path).
import type { Response } from 'supertest';
import { expect } from 'vitest';
import type { components } from '../../generated/v2/client.js';

export type FieldError = components['schemas']['ProblemFieldError'];

export function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `https://docs.evenpay.test/errors#${code}`, request_id: res.headers['request-id'] });
  expect(res.text).not.toMatch(/\bat\s+(?:[^\s(]+\s+\()?\/[^\s)]*:\d+/);
  expect(res.text).not.toContain('node_modules');
}

/** The problem's `errors[]`. */
export function fieldErrors(res: Response): FieldError[] {
  return (res.body.errors ?? []) as FieldError[];
}

/** The JSON pointers of the problem's field errors, in order. */
export const pointers = (res: Response): Array<string | undefined> => fieldErrors(res).map((e) => e.pointer);

/** The parameter names of the problem's field errors, in order. */
export const parameters = (res: Response): Array<string | undefined> => fieldErrors(res).map((e) => e.parameter);
