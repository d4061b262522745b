// The breaking-change gate catches each kind of break, lets additive changes through, and passes
// on the committed specs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { repoRoot } from '../../scripts/lib/apis.js';
import { loadYaml, releasesOf } from '../../scripts/lib/releases.js';
import { diffSpecs, patternMaxLength } from '../../scripts/lib/spec-diff.js';

type Spec = Record<string, any>;
const released = loadYaml(releasesOf('v2').at(-1)!.file) as Spec;
const mutated = (change: (spec: Spec) => void): Spec => {
  const copy = structuredClone(released);
  change(copy);
  return copy;
};
const breaking = (spec: Spec) =>
  diffSpecs(released, spec)
    .filter((c) => c.breaking)
    .map((c) => `${c.where}: ${c.message}`);
const schemas = (spec: Spec) => spec.components.schemas;

describe('the breaking-change rules', () => {
  it.each<[string, (spec: Spec) => void, RegExp]>([
    [
      'a removed response field',
      (s) => {
        delete schemas(s).Checkout.properties.order_id;
        schemas(s).Checkout.required = schemas(s).Checkout.required.filter((f: string) => f !== 'order_id');
      },
      /GET \/checkouts\/\{checkoutId\} 200 \/order_id: response field removed/,
    ],
    [
      'a response field no longer required',
      (s) => {
        schemas(s).TransactionSnapshot.required = schemas(s).TransactionSnapshot.required.filter((f: string) => f !== 'schedule');
      },
      /\/schedule: response field no longer always present/,
    ],
    [
      'a response field retyped',
      (s) => {
        schemas(s).Merchant.properties.name = { type: 'integer' };
      },
      /GET \/merchant 200 \/name: type changed from string to integer/,
    ],
    [
      'a new required request field',
      (s) => {
        schemas(s).CreateCheckoutRequest.required.push('channel');
        schemas(s).CreateCheckoutRequest.properties.channel = { type: 'string' };
      },
      /POST \/checkouts request body \/channel: required request field added/,
    ],
    [
      'an optional request field made required',
      (s) => {
        schemas(s).CreatePlanQuoteRequest.required.push('start_date');
      },
      /POST \/plan-quotes request body \/start_date: request field became required/,
    ],
    [
      'a narrowed request enum',
      (s) => {
        schemas(s).RefundTransactionRequest.properties.reason.enum = ['requested_by_customer'];
      },
      /\/reason: enum narrowed/,
    ],
    [
      'a narrowed request bound',
      (s) => {
        schemas(s).LineItem.properties.quantity.maximum = 10;
      },
      /\/quantity: maximum narrowed from 10000 to 10/,
    ],
    [
      'a request type changed',
      (s) => {
        schemas(s).CreatePlanQuoteRequest.properties.amount = { type: 'string' };
      },
      /\/amount: type narrowed from integer to string/,
    ],
    [
      'a removed request field where unknown fields are refused',
      (s) => {
        delete schemas(s).CreateCheckoutRequest.properties.metadata;
      },
      /\/metadata: request field removed/,
    ],
    [
      'a new required parameter',
      (s) => {
        s.paths['/checkouts'].get.parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } });
      },
      /GET \/checkouts parameter query:region: required parameter added/,
    ],
    [
      'a removed response status',
      (s) => {
        delete s.paths['/checkouts/{checkoutId}'].get.responses['404'];
      },
      /GET \/checkouts\/\{checkoutId\} 404: response status removed/,
    ],
    [
      'a changed success status',
      (s) => {
        const r = s.paths['/checkouts'].post.responses;
        r['200'] = r['201'];
        delete r['201'];
      },
      /POST \/checkouts 201: response status removed/,
    ],
    [
      'a removed operation',
      (s) => {
        delete s.paths['/events/{eventId}'].get;
      },
      /GET \/events\/\{eventId\}: operation removed/,
    ],
  ])('catches %s', (_kind, change, expected) => {
    const found = breaking(mutated(change));
    expect(
      found.some((line) => expected.test(line)),
      found.join('\n'),
    ).toBe(true);
  });

  it('lets additive changes through: new operation, optional field, response field, error status, enum value', () => {
    const spec = mutated((s) => {
      s.paths['/widgets'] = { get: { operationId: 'listWidgets', responses: { '200': { description: 'ok' } } } };
      schemas(s).CreateCheckoutRequest.properties.channel = { type: 'string' };
      schemas(s).Checkout.properties.channel = { type: 'string' };
      s.paths['/merchant'].get.responses['409'] = s.paths['/merchant'].get.responses['401'];
      schemas(s).KnownTransactionStatus.enum.push('disputed');
      schemas(s).RefundTransactionRequest.properties.reason.enum.push('fraud');
    });
    const changes = diffSpecs(released, spec);
    expect(changes.filter((c) => c.breaking)).toEqual([]);
    expect(changes.map((c) => c.message)).toEqual(
      expect.arrayContaining(['operation added', 'optional request field added', 'response field added', 'error status added']),
    );
  });

  it('calls a value added to a closed response enum breaking, and one added to an open enum additive', () => {
    const closedBase = mutated((s) => {
      schemas(s).TransactionStatus = structuredClone(schemas(s).KnownTransactionStatus);
    });
    const closedAdded = structuredClone(closedBase);
    schemas(closedAdded).TransactionStatus.enum.push('disputed');
    expect(
      diffSpecs(closedBase, closedAdded)
        .filter((c) => c.breaking)
        .map((c) => c.message),
    ).toContain('values added to a closed response enum: disputed');
    const openAdded = mutated((s) => schemas(s).KnownTransactionStatus.enum.push('disputed'));
    const changes = diffSpecs(released, openAdded);
    expect(changes.filter((c) => c.breaking)).toEqual([]);
    expect(changes.map((c) => c.message)).toContain('open enum values added: disputed');
  });

  it('lets a maxLength through that the pattern or format already implied, and an array bound its unique closed items implied', () => {
    const base = mutated((s) => {
      delete schemas(s).CheckoutId.maxLength;
      delete s.components.parameters.Expand.schema.maxItems;
    });
    expect(diffSpecs(base, released).filter((c) => c.breaking)).toEqual([]);
    const tighter = mutated((s) => {
      schemas(s).CheckoutId.maxLength = 20;
    });
    expect(
      diffSpecs(released, tighter)
        .filter((c) => c.breaking)
        .map((c) => c.message),
    ).toContain('maxLength narrowed from 64 to 20');
  });

  it('finds nothing between a spec and itself', () => {
    expect(diffSpecs(released, structuredClone(released))).toEqual([]);
  });

  // Webhooks are requests we send: a new one is additive; removing one, or a header or body field
  // a receiver was promised, is breaking (Optic reads no webhooks: our rules alone judge them).
  it('calls a new webhook additive, and a removed webhook, header or payload field breaking', () => {
    const webhook = () => ({
      post: {
        operationId: 'transactionCapturedWebhook',
        parameters: [{ name: 'Evenpay-Event-Id', in: 'header', required: true, schema: { type: 'string', maxLength: 64 } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['id', 'data'], properties: { id: { type: 'string' }, data: { type: 'object', properties: {} } } },
            },
          },
        },
        responses: { '2XX': { description: 'Received.' } },
      },
    });
    // From a release without webhooks (2.8.0 and later have them), one webhook added.
    const withoutWebhooks = mutated((s) => {
      delete s.webhooks;
    });
    const withWebhook = mutated((s) => {
      s.webhooks = { 'transaction.captured': webhook() };
    });
    expect(diffSpecs(withoutWebhooks, withWebhook)).toEqual([{ breaking: false, where: 'webhook transaction.captured (POST)', message: 'webhook added' }]);
    const changed = (change: (post: Spec) => void) => {
      const copy = structuredClone(withWebhook);
      change(copy.webhooks['transaction.captured'].post);
      return diffSpecs(withWebhook, copy).map((c) => `${c.breaking ? 'breaking' : 'additive'} ${c.where}: ${c.message}`);
    };
    expect(diffSpecs(withWebhook, withoutWebhooks)).toEqual([{ breaking: true, where: 'webhook transaction.captured (POST)', message: 'webhook removed' }]);
    expect(changed((post) => post.parameters.pop())).toEqual([
      'breaking webhook transaction.captured (POST) parameter header:evenpay-event-id: webhook header removed',
    ]);
    expect(changed((post) => post.parameters.push({ name: 'Evenpay-Attempt', in: 'header', required: true, schema: { type: 'integer' } }))).toEqual([
      'additive webhook transaction.captured (POST) parameter header:evenpay-attempt: webhook header added',
    ]);
    expect(
      changed((post) => {
        const schema = post.requestBody.content['application/json'].schema;
        delete schema.properties.data;
        schema.required = ['id'];
      }),
    ).toEqual(['breaking webhook transaction.captured (POST) body /data: response field removed']);
    expect(
      changed((post) => {
        post.requestBody.content['application/json'].schema.properties.data.properties.amount = { type: 'integer' };
      }),
    ).toEqual(['additive webhook transaction.captured (POST) body /data /amount: response field added']);
  });
});

describe('the patterns a maxLength may follow from', () => {
  it.each([
    ['^chk_[0-9A-Za-z]{1,60}$', 64],
    ['^(pay_in_4|monthly_[0-9]{1,2})$', 10],
    ['^[A-Z]{3}$', 3],
    ['^\\+[1-9][0-9]{6,14}$', 16],
    ['^[\\x21-\\x7E]+$', undefined],
    ['^20[0-9]{2}-', undefined],
  ])('%s → %s', (pattern, longest) => {
    expect(patternMaxLength(pattern)).toBe(longest);
  });
});

describe('npm run check:breaking', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-breaking-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    try {
      return {
        code: 0,
        output: execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'check-breaking.ts'), ...args], {
          cwd: repoRoot,
          encoding: 'utf8',
          stdio: 'pipe',
        }),
      };
    } catch (error) {
      const failed = error as { status: number; stderr: string };
      return { code: failed.status, output: failed.stderr };
    }
  };

  // (On the committed specs it runs as part of npm test itself, Optic included.)
  it('passes on the committed specs by our rules', () => {
    expect(run('--no-optic')).toMatchObject({ code: 0 });
  });

  it('fails on a fixture that removes a response field from the released v2', () => {
    const fixture = path.join(dir, 'v2-without-checkout-order-id.yaml');
    writeFileSync(
      fixture,
      stringify(
        mutated((s) => {
          delete schemas(s).Checkout.properties.order_id;
        }),
      ),
    );
    const result = run('--version', 'v2', '--current', fixture, '--no-optic');
    expect(result.code).toBe(1);
    expect(result.output).toContain('/order_id: response field removed');
  });

  // Our rules on the newest release pair, with the changes acknowledged for it. (Optic's verdict
  // on the committed specs is npm test's own `check:breaking`, before vitest: a v2 run costs Optic
  // some 40 s of CPU on the whole spec, so the suite does not repeat it.)
  const releaseOf = (version: string, at: number) => releasesOf(version).at(at)!.file;

  it.each(['v1', 'v2'])('passes on the newest release of %s by our rules (after the changes acknowledged for it)', (version) => {
    const result = run('--version', version, '--base', releaseOf(version, -2), '--current', releaseOf(version, -1), '--no-optic');
    expect(result, result.output).toMatchObject({ code: 0 });
    expect(result.output).toMatch(new RegExp(`${version}: no breaking changes`));
  });

  // One Optic run for both cases: the head adds a value to an open enum (event types) and one to a
  // closed response enum (a transaction status closed for the fixture). The fixture keeps only the
  // two operations that answer with those enums: Optic reads the same schemas in seconds, not the
  // minute it takes on every operation.
  const OPTIC_TIMEOUT_MS = 120_000;
  it(
    'and Optic agree: a value added to an open enum is additive, one added to a closed response enum is breaking',
    () => {
      const closed = mutated((s) => {
        schemas(s).TransactionStatus = structuredClone(schemas(s).KnownTransactionStatus);
        s.paths = { '/transactions/{transactionId}': s.paths['/transactions/{transactionId}'], '/events/{eventId}': s.paths['/events/{eventId}'] };
        delete s.webhooks;
      });
      const base = path.join(dir, 'v2-closed-status.yaml');
      const head = path.join(dir, 'v2-both-enums-grown.yaml');
      writeFileSync(base, stringify(closed));
      const grown = structuredClone(closed);
      schemas(grown).TransactionStatus.enum.push('disputed');
      schemas(grown).KnownEventType.enum.push('transaction.disputed');
      writeFileSync(head, stringify(grown));
      const result = run('--version', 'v2', '--base', base, '--current', head);
      expect(result.code).toBe(1);
      expect(result.output).toContain('values added to a closed response enum: disputed');
      expect(result.output).toContain('open enum values added: transaction.disputed');
      expect(result.output).not.toMatch(/✗ .*transaction\.disputed/);
      expect(result.output).toMatch(/Optic finds \d+ breaking change/);
      expect(result.output).toMatch(/Optic finds[\s\S]*cannot add enum option 'disputed'/);
      expect(result.output).not.toMatch(/cannot add enum option 'transaction\.disputed'/);
      expect(result.output).not.toContain('disagree');
    },
    OPTIC_TIMEOUT_MS,
  );
});
