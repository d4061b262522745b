#!/usr/bin/env bash
# Quickstart with curl: one sandbox loan from checkout to capture, and its webhook.
# With `npm start` running in another terminal:
#   source data/sandbox.env && bash examples/quickstart.sh
# Needs curl and node (to read fields of the JSON answers).
set -euo pipefail
API="${EVENPAY_API_BASE:-http://localhost:3000}/v2"
AUTH="Authorization: Bearer ${EVENPAY_SECRET_KEY:?source data/sandbox.env first}"
field() { node -pe "JSON.parse(require('fs').readFileSync(0, 'utf8')).$1"; }

# 1. Somewhere for webhooks to arrive: this listens on 127.0.0.1:4242 (WEBHOOK_RECEIVER_PORT)
#    and prints the delivery it gets (verify the signature in your server: see the SDK version).
PORT_HOOKS="${WEBHOOK_RECEIVER_PORT:-4242}"
node -e '
  const server = require("node:http").createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c)).on("end", () => {
      const event = JSON.parse(body);
      console.log(`webhook: ${event.type} for ${event.data.object.id}, Evenpay-Signature ${req.headers["evenpay-signature"]}`);
      res.end();
      server.close();
    });
  }).listen(Number(process.argv[1]), "127.0.0.1");
' "$PORT_HOOKS" &
RECEIVER=$!
ENDPOINT=$(curl -sf "$API/webhook-endpoints" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"url\": \"http://localhost:$PORT_HOOKS/hooks\", \"enabled_events\": [\"transaction.captured\"]}")
echo "endpoint $(echo "$ENDPOINT" | field id), signing secret $(echo "$ENDPOINT" | field secret)"

# 2. The shop creates a checkout for an $800.00 bike; the consumer goes to its redirect_url.
CHECKOUT=$(curl -sf "$API/checkouts" -H "$AUTH" -H "Content-Type: application/json" \
  -H "Idempotency-Key: quickstart-checkout-$$-$RANDOM" \
  -d '{"order_id": "ORD-QUICKSTART", "currency": "USD",
       "items": [{"sku": "BIKE-CITY", "name": "City bike", "unit_price": 80000, "quantity": 1}],
       "total_amount": 80000,
       "customer": {"email": "sam@example.com", "first_name": "Sam", "last_name": "Lee"},
       "confirm_url": "https://shop.example.com/evenpay/confirm",
       "cancel_url": "https://shop.example.com/cart"}' | field id)
echo "checkout $CHECKOUT"

# 3. Sandbox only: play the consumer, who picks 12 months and is approved.
curl -sf "$API/sandbox/checkouts/$CHECKOUT/confirm" -H "$AUTH" -H "Content-Type: application/json" \
  -d '{"plan_id": "monthly_12"}' | field status

# 4. Authorize the loan from the confirmed checkout.
TXN=$(curl -sf "$API/transactions" -H "$AUTH" -H "Content-Type: application/json" \
  -d "{\"checkout_id\": \"$CHECKOUT\"}" | field id)
echo "transaction $TXN"

# 5. Capture when the order ships; the Idempotency-Key makes a retry safe.
curl -sf "$API/transactions/$TXN/capture" -H "$AUTH" -H "Content-Type: application/json" \
  -H "Idempotency-Key: quickstart-capture-$TXN" -d '{"amount": 80000}' | field status

# 6. The transaction.captured webhook arrives at the receiver (within a second or two).
wait "$RECEIVER"
curl -sf -X DELETE "$API/webhook-endpoints/$(echo "$ENDPOINT" | field id)" -H "$AUTH" > /dev/null
