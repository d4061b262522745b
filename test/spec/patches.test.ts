// The dependency patches in patches/ are applied (patch-package runs at install) and do what
// patches/README.md says; if a new release makes one unnecessary, this is where it shows.
import express from 'express';
import { DataTypes } from 'sequelize';
import sqlite3 from 'sqlite3';
import supertest from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadBundledSpec } from '../../src/http/spec.js';
import { newValidator } from '../../src/http/validator.js';
import { checkoutBody } from '../factories/checkouts.js';
import { scratchSqlite } from '../helpers/scratch-sqlite.js';
import { fromValidator } from '../helpers/validator-internals.js';

afterEach(() => vi.restoreAllMocks());

describe('express-openapi-validator patch', () => {
  it('reports an unknown or missing property as a JSON pointer token, with ~ and / escaped (RFC 6901)', () => {
    const { ajvErrorsToValidatorError } = fromValidator('./middlewares/util') as {
      ajvErrorsToValidatorError: (status: number, errors: object[]) => { errors: Array<{ path: string }> };
    };
    const reported = ajvErrorsToValidatorError(400, [
      {
        instancePath: '/body/meta',
        schemaPath: '#',
        keyword: 'additionalProperties',
        params: { additionalProperty: 'a/b~c' },
        message: 'must NOT have additional properties',
      },
      { instancePath: '/body', schemaPath: '#', keyword: 'required', params: { missingProperty: 'x/y' }, message: 'must have required property' },
    ]);
    expect(reported.errors.map((e) => e.path)).toEqual(['/body/meta/a~1b~0c', '/body/x~1y']);
  });

  it('compiles the OpenAPI meta-schema only when a spec is actually validated', () => {
    const { OpenAPISchemaValidator } = fromValidator('./framework/openapi.schema.validator') as {
      OpenAPISchemaValidator: new (opts: {
        version: string;
        validateApiSpec: boolean;
      }) => { validator?: unknown; validate(doc: unknown): { errors: unknown[] } };
    };
    const unused = new OpenAPISchemaValidator({ version: '3.1.0', validateApiSpec: false });
    expect(unused.validator).toBeUndefined();

    const used = new OpenAPISchemaValidator({ version: '3.1.0', validateApiSpec: true });
    expect(used.validate({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }).errors).toEqual([]);
    expect(used.validate({ openapi: '3.1.0', paths: {} }).errors).not.toEqual([]);
  });

  it("resolves the spec's own references without compiling them: only the schemas a request needs are compiled, when it comes", async () => {
    const core = fromValidator('ajv/dist/core') as { default: { prototype: { _compileSchemaEnv: (...args: unknown[]) => unknown } } };
    const compile = vi.spyOn(core.default.prototype, '_compileSchemaEnv');
    const app = express();
    app.use(
      '/v2',
      express.Router().use(...newValidator(loadBundledSpec('v2'), false), (_req, res) => void res.status(204).end()),
    );
    await supertest(app).get('/v2/merchant').expect(204);
    // Before the patch the start-up compiled every referenced schema of every operation (44 for
    // v2); now the first request compiles its own (2).
    expect(compile.mock.calls.length).toBeGreaterThan(0);
    expect(compile.mock.calls.length).toBeLessThan(10);
  });

  it('compiles the route table once, on the first request, and still matches path parameters', async () => {
    const pathToRegexp = fromValidator('path-to-regexp') as { pathToRegexp: (...args: unknown[]) => unknown };
    const compile = vi.spyOn(pathToRegexp, 'pathToRegexp');
    const app = express();
    app.set('query parser', 'extended');
    const matched: string[] = [];
    app.use(
      '/v2',
      express.Router().use(...newValidator(loadBundledSpec('v2'), false), (req, res) => {
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
    // The first request compiled every route of the version, each once; later requests none.
    expect(compile.mock.calls.length).toBe(afterFirst);
    const perRoute = new Map<unknown, number>();
    for (const [route] of compile.mock.calls) perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
    expect(perRoute.size).toBe(afterFirst);
    expect(afterFirst).toBe(Object.keys(loadBundledSpec('v2').paths).length);
    expect(matched).toEqual([
      'getTransaction {"transactionId":"txn_first"}',
      'getTransaction {"transactionId":"txn_second"}',
      'getCheckout {"checkoutId":"chk_third"}',
      'getTransaction {"transactionId":"txn_first"}',
    ]);
  });

  it("checks requests and responses against the spec added to each ajv once: no route's schema carries the whole spec", async () => {
    const core = fromValidator('ajv/dist/core') as { default: { prototype: { addSchema: (schema: unknown, key?: string) => unknown } } };
    const add = vi.spyOn(core.default.prototype, 'addSchema');
    const spec = loadBundledSpec('v2');
    const merchant = (spec as unknown as { components: { examples: { Merchant: { value: Record<string, any> } } } }).components.examples.Merchant.value;
    let body: unknown;
    const app = express();
    app.use(
      '/v2',
      express.json(),
      express.Router().use(...newValidator(spec, true), (_req, res) => void res.status(200).json(body)),
      (err: { status?: number; errors?: Array<{ path: string }> }, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
        void res.status(err.status ?? 500).json({ paths: (err.errors ?? []).map((error) => error.path) }),
    );
    // The spec's own example passes, twice (once compiled); a request off its schema does not.
    body = merchant;
    await supertest(app).get('/v2/merchant').expect(200);
    await supertest(app).get('/v2/transactions?limit=0').expect(400);
    await supertest(app).get('/v2/merchant').expect(200);
    // A body's mistake inside a referenced component (CreateCheckoutRequest → LineItem) is found, where it is.
    const checkout = checkoutBody();
    const refused = await supertest(app)
      .post('/v2/checkouts')
      .send({ ...checkout, items: [{ ...checkout.items[0], quantity: 'two' }] })
      .expect(400);
    expect(refused.body.paths).toEqual(['/body/items/0/quantity']);
    // A mistake deep inside a referenced component (PlanTerm → its fee) is still found.
    body = { ...merchant, plan_terms: [{ ...merchant.plan_terms[0], merchant_fee: { rate_bps: 'ten', fixed_amount: 0 } }] };
    await supertest(app).get('/v2/merchant').expect(500);
    // And another route's response refers to the same components: found there too.
    body = { object: 'list', data: [{ nonsense: true }], has_more: false };
    await supertest(app).get('/v2/transactions').expect(500);
    // Before the patch every schema of every route (its parameters, its body, each response)
    // carried the spec's `components` and `paths`, and ajv walked the whole spec for each; now
    // each ajv instance (parameters, body, responses) holds the spec once, under one id.
    const holdingSpec = add.mock.calls.flatMap(([schema, key], i) => ('components' in (schema as object) ? [{ key, ajv: add.mock.contexts[i] }] : []));
    expect(holdingSpec.map(({ key }) => key)).toEqual(Array(3).fill('urn:express-openapi-validator:spec'));
    expect(new Set(holdingSpec.map(({ ajv }) => ajv)).size).toBe(3);
    expect(add.mock.calls.length).toBeGreaterThan(holdingSpec.length);
  });
});

describe('sequelize patch (SQLite)', () => {
  it("learns a table's column types once, not before every SELECT, and relearns them after a schema change", async () => {
    const scratch = await scratchSqlite();
    const pragmas: string[] = [];
    const all = sqlite3.Database.prototype.all;
    vi.spyOn(sqlite3.Database.prototype, 'all').mockImplementation(function (this: sqlite3.Database, sql: string, ...rest: unknown[]) {
      if (sql.startsWith('PRAGMA table_info')) pragmas.push(sql);
      return (all as (...args: unknown[]) => sqlite3.Database).call(this, sql, ...rest);
    } as never);
    try {
      const { sequelize } = scratch;
      const Row = sequelize.define(
        'PatchRow',
        { id: { type: DataTypes.INTEGER, primaryKey: true }, at: DataTypes.DATE(3) },
        { tableName: 'patch_rows', timestamps: false },
      );
      await Row.sync();
      const at = new Date('2026-11-25T10:11:12.345Z');
      await Row.create({ id: 1, at });
      for (let i = 0; i < 5; i++) {
        const row = await Row.findByPk(1);
        expect(row!.get('at')).toEqual(at);
      }
      expect(pragmas.filter((sql) => sql.includes('patch_rows'))).toHaveLength(1);

      // A new DATE column is parsed too: the schema change made it look again.
      await sequelize.getQueryInterface().addColumn('patch_rows', 'later_at', { type: DataTypes.DATE(3) });
      await sequelize.query('UPDATE patch_rows SET later_at = $1', { bind: ['2026-12-01 00:00:00.000 +00:00'] });
      const Wider = sequelize.define(
        'PatchRowWider',
        { id: { type: DataTypes.INTEGER, primaryKey: true }, at: DataTypes.DATE(3), laterAt: { type: DataTypes.DATE(3), field: 'later_at' } },
        { tableName: 'patch_rows', timestamps: false },
      );
      expect((await Wider.findByPk(1))!.get('laterAt')).toEqual(new Date('2026-12-01T00:00:00.000Z'));
      expect(pragmas.filter((sql) => sql.includes('patch_rows'))).toHaveLength(2);

      // A schema change inside a transaction: a read outside it meanwhile sees the old schema, and
      // what it learns is not kept; the new column is parsed once the transaction commits.
      const Late = sequelize.define(
        'PatchRowLate',
        { id: { type: DataTypes.INTEGER, primaryKey: true }, at: DataTypes.DATE(3), lastAt: { type: DataTypes.DATE(3), field: 'last_at' } },
        { tableName: 'patch_rows', timestamps: false },
      );
      await sequelize.transaction(async (transaction) => {
        await sequelize.getQueryInterface().addColumn('patch_rows', 'last_at', { type: DataTypes.DATE(3) }, { transaction });
        await sequelize.query('UPDATE patch_rows SET last_at = $1', { bind: ['2027-01-02 03:04:05.678 +00:00'], transaction });
        expect((await Row.findByPk(1))!.get('at')).toEqual(at);
      });
      expect((await Late.findByPk(1))!.get('lastAt')).toEqual(new Date('2027-01-02T03:04:05.678Z'));

      // Failures still carry the caller's stack and the SQL.
      const failure = (await sequelize.query('SELECT nope FROM `patch_rows`').then(
        () => new Error('the query did not fail'),
        (err: unknown) => err,
      )) as Error & { sql?: string };
      expect(failure.sql).toContain('SELECT nope');
      expect(failure.stack).toContain('patches.test.ts');
    } finally {
      await scratch.close();
    }
  });
});
