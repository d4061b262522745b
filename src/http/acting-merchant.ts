// Which merchant a request acts for. A merchant's key acts for its own merchant; a partner's key
// acts for the merchant its `Evenpay-Merchant` header names — one of its own, in its key's mode.
// Which operations act for a merchant is read from the spec: those that declare the header
// (openapi/shared/parameters/EvenpayMerchant.yaml); the others are the partner's own operations.
// A merchant that is another partner's, does not exist, or is in the other mode gets one and the
// same 404, so merchant ids cannot be probed. A publishable key acts for its own merchant.
import type { RequestHandler } from 'express';
import type { MerchantRow } from '../data/models/index.js';
import { merchantNotFound, ownedBy } from '../domain/onboarding.js';
import { AppError } from '../kernel/errors.js';
import { followRef } from './json-pointer.js';
import type { OpenApiDocument, RequestOperation } from './spec.js';

export const MERCHANT_HEADER = 'Evenpay-Merchant';
const MERCHANT_ID = /^mer_[0-9A-Za-z]{1,60}$/;

/**
 * The operationIds of a spec that act for a merchant: those declaring the Evenpay-Merchant header;
 * `partnerScope`: those among them a partner may also run for itself, naming no merchant
 * (`x-partner-scope`: its own webhook endpoints, the events of all its merchants).
 */
export function merchantOperations(spec: OpenApiDocument): Set<string> & { partnerScope: Set<string> } {
  const ids = Object.assign(new Set<string>(), { partnerScope: new Set<string>() });
  const declares = (parameters: unknown) =>
    Array.isArray(parameters) &&
    parameters.some((p) => {
      const parameter = followRef(spec, p) as { in?: string; name?: string } | undefined;
      return parameter?.in === 'header' && parameter.name === MERCHANT_HEADER;
    });
  for (const item of Object.values(spec.paths) as Array<
    Record<string, { operationId?: string; parameters?: unknown; 'x-partner-scope'?: string }> & { parameters?: unknown }
  >) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation?.operationId || !(declares(item.parameters) || declares(operation.parameters))) continue;
      ids.add(operation.operationId);
      if (operation['x-partner-scope'] === 'all-merchants') ids.partnerScope.add(operation.operationId);
    }
  }
  return ids;
}

function headerProblem(detail: string): AppError {
  return new AppError('invalid_request', detail, { errors: [{ parameter: MERCHANT_HEADER, detail }] });
}

/**
 * After authentication and the rate limit: sets `req.auth` on merchant operations, refuses a
 * merchant's key on the partner's operations, and a header where it has no meaning.
 */
export function actingMerchant(
  specs: Record<string, OpenApiDocument>,
  operationOf: RequestOperation,
  findMerchant: (id: string) => Promise<MerchantRow | undefined>,
): RequestHandler {
  const forMerchant = new Map(Object.entries(specs).map(([version, spec]) => [version, merchantOperations(spec)]));
  return async (req, _res, next) => {
    const caller = req.caller;
    const operation = operationOf(req);
    if (!caller || !operation) return next();
    const header = req.get(MERCHANT_HEADER);
    const { keyId, livemode } = caller;
    // A publishable key (an operation a browser calls) is always a merchant's, and acts for it.
    if (operation.authScheme === 'publishable' && caller.merchantId !== null) {
      req.auth = { merchantId: caller.merchantId, livemode, keyId, actingPartnerId: null, publishableKey: caller.publishableKey! };
      return next();
    }
    const merchantOperation = forMerchant.get(operation.version);
    if (!merchantOperation?.has(operation.operationId)) {
      if (caller.partnerId === null) {
        throw new AppError(
          'partner_key_required',
          "This operation is for partners: authenticate with your partner secret key (issued by `npm run operator -- partners keys`), not a merchant's key.",
        );
      }
      if (header !== undefined)
        throw headerProblem(`${MERCHANT_HEADER} has no meaning here: this is an operation of the partner itself. Send the request without it.`);
      return next();
    }
    if (caller.merchantId !== null) {
      if (header !== undefined) {
        throw headerProblem(
          `This is a key of merchant ${caller.merchantId}, which always acts for its own merchant: ${MERCHANT_HEADER} is for partner keys. Send the request without it.`,
        );
      }
      req.auth = {
        merchantId: caller.merchantId,
        livemode,
        keyId,
        actingPartnerId: null,
        ...(caller.publishableKey ? { publishableKey: caller.publishableKey } : {}),
      };
      return next();
    }
    // The partner's own endpoints, its merchants' events: it acts for itself.
    if (header === undefined && merchantOperation.partnerScope.has(operation.operationId)) return next();
    if (header === undefined) {
      throw headerProblem(`This operation acts for a merchant: with a partner key, send ${MERCHANT_HEADER}: mer_… naming one of your merchants.`);
    }
    if (!MERCHANT_ID.test(header)) throw headerProblem(`${MERCHANT_HEADER} must be a merchant id: mer_ followed by 1 to 60 letters and digits.`);
    const merchant = await findMerchant(header);
    if (!ownedBy(merchant, { partnerId: caller.partnerId!, livemode })) throw merchantNotFound(header);
    req.auth = { merchantId: merchant.id, livemode, keyId, actingPartnerId: caller.partnerId };
    next();
  };
}
