// A webhook receiver for trying deliveries locally: verifies each delivery's signature with the
// SDK and prints the event. Answers 400 to a delivery whose signature does not hold.
//   EVENPAY_WEBHOOK_SECRET=whsec_… npm run webhook-receiver   (127.0.0.1:4242, or WEBHOOK_RECEIVER_PORT)
import { createServer } from 'node:http';
import { constructEvent, type EvenpayEvent, WebhookSignatureError } from 'evenpay/v2';

const secret = process.env.EVENPAY_WEBHOOK_SECRET;
if (!secret) {
  console.error('Set EVENPAY_WEBHOOK_SECRET to the secret shown when you created the endpoint.');
  process.exit(1);
}
// Not PORT: that is the API's, and a shell that set it for `npm start` would start both on one port.
const port = Number(process.env.WEBHOOK_RECEIVER_PORT ?? 4242);

createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  let event: EvenpayEvent;
  try {
    event = constructEvent(raw, req.headers['evenpay-signature']?.toString(), secret);
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    console.log(`refused a delivery: ${error.message}`);
    res.writeHead(400).end();
    return;
  }
  console.log(`verified ${event.type} ${event.id} for ${event.data.object.id} (${event.data.object.status ?? ''}), attempt ${req.headers['evenpay-attempt']}`);
  res.writeHead(200).end('ok');
}).listen(port, '127.0.0.1', () => console.log(`webhook receiver on http://127.0.0.1:${port}/hooks`));
