// A webhook receiver for trying deliveries locally: verifies each delivery's signature with the
// SDK and prints the event. Answers 400 to a delivery whose signature does not hold.
//   WEBHOOK_SECRET=whsec_… npm run webhook-receiver      (listens on 127.0.0.1:4242)
import { createServer } from 'node:http';
import { verifyWebhookSignature, WebhookSignatureError } from '../src/sdk/v2.js';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error('Set WEBHOOK_SECRET to the secret shown when you created the endpoint.');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 4242);

createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  try {
    verifyWebhookSignature(raw, req.headers['evenpay-signature'] as string | undefined, secret);
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    console.log(`refused a delivery: ${error.message}`);
    res.writeHead(400).end();
    return;
  }
  const event = JSON.parse(raw) as { id: string; type: string; data: { object: { id: string; status?: string } } };
  console.log(`verified ${event.type} ${event.id} for ${event.data.object.id} (${event.data.object.status ?? ''}), attempt ${req.headers['evenpay-attempt']}`);
  res.writeHead(200).end('ok');
}).listen(port, '127.0.0.1', () => console.log(`webhook receiver on http://127.0.0.1:${port}/hooks`));
