// A merchant's server-side integration with the Evenpay SDK, against the sandbox `npm start`
// serves. Run it with the keys printed on first start:
//   source data/sandbox.env && npm run example
import { createEvenpayClient, EvenpayError } from 'evenpay/v2';

const apiKey = process.env.EVENPAY_SECRET_KEY;
if (!apiKey) {
  console.error('Set EVENPAY_SECRET_KEY (run `source data/sandbox.env` after the first `npm start`).');
  process.exit(1);
}
// data/sandbox.env sets EVENPAY_API_BASE; without it, `npm start` on this machine.
const apiBase = process.env.EVENPAY_API_BASE ?? `http://localhost:${process.env.PORT ?? 3000}`;
const evenpay = createEvenpayClient({ apiKey, baseUrl: `${apiBase}/v2`, appInfo: 'example-shop/1.0' });

// 1. Show the shopper what they would pay.
const quote = await evenpay.planQuotes.create({ amount: 80_000, currency: 'USD' });
for (const plan of quote.plans)
  console.log(`${plan.plan_id.padEnd(10)} ${plan.installment_count} × ${plan.installment_amount} cents, APR ${plan.apr_bps / 100} %`);

// 2. Create the checkout server-side and send the shopper to its redirect_url.
const checkout = await evenpay.checkouts.create({
  order_id: `ORD-${Date.now()}`,
  currency: 'USD',
  items: [{ sku: 'BIKE-CITY', name: 'City bike', unit_price: 80_000, quantity: 1 }],
  total_amount: 80_000,
  customer: { email: 'sam@example.com', first_name: 'Sam', last_name: 'Lee' },
  confirm_url: 'https://shop.example.com/evenpay/confirm',
  cancel_url: 'https://shop.example.com/cart',
});
console.log(`checkout ${checkout.id}: send the shopper to ${checkout.redirect_url}`);

// 3. Sandbox only: play the shopper choosing 12 months.
await evenpay.sandbox.checkouts.confirm(checkout.id, { plan_id: 'monthly_12' });

// 4. Authorize, then capture as the order ships. The SDK sends an Idempotency-Key and retries safely.
const authorized = await evenpay.transactions.create({ checkout_id: checkout.id });
await evenpay.transactions.capture(authorized.id, { amount: 50_000 });
const captured = await evenpay.transactions.capture(authorized.id);
console.log(`transaction ${captured.id}: ${captured.status}, captured ${captured.captured_amount}`);

// 5. A refund shrinks what the shopper owes.
const refunded = await evenpay.transactions.refund(captured.id, { amount: 20_000, reason: 'returned_goods' });
console.log(`after refund the shopper owes ${refunded.schedule.amount_owed} over ${refunded.schedule.disclosure.installments.length} payments`);

// 6. Business rules come back as typed errors with a stable code.
try {
  await evenpay.transactions.refund(captured.id, { amount: 1_000_000 });
} catch (error) {
  if (error instanceof EvenpayError) console.log(`refused as expected: ${error.code} (${error.errors[0]?.pointer}), request ${error.requestId}`);
  else throw error;
}

// 7. Every change is an event; iterating a list walks every page.
let events = 0;
for await (const event of evenpay.events.list({ limit: 100 })) if (event.data.object.id === captured.id) events += 1;
console.log(`${events} events for ${captured.id}`);
