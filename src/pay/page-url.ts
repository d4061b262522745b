// Where a checkout's hosted page lives: the API's `redirect_url` and the page's own redirects
// name the same address.
export function payPageUrl(publicBaseUrl: string, checkoutId: string): string {
  return `${publicBaseUrl}/pay/${checkoutId}`;
}
