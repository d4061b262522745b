import type { operations } from '../../../generated/v2/client.js';
import { createOnboardingLink as create } from '../../domain/onboarding-links.js';
import type { Handler } from '../../http/operation-types.js';
import { onboardingPageUrl } from '../../pay/page-url.js';
import { partnerOwner, writeContext } from '../contexts.js';

/** Create an onboarding link: the hosted page, once, for an hour. */
export const createOnboardingLink: Handler<operations['createOnboardingLink']> = async (context) => {
  const { body, params, services } = context;
  const owner = partnerOwner(context);
  const { link, token } = await create(writeContext(context), owner, {
    merchantId: params.merchantId,
    returnUrl: body.return_url,
    refreshUrl: body.refresh_url,
  });
  return {
    status: 201,
    body: {
      object: 'onboarding_link',
      url: onboardingPageUrl(services.config.publicBaseUrl, token),
      merchant: link.merchantId,
      livemode: link.livemode,
      created: link.createdAt.toISOString(),
      expires_at: link.expiresAt.toISOString(),
      return_url: link.returnUrl,
      refresh_url: link.refreshUrl,
    },
  };
};
