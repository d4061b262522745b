// The version of /js/evenpay.js. Each release is served for good at /js/evenpay-<version>.js
// (immutable, for Subresource Integrity); /js/evenpay.js is the newest 1.x. A change a page
// could notice (an attribute, a part, a custom property removed or changed) is a new major,
// served at a new path, never under /js/evenpay.js.
export const VERSION = '1.0.0';
