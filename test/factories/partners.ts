// A fresh partner with its own test and live secret keys, as an operator creates one.
import type { Models } from '../../src/data/models/index.js';
import { createUnitOfWork } from '../../src/data/unit-of-work.js';
import { createPartner, issuePartnerKey } from '../../src/domain/partners.js';
import { systemClock } from '../../src/kernel/clock.js';

export interface TestPartner {
  id: string;
  secretKey: string;
  liveSecretKey: string;
  /** `Bearer <test key>`, for v2. */
  bearer: string;
  /** `Basic :<test key>`, for v1 (a partner has no publishable key: the user name is empty). */
  basic: string;
}

export async function makePartner(
  models: Models,
  { name = 'Test Platform', revenueShareBps }: { name?: string; revenueShareBps?: number } = {},
): Promise<TestPartner> {
  const uow = createUnitOfWork(models.Merchant.sequelize!);
  return uow.transaction(async (transaction) => {
    const context = { models, clock: systemClock, transaction, requestId: null };
    const partner = await createPartner(context, { name, ...(revenueShareBps !== undefined ? { revenueShareBps } : {}) });
    const test = await issuePartnerKey(context, { partnerId: partner.id }, { livemode: false });
    const live = await issuePartnerKey(context, { partnerId: partner.id }, { livemode: true });
    return {
      id: partner.id,
      secretKey: test.token,
      liveSecretKey: live.token,
      bearer: `Bearer ${test.token}`,
      basic: `Basic ${Buffer.from(`:${test.token}`).toString('base64')}`,
    };
  });
}

/** How the partner authenticates with a version: v1's Basic with an empty user name, or v2's bearer. */
export function partnerAuthFor(partner: TestPartner, version: string): string {
  return version === 'v1' ? partner.basic : partner.bearer;
}
