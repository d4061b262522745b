// validatorFor: one validator per spec text and response setting in a process, so a second app
// (the tests build one per file) does not compile again what the first compiled, and neither
// app's answers leak into the other's.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import supertest from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadBundledSpec } from '../../src/http/spec.js';
import { validatorFor } from '../../src/http/validator.js';
import { fromValidator } from '../helpers/validator-internals.js';

const ajvCore = fromValidator('ajv/dist/core') as { default: { prototype: { _compileSchemaEnv: (...args: unknown[]) => unknown } } };

afterEach(() => vi.restoreAllMocks());

/** An app of its own: /v2 through the validator, then `answer`; a validator's error as its status. */
function appWith(validator: RequestHandler[], answer: RequestHandler) {
  const app = express();
  app.set('query parser', 'extended');
  const statusOf: ErrorRequestHandler = (err: { status?: number }, _req, res, _next) => void res.status(err.status ?? 500).json({ status: err.status });
  app.use('/v2', express.Router().use(...validator, answer), statusOf);
  return app;
}

describe('validatorFor', () => {
  it('gives the same validator for the same spec text and response setting, another for either changed', () => {
    const v2 = validatorFor(loadBundledSpec('v2'), true);
    // Parsed again from the file: another object, the same text.
    expect(validatorFor(loadBundledSpec('v2'), true)).toBe(v2);
    expect(validatorFor(loadBundledSpec('v2'), false)).not.toBe(v2);
    expect(validatorFor(loadBundledSpec('v1'), true)).not.toBe(v2);
    const changed = loadBundledSpec('v2');
    changed.servers = [{ url: 'https://elsewhere.test/v2' }];
    expect(validatorFor(changed, true)).not.toBe(v2);
  });

  it("lets a second app use what the first compiled, checking each app's own answers", async () => {
    const compile = vi.spyOn(ajvCore.default.prototype, '_compileSchemaEnv');
    const id = 'txn_0123456789abcdefghij';
    // A spec text no other test uses, so its validator starts with nothing compiled; each app
    // reads the spec anew, as createApp does.
    const spec = () => ({ ...loadBundledSpec('v2'), servers: [{ url: 'https://first-and-second.test/v2' }] });
    const first = appWith(validatorFor(spec(), true), (_req, res) => void res.status(404).type('application/problem+json').send({ nonsense: true }));
    const second = appWith(validatorFor(spec(), true), (_req, res) => void res.status(204).end());

    // The first app's answer breaks the spec: the response validator says so (500).
    await supertest(first).get(`/v2/transactions/${id}`).set('Authorization', 'Bearer sk_test_x').expect(500);
    const compiledByFirst = compile.mock.calls.length;
    expect(compiledByFirst).toBeGreaterThan(0);

    // The second app, whose answer is another, gets its own verdict and compiles nothing new.
    const unknownQuery = await supertest(second).get(`/v2/transactions/${id}?colour=blue`).set('Authorization', 'Bearer sk_test_x');
    expect(unknownQuery.status).toBe(400);
    await supertest(second).get(`/v2/transactions/${id}`).set('Authorization', 'Bearer sk_test_x').expect(204);
    expect(compile.mock.calls.length).toBe(compiledByFirst);
    // And the first app still answers as before.
    await supertest(first).get(`/v2/transactions/${id}`).set('Authorization', 'Bearer sk_test_x').expect(500);
  });
});
