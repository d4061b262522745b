// Binds each operation of a bundled spec to its handler by operationId and runs it: POSTs in a
// database transaction, under the Idempotency-Key protocol when the header is sent.
import type { Request, Response, Router } from 'express';
import type { Claim } from './idempotency.js';
import type { OperationContext, OperationResult, Services } from './operation-types.js';
import { problemBody, toAppError } from './problem.js';
import type { OpenApiDocument } from './spec.js';

type AnyHandler = (context: OperationContext<unknown>) => Promise<OperationResult<unknown> & { status: number; body: unknown; headers?: Record<string, string> }>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}

function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.status(status).set(headers).json(body);
}

export function mountOperations(router: Router, spec: OpenApiDocument, handlers: object, services: Services): void {
  const registry = handlers as Record<string, AnyHandler>;
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operationId = item[method]?.operationId;
      if (!operationId) continue;
      const handler = registry[operationId];
      if (!handler) throw new Error(`No handler registered for operation ${operationId}`);
      const run = method === 'get' ? runRead : runWrite;
      router[method](expressPath(path), (req, res) => run(operationId, handler, req, res, services));
    }
  }
}

function contextFrom(req: Request, services: Services): OperationContext<unknown> {
  return {
    params: req.params as never,
    query: req.query as never,
    body: req.body as never,
    auth: req.auth!,
    requestId: req.id as string,
    services,
    transaction: undefined,
  };
}

async function runRead(_operationId: string, handler: AnyHandler, req: Request, res: Response, services: Services): Promise<void> {
  const result = await handler(contextFrom(req, services));
  send(res, result.status, result.body, result.headers);
}

async function runWrite(operationId: string, handler: AnyHandler, req: Request, res: Response, services: Services): Promise<void> {
  // The Idempotency-Key protocol is for POSTs (PRODUCT.md); a DELETE is idempotent by nature.
  const key = req.method === 'POST' ? req.get('Idempotency-Key') : undefined;
  let claim: Claim | undefined;
  if (key !== undefined) {
    claim = await services.idempotency.claim({
      merchantId: req.auth!.merchantId,
      livemode: req.auth!.livemode,
      key,
      operationId,
      request: { params: req.params, body: req.body },
    });
    if (claim.kind === 'replay') {
      services.metrics.idempotentReplays.inc({ operation_id: operationId });
      const { status, body, headers } = claim.response;
      res.status(status).set({ ...headers, 'Idempotent-Replayed': 'true' });
      if (status >= 400) res.type('application/problem+json').send(JSON.stringify(body));
      else res.json(body);
      return;
    }
  }
  const owned = claim?.kind === 'owner' ? claim.row : undefined;
  try {
    const result = await services.uow.transaction(async (transaction) => {
      const outcome = await handler({ ...contextFrom(req, services), transaction });
      if (owned) {
        await services.idempotency.complete(owned, { status: outcome.status, body: outcome.body, headers: outcome.headers ?? {} }, transaction);
      }
      return outcome;
    });
    send(res, result.status, result.body, result.headers);
  } catch (error) {
    const appError = toAppError(error);
    if (!owned) throw error;
    if (!appError || appError.code === 'internal_error') {
      // A fault, not an answer: free the key so the client's retry runs the operation again.
      await services.idempotency.release(owned).catch(() => undefined);
      throw error;
    }
    // A business-rule refusal is an answer: it is stored and replayed like a success.
    const body = problemBody(appError, req, services.config.docsBaseUrl);
    await services.idempotency.complete(owned, { status: body.status, body, headers: appError.headers ?? {} });
    throw appError;
  }
}

