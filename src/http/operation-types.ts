// The types that tie a handler to its operation in the generated schema: parameters, body and
// every documented success response come from openapi-typescript, so a handler that returns a
// field the spec does not have, or forgets one it requires, fails to compile.

import type { Readable } from 'node:stream';
import type { Sequelize, Transaction } from 'sequelize';
import type { Config } from '../config.js';
import type { DeprecationUsage } from '../data/deprecation-usage.js';
import type { Models } from '../data/models/index.js';
import type { Presence } from '../data/presence.js';
import type { UnitOfWork } from '../data/unit-of-work.js';
import type { DeprecatedOperation } from '../domain/deprecations.js';
import type { MerchantProfiles } from '../domain/merchants.js';
import type { Clock } from '../kernel/clock.js';
import type { AuthContext, Caller } from './auth.js';
import type { IdempotencyStore } from './idempotency.js';
import type { Metrics } from './metrics.js';

export interface Services {
  config: Config;
  sequelize: Sequelize;
  models: Models;
  uow: UnitOfWork;
  clock: Clock;
  /** Which service processes sharing the database are alive (claims of dead ones are taken over). */
  presence: Presence;
  idempotency: IdempotencyStore;
  /** Merchants' currencies and plan terms, cached (config.cacheTtlMs). */
  merchantProfiles: MerchantProfiles;
  /** Deprecated operations of every version, from the bundled specs. */
  deprecations: DeprecatedOperation[];
  deprecationUsage: DeprecationUsage;
  metrics: Metrics;
}

type SuccessStatus = 200 | 201 | 202;
type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type ParametersOf<O, In extends 'path' | 'query' | 'header'> = O extends { parameters: infer P }
  ? P extends { [K in In]?: infer X }
    ? [X] extends [never] | [undefined]
      ? Record<string, never>
      : NonNullable<X>
    : Record<string, never>
  : Record<string, never>;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : O extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B | undefined
    : undefined;

export type OperationResult<O> = {
  [S in keyof ResponsesOf<O> & SuccessStatus]: {
    status: S;
    body: JsonOf<ResponsesOf<O>[S]>;
    headers?: Record<string, string>;
  };
}[keyof ResponsesOf<O> & SuccessStatus];

/**
 * An answer written as it is read, for an operation whose 200 documents a media type besides
 * JSON: a settlement report of any size (`text/csv`, or JSON written line by line), a dispute
 * document's bytes (`application/pdf`…). The dispatcher pipes `stream` to the client. Response
 * validation cannot hold a stream: its tests check it against the spec instead.
 */
export interface StreamedResult<Media extends string = string> {
  status: 200;
  contentType: Media;
  stream: Readable;
  headers?: Record<string, string>;
}

type MediaOf<O> = ResponsesOf<O> extends { 200: { content: infer C } } ? keyof C & string : never;
type StreamOf<O> = [Exclude<MediaOf<O>, 'application/json'>] extends [never] ? never : StreamedResult<MediaOf<O>>;

export interface OperationContext<O> {
  params: ParametersOf<O, 'path'>;
  query: ParametersOf<O, 'query'>;
  /** The header parameters the operation declares, by their declared names (absent when not sent). */
  headers: Partial<ParametersOf<O, 'header'>>;
  body: BodyOf<O>;
  /** The merchant the operation acts for (merchant operations only; see http/acting-merchant.ts). */
  auth: AuthContext;
  /** The same, or undefined on an operation a partner may run for itself (`x-partner-scope`) when it names no merchant. */
  acting: AuthContext | undefined;
  /** Whose key the request came with: a merchant's, or a partner's. */
  caller: Caller;
  requestId: string;
  services: Services;
  /** The database transaction a POST runs in; its idempotency record commits with it. */
  transaction: Transaction | undefined;
  /** Content negotiation: the first of `types` the request's Accept header takes (the first when it sends none), or false. */
  accepts(types: string[]): string | false;
}

export type Handler<O> = (context: OperationContext<O>) => Promise<OperationResult<O> | StreamOf<O>>;

/**
 * Marks a POST that computes an answer and writes nothing (a plan quote): it runs without a
 * database transaction — on SQLite a transaction would queue it behind every write. Its
 * `context.transaction` is undefined; an Idempotency-Key still stores and replays its answer.
 */
export function computation<O>(handler: Handler<O>): Handler<O> {
  return Object.assign(handler, { [COMPUTATION]: true });
}

const COMPUTATION = Symbol('computation');
const SETTLE_MS = Symbol('settle');

/**
 * Marks a POST whose change other replicas must have seen before it is answered (a revoked key):
 * the answer waits `ms` after the commit — a replay of it too, which may come sooner.
 */
export function settles<O>(ms: number, handler: Handler<O>): Handler<O> {
  return Object.assign(handler, { [SETTLE_MS]: ms });
}

/** How long the operation's answer waits after its commit (0: not at all). */
export function settleMsOf(handler: unknown): number {
  return typeof handler === 'function' && SETTLE_MS in handler ? (handler as unknown as Record<symbol, number>)[SETTLE_MS]! : 0;
}

export function isComputation(handler: unknown): boolean {
  return typeof handler === 'function' && COMPUTATION in handler;
}

/** One handler per operationId of a version: a missing or misspelled one is a compile error. */
export type HandlerRegistry<Operations> = { [K in keyof Operations]: Handler<Operations[K]> };
