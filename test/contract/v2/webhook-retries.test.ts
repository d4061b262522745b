// Webhook retries: a failed attempt (an HTTP error, a refused connection, a timeout, even an
// answer trickled forever) is retried with growing waits for up to 3 days after the event; then
// the delivery fails and the endpoint is disabled. At most 64 KB of an answer is read. On a
// database of its own (helpers/webhooks.ts).
import { describe, expect, it } from 'vitest';
import { type Answer, DAY_MS, HOUR_MS, iso, ok, SECOND_MS, type WebhookDelivery, webhookSuite } from '../../helpers/webhooks.js';

const {
  clock,
  cleanups,
  newMerchant,
  endpointFor,
  listEndpoints,
  onlyDeliveryOf,
  deliveryRows,
  endpointRow,
  cancelEvent,
  runOnce,
  redeliver,
  Receiver,
  verify,
  dispatcherWith,
} = webhookSuite('webhook_retries');

const statusAnswer =
  (status: number): Answer =>
  (res) => {
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`status ${status}`);
  };

describe('retries', () => {
  /** Advances the clock to just after the delivery's next attempt is due. */
  const toNextAttempt = (delivery: WebhookDelivery): void => {
    clock.set(new Date(Date.parse(delivery.next_attempt_at!) + 1));
  };

  it('retries on schedule until the endpoint answers: HTTP 503, then connection refused, then 200', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start(statusAnswer(503));
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);

    const first = clock.now().getTime();
    await runOnce();
    let delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery).toMatchObject({ status: 'pending', attempt_count: 1 });
    expect(delivery.attempts).toEqual([{ number: 1, started_at: iso(first), response_status: 503, latency_ms: expect.any(Number), error: 'HTTP 503' }]);
    const due = Date.parse(delivery.next_attempt_at!);
    expect(due - first).toBeGreaterThanOrEqual(24 * SECOND_MS);
    expect(due - first).toBeLessThanOrEqual(36 * SECOND_MS);

    // Not yet due: nothing is sent.
    clock.set(new Date(due - 1));
    await runOnce();
    expect(receiver.received).toHaveLength(1);
    expect((await onlyDeliveryOf(owner, endpoint.id)).attempt_count).toBe(1);

    toNextAttempt(delivery);
    const second = clock.now().getTime();
    await runOnce();
    expect(receiver.received.map((r) => r.headers['evenpay-attempt'])).toEqual(['1', '2']);
    expect(new Set(receiver.received.map((r) => r.headers['evenpay-delivery-id'])).size).toBe(1);
    delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.attempts.map((a) => [a.number, a.response_status, a.error])).toEqual([
      [1, 503, 'HTTP 503'],
      [2, 503, 'HTTP 503'],
    ]);
    const secondWait = Date.parse(delivery.next_attempt_at!) - second;
    expect(secondWait).toBeGreaterThanOrEqual(72 * SECOND_MS);
    expect(secondWait).toBeLessThanOrEqual(108 * SECOND_MS);

    // Down entirely.
    await receiver.close();
    toNextAttempt(delivery);
    const third = clock.now().getTime();
    await runOnce();
    delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('pending');
    expect(delivery.attempts[2]).toMatchObject({ number: 3, response_status: null, error: expect.stringMatching(/^ECONNREFUSED: /) });
    const thirdWait = Date.parse(delivery.next_attempt_at!) - third;
    expect(thirdWait).toBeGreaterThanOrEqual(216 * SECOND_MS);
    expect(thirdWait).toBeLessThanOrEqual(324 * SECOND_MS);

    // Back, and answering.
    receiver.answer = ok;
    await receiver.listen(receiver.port);
    toNextAttempt(delivery);
    const fourth = clock.now().getTime();
    await runOnce();
    delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 4, next_attempt_at: null });
    expect(delivery.attempts.map((a) => [a.number, a.started_at, a.response_status, a.error])).toEqual([
      [1, iso(first), 503, 'HTTP 503'],
      [2, iso(second), 503, 'HTTP 503'],
      [3, iso(third), null, expect.stringMatching(/^ECONNREFUSED/)],
      [4, iso(fourth), 200, null],
    ]);
    expect(receiver.received.map((r) => r.headers['evenpay-attempt'])).toEqual(['1', '2', '4']);
    // Every attempt is signed afresh, at its own time.
    expect(verify(receiver.received[2]!, endpoint.secret)).toBe(Math.floor(fourth / 1000));
    expect((await endpointRow(endpoint.id)).failingSince).toBeNull();
  });

  it('gives up after 3 days of failures: the delivery fails and the endpoint is disabled', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start(statusAnswer(500));
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    const event = await cancelEvent(owner);
    const created = clock.now().getTime();

    await runOnce();
    for (let round = 0; round < 10; round++) {
      clock.advance(25 * HOUR_MS);
      await runOnce();
      if ((await onlyDeliveryOf(owner, endpoint.id)).status !== 'pending') break;
    }
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.next_attempt_at).toBeNull();
    expect(delivery.attempts.map((a) => Date.parse(a.started_at) - created)).toEqual([0, 25 * HOUR_MS, 50 * HOUR_MS, 75 * HOUR_MS]);
    expect(delivery.attempts.every((a) => a.response_status === 500 && a.error === 'HTTP 500')).toBe(true);
    expect(receiver.received).toHaveLength(4);

    expect((await listEndpoints(owner)).data.map((e) => [e.id, e.status])).toEqual([[endpoint.id, 'disabled']]);
    // Nothing more is tried, and a disabled endpoint gets no new events...
    clock.advance(DAY_MS);
    await runOnce();
    expect(receiver.received).toHaveLength(4);
    await cancelEvent(owner);
    expect(await deliveryRows(endpoint.id)).toHaveLength(1);
    // ...unless the merchant asks for one explicitly.
    const res = await redeliver(owner, event.id, { webhook_endpoint_id: endpoint.id });
    expect(res.status).toBe(202);
    expect(res.body.data).toHaveLength(1);
  });

  it('on its own schedule, retries with growing waits for up to 3 days after the event, then fails the delivery', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start(statusAnswer(502));
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const created = clock.now().getTime();

    await runOnce();
    let delivery = await onlyDeliveryOf(owner, endpoint.id);
    for (let round = 0; round < 40 && delivery.status === 'pending'; round++) {
      toNextAttempt(delivery);
      await runOnce();
      delivery = await onlyDeliveryOf(owner, endpoint.id);
    }
    expect(delivery.status).toBe('failed');
    const starts = delivery.attempts.map((a) => Date.parse(a.started_at));
    expect(starts[0]).toBe(created);
    const waits = starts.slice(1).map((at, i) => at - starts[i]!);
    waits.forEach((wait, i) => {
      const base = Math.min(6 * HOUR_MS, 30 * SECOND_MS * 3 ** i);
      expect(wait).toBeGreaterThanOrEqual(base * 0.8);
      expect(wait).toBeLessThanOrEqual(base * 1.2 + 1);
    });
    expect(starts.at(-1)! - created).toBeLessThanOrEqual(3 * DAY_MS);
    expect(starts.at(-1)! - created).toBeGreaterThan(3 * DAY_MS - 1.2 * 6 * HOUR_MS - 1);
    expect(delivery.attempts.length).toBeGreaterThanOrEqual(15);
    expect(receiver.received).toHaveLength(delivery.attempts.length);
  });

  it('records a timeout when the endpoint never answers', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start(() => {
      /* never answers */
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const started = Date.now();
    await dispatcherWith({ timeoutMs: 200 }).runOnce();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(receiver.received).toHaveLength(1);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('pending');
    expect(delivery.attempts).toEqual([
      { number: 1, started_at: iso(clock.now()), response_status: null, latency_ms: expect.any(Number), error: 'timed out after 200 ms' },
    ]);
    expect(delivery.attempts[0]!.latency_ms).toBeGreaterThanOrEqual(190);
  });

  it('bounds the whole attempt by the timeout, even when the endpoint trickles its answer', async () => {
    const owner = await newMerchant();
    const timers = new Set<NodeJS.Timeout>();
    cleanups.push(async () => {
      for (const timer of timers) clearInterval(timer);
    });
    // Headers at once, then a byte every 50 ms, forever: never idle long enough for a socket timeout.
    const receiver = await Receiver.start((res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const started = Date.now();
    const round = dispatcherWith({ timeoutMs: 200 }).runOnce();
    const outcome = await Promise.race([round.then(() => 'done'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(outcome).toBe('done');
    expect(Date.now() - started).toBeLessThan(5_000);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ response_status: 200, error: 'timed out after 200 ms' });
    expect(delivery.attempts[0]!.latency_ms).toBeLessThan(2_000);
    expect(delivery.status).toBe('pending');
  });

  it('reads at most 64 KB of an answer: a huge response body still records the attempt, without hanging', async () => {
    const owner = await newMerchant();
    let written = 0;
    // 200, then 16 KB chunks for as long as the client reads.
    const receiver = await Receiver.start((res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      let open = true;
      res.on('close', () => {
        open = false;
      });
      const pump = () => {
        while (open && written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (open) res.end();
      };
      pump();
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const started = Date.now();
    await runOnce();
    expect(Date.now() - started).toBeLessThan(5_000);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts).toEqual([{ number: 1, started_at: iso(clock.now()), response_status: 200, latency_ms: expect.any(Number), error: null }]);
    expect(written).toBeGreaterThan(64 * 1024);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});
