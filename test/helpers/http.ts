// supertest, with every response checked against the spec and its (operation, status) recorded
// for the coverage check.
import type { Express } from 'express';
import supertest from 'supertest';
import { inject } from 'vitest';
import { assertConformsToSpec } from './spec-oracle.js';
import { recordStatus } from './status-coverage.js';

export interface CallOptions {
  auth?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send `body` as this raw string instead of JSON. */
  raw?: string;
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type Http = ReturnType<typeof api>;

export function api(app: Express) {
  const call = async (method: Method, url: string, options: CallOptions = {}) => {
    let request = supertest(app)[method](url);
    if (options.auth) request = request.set('Authorization', options.auth);
    for (const [name, value] of Object.entries(options.headers ?? {})) request = request.set(name, value);
    if (options.raw !== undefined) request = request.send(options.raw);
    else if (options.body !== undefined) request = request.send(options.body as object);
    const res = await request;
    const match = assertConformsToSpec(method, url, res);
    recordStatus(inject('statusCoverageDir'), match);
    return res;
  };
  return {
    get: (url: string, options?: CallOptions) => call('get', url, options),
    post: (url: string, options?: CallOptions) => call('post', url, options),
    call,
  };
}
