// Binds each operation of a bundled spec to its handler by operationId and runs it: POSTs in a
// database transaction (unless marked a computation), under the Idempotency-Key protocol when
// the header is sent.
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, RequestHandler, Response } from 'express';
import type { Transaction } from 'sequelize';
import { etagOf, notModified } from './conditional.js';
import type { Claim, OwnedClaim } from './idempotency.js';
import { isComputation, type OperationContext, type OperationResult, type Services, type StreamedResult, settleMsOf } from './operation-types.js';
import { problemBody, toAppError } from './problem.js';
import { problemCatalogue } from './problem-catalogue.js';
import type { OpenApiDocument } from './spec.js';

type JsonResult = OperationResult<unknown> & { status: number; body: unknown; headers?: Record<string, string> };
type AnyHandler = (context: OperationContext<unknown>) => Promise<JsonResult | StreamedResult>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Waits as long as the operation's change needs to reach every replica (`settles`). */
async function settle(handler: AnyHandler): Promise<void> {
  const ms = settleMsOf(handler);
  if (ms > 0) await sleep(ms);
}

function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.status(status).set(headers).json(body);
}

/**
 * Runs the handler of the operation express-openapi-validator matched (`req.openapi`): the
 * validator has already found the route, so no second route table is needed. Every operationId of
 * the spec must have a handler, checked here at start-up (and at compile time by HandlerRegistry).
 */
export function operationDispatcher(spec: OpenApiDocument, handlers: object, services: Services): RequestHandler {
  const registry = handlers as Record<string, AnyHandler>;
  const runners = new Map<string, (req: Request, res: Response) => Promise<void>>();
  for (const item of Object.values(spec.paths)) {
    for (const method of METHODS) {
      const operationId = item[method]?.operationId;
      if (!operationId) continue;
      const handler = registry[operationId];
      if (!handler) throw new Error(`No handler registered for operation ${operationId}`);
      // A read that documents `304` answers conditional requests (conditional.ts).
      const conditional = method === 'get' && Object.hasOwn((item[method] as { responses?: object }).responses ?? {}, '304');
      const run = method === 'get' ? runRead : runWrite;
      runners.set(operationId, (req, res) => run(operationId, handler, req, res, services, conditional));
    }
  }
  return async (req, res, next) => {
    const operationId = req.openapi?.schema.operationId;
    const run = operationId ? runners.get(operationId) : undefined;
    if (!run) return next();
    await run(req, res);
  };
}

/** The path parameters as the validator matched and coerced them. */
function pathParamsOf(req: Request): Record<string, string> {
  return req.openapi?.pathParams ?? {};
}

function contextFrom(req: Request, services: Services, transaction: Transaction | undefined): OperationContext<unknown> {
  return {
    params: pathParamsOf(req) as never,
    query: req.query as never,
    // Header names are case-insensitive: each is read as declared (`If-None-Match`) through req.get.
    headers: new Proxy({}, { get: (_target, name) => (typeof name === 'string' ? req.get(name) : undefined) }) as never,
    body: req.body as never,
    // A partner's own operation acts for no merchant: reading `auth` there is a bug, said loudly.
    get auth() {
      if (!req.auth) throw new Error(`${req.openapi?.schema.operationId} acts for no merchant: read context.caller`);
      return req.auth;
    },
    acting: req.auth,
    caller: req.caller!,
    requestId: req.id,
    services,
    transaction,
    accepts: (types) => req.accepts(types),
  };
}

async function runRead(_operationId: string, handler: AnyHandler, req: Request, res: Response, services: Services, conditional = false): Promise<void> {
  const result = await handler(contextFrom(req, services, undefined));
  if ('stream' in result) {
    res
      .status(result.status)
      .set(result.headers ?? {})
      .type(result.contentType);
    // A failure half-way can no longer be a problem answer (the status is sent): the connection is
    // cut, so the client sees an incomplete body rather than a complete-looking short one.
    await pipeline(result.stream, res);
    return;
  }
  if (!conditional) return send(res, result.status, result.body, result.headers);
  const etag = etagOf(result.body);
  const headers = { ...result.headers, ETag: etag };
  if (notModified(req.get('If-None-Match'), etag)) res.status(304).set(headers).end();
  else send(res, result.status, result.body, headers);
}

async function runWrite(operationId: string, handler: AnyHandler, req: Request, res: Response, services: Services): Promise<void> {
  // The Idempotency-Key protocol is for POSTs (PRODUCT.md); a DELETE is idempotent by nature.
  const key = req.method === 'POST' ? req.get('Idempotency-Key') : undefined;
  let claim: Claim | undefined;
  if (key !== undefined) {
    const caller = req.caller!;
    claim = await services.idempotency.claim({
      principalId: caller.partnerId ?? caller.merchantId!,
      merchantId: req.auth?.merchantId ?? caller.partnerId!,
      livemode: caller.livemode,
      key,
      operationId,
      request: { params: pathParamsOf(req), body: req.body },
    });
    if (claim.kind === 'replay') {
      services.metrics.idempotentReplays.inc({ operation_id: operationId });
      // A replay may come sooner after the commit than the first answer did: it waits as long.
      await settle(handler);
      const { status, body, headers } = claim.response;
      res.status(status).set({ ...headers, 'Idempotent-Replayed': 'true' });
      if (status >= 400) res.type('application/problem+json').send(JSON.stringify(body));
      else res.json(body);
      return;
    }
  }
  const owned: OwnedClaim | undefined = claim?.kind === 'owner' ? claim : undefined;
  try {
    const run = async (transaction: Transaction | undefined) => {
      const outcome = await handler(contextFrom(req, services, transaction));
      // Only reads stream (a write's answer is stored for its Idempotency-Key replays).
      if ('stream' in outcome) throw new Error(`${operationId} is a write and cannot stream its answer`);
      if (owned !== undefined) {
        await services.idempotency.complete(owned, { status: outcome.status, body: outcome.body, headers: outcome.headers ?? {} }, transaction);
      }
      return outcome;
    };
    const result = isComputation(handler) ? await run(undefined) : await services.uow.transaction(run);
    // Outside the transaction (and SQLite's write queue): nothing else waits for it.
    await settle(handler);
    send(res, result.status, result.body, result.headers);
  } catch (error) {
    if (owned === undefined) throw error;
    const appError = toAppError(error);
    // Another request took the claim over (this one was presumed gone): its outcome is the one
    // kept, and this one's writes rolled back. Nothing to store or release.
    if (appError?.code === 'idempotency_request_in_flight') throw appError;
    if (!appError || problemCatalogue[appError.code].status >= 500) {
      // A fault of the platform (a lost or busy database, a pool timeout, a bug), not an answer:
      // nothing of it is stored, and the key is freed so that the client's retry runs the
      // operation (whose writes rolled back) again. When even the release cannot reach the
      // database, the store keeps trying, and a retry here may take the claim over at once.
      await services.idempotency.release(owned);
      throw error;
    }
    // A refusal the operation decided (a business rule, a missing object) is an answer: stored
    // and replayed like a success.
    const body = problemBody(appError, req, services.config.docsBaseUrl);
    try {
      await services.idempotency.complete(owned, { status: body.status, body, headers: appError.headers ?? {} });
    } catch (storeError) {
      // The refusal could not be stored (the database went away, or the claim was taken over):
      // the key must not stay claimed, so the client's retry decides afresh.
      if (toAppError(storeError)?.code !== 'idempotency_request_in_flight') await services.idempotency.release(owned);
      throw storeError;
    }
    throw appError;
  }
}
