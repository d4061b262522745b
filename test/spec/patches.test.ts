// The dependency patches in patches/ are applied (patch-package runs at install) and do what
// patches/README.md says; if a new release makes one unnecessary, this is where it shows.
import { createRequire } from 'node:module';
import express from 'express';
import supertest from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadBundledSpec } from '../../src/http/spec.js';
import { validatorFor } from '../../src/http/validator.js';

const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));

afterEach(() => vi.restoreAllMocks());

describe('express-openapi-validator patch', () => {
  it('compiles the OpenAPI meta-schema only when a spec is actually validated', () => {
    const { OpenAPISchemaValidator } = fromValidator('./framework/openapi.schema.validator') as {
      OpenAPISchemaValidator: new (opts: { version: string; validateApiSpec: boolean }) => { validator?: unknown; validate(doc: unknown): { errors: unknown[] } };
    };
    const unused = new OpenAPISchemaValidator({ version: '3.1.0', validateApiSpec: false });
    expect(unused.validator).toBeUndefined();

    const used = new OpenAPISchemaValidator({ version: '3.1.0', validateApiSpec: true });
    expect(used.validate({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }).errors).toEqual([]);
    expect(used.validate({ openapi: '3.1.0', paths: {} }).errors).not.toEqual([]);
  });

  it('compiles each route regexp once, not on every request, and still matches path parameters', async () => {
    const pathToRegexp = fromValidator('path-to-regexp') as { pathToRegexp: (...args: unknown[]) => unknown };
    const compile = vi.spyOn(pathToRegexp, 'pathToRegexp');
    const app = express();
    app.set('query parser', 'extended');
    const matched: string[] = [];
    app.use(
      '/v2',
      express.Router().use(...validatorFor(loadBundledSpec('v2'), false), (req, res) => {
        matched.push(`${req.openapi?.schema.operationId} ${JSON.stringify(req.openapi?.pathParams)}`);
        res.status(204).end();
      }),
    );
    app.use((err: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(err.status ?? 500).end();
    });

    await supertest(app).get('/v2/transactions/txn_first').expect(204);
    const afterFirst = compile.mock.calls.length;
    expect(afterFirst).toBeGreaterThan(0);
    await supertest(app).get('/v2/transactions/txn_second').expect(204);
    await supertest(app).get('/v2/checkouts/chk_third').expect(204);
    await supertest(app).get('/v2/transactions/txn_first').expect(204);
    await supertest(app).get('/v2/nothing-here').expect(404);
    await supertest(app).delete('/v2/merchant').expect(405);
    // Routes not tried before may still compile once each; none compiles twice.
    const perRoute = new Map<unknown, number>();
    for (const [route] of compile.mock.calls) perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
    expect([...perRoute.values()].every((n) => n === 1)).toBe(true);
    expect(matched).toEqual([
      'getTransaction {"transactionId":"txn_first"}',
      'getTransaction {"transactionId":"txn_second"}',
      'getCheckout {"checkoutId":"chk_third"}',
      'getTransaction {"transactionId":"txn_first"}',
    ]);
  });
});
