// Where a checkout's hosted page lives: the API's `redirect_url` and the page's own redirects
// name the same address.
export function payPageUrl(publicBaseUrl: string, checkoutId: string): string {
  return `${publicBaseUrl}/pay/${checkoutId}`;
}

/** The hosted onboarding page of a link's token (an onboarding link's `url`). */
export function onboardingPageUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/onboard/${token}`;
}
