// Quickstart: one sandbox loan from checkout to capture, and the webhook that tells your server.
// With `npm start` running in another terminal:
//   source data/sandbox.env && npx tsx examples/quickstart.ts
// In your own project: npm install evenpay (the packed SDK), then the same code with
// EVENPAY_SECRET_KEY and EVENPAY_API_BASE set. It runs as CommonJS or as an ES module.
import { createServer } from 'node:http';
import { constructEvent, createEvenpayClient, type EvenpayEvent } from 'evenpay/v2';

const evenpay = createEvenpayClient({
  apiKey: process.env.EVENPAY_SECRET_KEY ?? '',
  baseUrl: `${process.env.EVENPAY_API_BASE ?? 'http://localhost:3000'}/v2`,
});

async function main(): Promise<void> {
  // 1. Somewhere for webhooks to arrive: a local server (sandbox endpoints may be on localhost).
  let secret = '';
  let resolveCaptured: (event: EvenpayEvent) => void = () => undefined;
  const captured = new Promise<EvenpayEvent>((resolve) => {
    resolveCaptured = resolve;
  });
  const receiver = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    // Verify the signature on the raw body, then trust the event.
    const event = constructEvent(body, request.headers['evenpay-signature']?.toString(), secret);
    response.writeHead(200).end();
    if (event.type === 'transaction.captured') resolveCaptured(event);
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const endpoint = await evenpay.webhookEndpoints.create({ url: `http://localhost:${port}/hooks`, enabled_events: ['transaction.captured'] });
  secret = endpoint.secret ?? '';

  // 2. The shop creates a checkout for an $800.00 bike and sends the consumer to its redirect_url.
  const checkout = await evenpay.checkouts.create({
    order_id: `ORD-${Date.now()}`,
    currency: 'USD',
    items: [{ sku: 'BIKE-CITY', name: 'City bike', unit_price: 80000, quantity: 1 }],
    total_amount: 80000,
    customer: { email: 'sam@example.com', first_name: 'Sam', last_name: 'Lee' },
    confirm_url: 'https://shop.example.com/evenpay/confirm',
    cancel_url: 'https://shop.example.com/cart',
  });
  console.log(`1. checkout ${checkout.id}: the consumer would go to ${checkout.redirect_url}`);

  // 3. Sandbox only: play the consumer, who picks 12 months and is approved.
  const confirmed = await evenpay.sandbox.checkouts.confirm(checkout.id, { plan_id: 'monthly_12' });
  console.log(`2. consumer confirmed: ${confirmed.status}`);

  // 4. Back on the shop's server: authorize the loan from the confirmed checkout.
  const transaction = await evenpay.transactions.create({ checkout_id: checkout.id });
  console.log(`3. transaction ${transaction.id}: ${transaction.status}, ${transaction.capturable_amount} capturable`);

  // 5. Capture when the order ships (the SDK sends an Idempotency-Key, so a retry never captures twice).
  const afterCapture = await evenpay.transactions.capture(transaction.id, { amount: 80000 });
  console.log(`4. captured ${afterCapture.captured_amount} ${afterCapture.currency}: ${afterCapture.status}`);

  // 6. The webhook: a signed transaction.captured event, verified and typed.
  const event = await captured;
  if (event.type === 'transaction.captured') {
    console.log(`5. webhook ${event.type} for ${event.data.object.id}: ${event.data.amount} captured`);
  }

  await evenpay.webhookEndpoints.delete(endpoint.id);
  receiver.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
