// The web origins whose pages may read a merchant's promotional messages with its publishable key
// (GET /v2/promotions answers CORS for these only). Kept on the merchant, and as one row per
// origin for the preflight, which names no merchant and must find an origin by index.
import type { MerchantRow, Models } from '../data/models/index.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import type { WriteContext } from './context.js';

/** Hosts a browser treats as secure over http: a developer's own machine. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/** What is wrong with `value` as an origin (the reason, naming the fix), or undefined. */
export function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an origin such as https://shop.example.com';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https://';
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    return `must use https:// (http:// is only for localhost and 127.0.0.1): ${url.origin.replace(/^http:/, 'https:')}`;
  }
  if (url.username || url.password) return 'must not hold a user name or password';
  if (url.origin !== value) return `must be the origin alone, in lower case, as a browser sends it in Origin: ${url.origin}`;
  return undefined;
}

/** Whether the merchant lets pages of `origin` read its messages. */
export function allowsOrigin(merchant: MerchantRow, origin: string): boolean {
  return (merchant.allowedOrigins ?? []).includes(origin);
}

/** Whether any merchant lets pages of `origin` read its messages (a preflight's question). */
export async function isRegisteredOrigin(models: Models, origin: string): Promise<boolean> {
  return (await models.MerchantOrigin.findOne({ where: { origin }, attributes: ['merchantId'] })) !== null;
}

/** Replaces the merchant's allowed origins; refuses the list whole when any is not an origin. */
export async function setAllowedOrigins({ models, transaction, clock }: WriteContext, merchantId: string, origins: string[]): Promise<MerchantRow> {
  const errors: FieldError[] = origins.flatMap((origin, index) => {
    const problem = originProblem(origin);
    return problem ? [{ pointer: `/allowed_origins/${index}`, detail: problem }] : [];
  });
  if (errors.length > 0) {
    throw new AppError(
      'invalid_request',
      `${errors.length === 1 ? 'An allowed origin is' : 'Some allowed origins are'} not a web origin: ${errors[0]!.detail}.`,
      { errors },
    );
  }
  const merchant = await models.Merchant.findByPk(merchantId, { transaction, lock: transaction.LOCK.UPDATE });
  if (!merchant) throw new AppError('resource_not_found', `No merchant ${merchantId}.`);
  merchant.allowedOrigins = origins;
  merchant.updatedAt = clock.now();
  await merchant.save({ transaction });
  await models.MerchantOrigin.destroy({ where: { merchantId }, transaction });
  if (origins.length > 0)
    await models.MerchantOrigin.bulkCreate(
      origins.map((origin) => ({ merchantId, origin })),
      { transaction },
    );
  return merchant;
}
