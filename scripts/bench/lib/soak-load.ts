// The soak's load generator: runs the mix (soak-mix.ts) against the service over keep-alive
// node:http connections, closed-loop (n workers back to back: the ramp that finds the maximum) or
// open-loop at a fixed rate (the soak itself). Not autocannon: the loans' steps need the ids of
// earlier answers, each operation has its own expected status and latency, and the generator must
// count what it created (bench/README.md, "Soak").
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  advance,
  cycleOf,
  FLOW_ORDER,
  isDone,
  type Loan,
  loanRequest,
  PLANS,
  SOAK_OPERATIONS,
  type SoakOperation,
  type SoakRequest,
  standaloneRequest,
} from './soak-mix.js';

/** What one phase (warm-up, a ramp step, the soak) saw of one operation. */
export interface OperationTally {
  count: number;
  errors: number;
  /** Answers by status (or connection error code), the expected ones included. */
  statusCodes: Record<string, number>;
  latenciesMs: number[];
  /** The first few unexpected answers, status and body (a problem+json says why). */
  samples: string[];
}

export interface PhaseTally {
  operations: Record<SoakOperation, OperationTally>;
  completed: number;
  seconds: number;
  /** Open loop: requests issued, and the most in flight at once. */
  issued: number;
  maxInFlight: number;
}

/** A request's answer: its status (0 when there was none) and, when asked for, its JSON body. */
interface Answer {
  status: number;
  code: string;
  body: Record<string, unknown>;
  text: string;
}

const REQUEST_TIMEOUT_MS = 30_000;
/** Reads pick an id among the last ones made (a shop reads recent orders). */
const RECENT_IDS = 1_000;
/** Unexpected answers kept per operation and phase, and how much of each body. */
const SAMPLES = 3;
const SAMPLE_CHARS = 600;

function newPhase(): PhaseTally {
  const operations = Object.fromEntries(
    SOAK_OPERATIONS.map((operation) => [operation, { count: 0, errors: 0, statusCodes: {}, latenciesMs: [], samples: [] }]),
  ) as unknown as Record<SoakOperation, OperationTally>;
  return { operations, completed: 0, seconds: 0, issued: 0, maxInFlight: 0 };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SoakLoad {
  /** Successful operations over the whole run, every phase: what the database must show. */
  readonly succeeded: Record<SoakOperation, number> = Object.fromEntries(SOAK_OPERATIONS.map((op) => [op, 0])) as Record<SoakOperation, number>;
  /** Σ of the money the successful captures and refunds moved (+ captured, − refunded). */
  balanceMoved = 0;

  private readonly agent: http.Agent;
  private readonly url: URL;
  private readonly cycle = cycleOf();
  private slot = 0;
  private loansStarted = 0;
  /** Loans whose previous step succeeded, waiting for their next one. */
  private readonly ready: Loan[] = [];
  private readonly checkoutIds: string[];
  private readonly transactionIds: string[];
  private phase = newPhase();

  constructor(
    baseUrl: string,
    private readonly bearer: string,
    seed: { checkoutId: string; transactionId: string },
    maxSockets: number,
  ) {
    this.url = new URL(baseUrl);
    // `timeout` is what makes the agent honour the server's `Keep-Alive: timeout=5` and drop an
    // idle socket a second before the server does: without one, Node's agent ignores the hint,
    // keeps idle sockets for ever and now and then writes a request onto a socket the server is
    // closing (seen: 7 ECONNRESET in a 300 s soak, none of them reaching the service).
    this.agent = new http.Agent({ keepAlive: true, maxSockets, timeout: REQUEST_TIMEOUT_MS });
    this.checkoutIds = [seed.checkoutId];
    this.transactionIds = [seed.transactionId];
  }

  close(): void {
    this.agent.destroy();
  }

  /** n workers, each sending the mix's next request as soon as its last one is answered. */
  async closedLoop(connections: number, seconds: number): Promise<PhaseTally> {
    const phase = this.startPhase();
    const start = performance.now();
    const end = start + seconds * 1000;
    const worker = async () => {
      while (performance.now() < end) await this.issue(performance.now());
    };
    await Promise.all(Array.from({ length: connections }, worker));
    phase.seconds = (performance.now() - start) / 1000;
    return phase;
  }

  /**
   * `rate` requests a second for `seconds`, each started on its schedule whatever the ones before
   * it are doing, then waits for the last answers. Latency counts from the scheduled start, so a
   * request that waited for a free connection (or for this process) is not reported as fast.
   */
  async openLoop(rate: number, seconds: number): Promise<PhaseTally> {
    const phase = this.startPhase();
    const inFlight = new Set<Promise<void>>();
    const start = performance.now();
    const total = Math.floor(rate * seconds);
    while (phase.issued < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; phase.issued < due; phase.issued++) {
        const request = this.issue(start + (phase.issued / rate) * 1000).finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      phase.maxInFlight = Math.max(phase.maxInFlight, inFlight.size);
      await sleep(2);
    }
    await Promise.all(inFlight);
    phase.seconds = (performance.now() - start) / 1000;
    return phase;
  }

  private startPhase(): PhaseTally {
    this.phase = newPhase();
    return this.phase;
  }

  /** The mix's next request (and the loan it is a step of). */
  private next(): { request: SoakRequest; loan?: Loan } {
    const slot = this.cycle[this.slot++ % this.cycle.length]!;
    if (slot !== 'flow') {
      const pick = (ids: string[]) => ids[Math.floor(Math.random() * ids.length)]!;
      return { request: standaloneRequest(slot, { checkoutId: pick(this.checkoutIds), transactionId: pick(this.transactionIds) }) };
    }
    const loan = this.ready.shift() ?? this.newLoan();
    return { request: loanRequest(loan), loan };
  }

  private newLoan(): Loan {
    const n = this.loansStarted++;
    return { kind: FLOW_ORDER[n % FLOW_ORDER.length]!, step: 0, plan: PLANS[n % PLANS.length]!, captured: 0, refunded: 0 };
  }

  private async issue(startedAt: number): Promise<void> {
    const phase = this.phase;
    const { request, loan } = this.next();
    const answer = await this.send(request, loan !== undefined, request.expectedStatus);
    const tally = phase.operations[request.operation];
    tally.count += 1;
    tally.latenciesMs.push(performance.now() - startedAt);
    tally.statusCodes[answer.code] = (tally.statusCodes[answer.code] ?? 0) + 1;
    phase.completed += 1;
    if (answer.status !== request.expectedStatus) {
      // The loan stops here: its next step would only fail for this one's sake.
      tally.errors += 1;
      if (tally.samples.length < SAMPLES) tally.samples.push(`${answer.code} ${request.method} ${request.path}: ${answer.text.slice(0, SAMPLE_CHARS)}`);
      return;
    }
    this.succeeded[request.operation] += 1;
    if (!loan) return;
    this.balanceMoved += advance(loan, request.operation, answer.body);
    if (request.operation === 'createCheckout') remember(this.checkoutIds, loan.checkoutId!);
    if (request.operation === 'createTransaction') remember(this.transactionIds, loan.transactionId!);
    if (!isDone(loan)) this.ready.push(loan);
  }

  /** The body is read when the caller wants it, or when the status is not `expectedStatus` (to say why). */
  private send(request: SoakRequest, wantBody: boolean, expectedStatus: number): Promise<Answer> {
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers: http.OutgoingHttpHeaders = { authorization: this.bearer };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    return new Promise((resolve) => {
      const req = http.request(
        { host: this.url.hostname, port: this.url.port, path: request.path, method: request.method, headers, agent: this.agent },
        (res) => {
          const status = res.statusCode ?? 0;
          const keep = wantBody || status !== expectedStatus;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            if (keep) chunks.push(chunk);
          });
          res.on('end', () => {
            const text = keep ? Buffer.concat(chunks).toString('utf8') : '';
            let body: Record<string, unknown> = {};
            if (wantBody) {
              try {
                body = JSON.parse(text) as Record<string, unknown>;
              } catch {
                body = {};
              }
            }
            resolve({ status, code: String(status), body, text });
          });
          res.on('error', (err: NodeJS.ErrnoException) => resolve({ status: 0, code: err.code ?? 'response error', body: {}, text: err.message }));
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
      req.on('error', (err: NodeJS.ErrnoException) => resolve({ status: 0, code: err.code ?? 'request error', body: {}, text: err.message }));
      req.end(payload);
    });
  }
}

function remember(ids: string[], id: string): void {
  ids.push(id);
  if (ids.length > RECENT_IDS) ids.shift();
}
