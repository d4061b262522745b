// A valid create-checkout body; override any field.
import type { components } from '../../generated/v2/client.js';

export type CreateCheckoutBody = components['schemas']['CreateCheckoutRequest'];

export function checkoutBody(overrides: Partial<CreateCheckoutBody> = {}): CreateCheckoutBody {
  return {
    order_id: `ORD-${Math.random().toString(36).slice(2, 10)}`,
    currency: 'USD',
    items: [
      { sku: 'SHOE-RUN-42', name: 'Trail running shoes', unit_price: 11_000, quantity: 1 },
      { sku: 'SOCK-3PK', name: 'Running socks, 3 pack', unit_price: 1_500, quantity: 2 },
    ],
    shipping_amount: 500,
    tax_amount: 1_000,
    discount_amount: 0,
    total_amount: 15_500,
    customer: { email: 'jane.doe@example.com', first_name: 'Jane', last_name: 'Doe' },
    confirm_url: 'https://shop.example.com/evenpay/confirm',
    cancel_url: 'https://shop.example.com/cart',
    metadata: { cart_id: 'cart_9912' },
    ...overrides,
  };
}
