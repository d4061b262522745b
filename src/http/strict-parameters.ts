// Integer query parameters taken as strictly as bodies are: the validator parses query strings
// by their schema with Ajv's type coercion, which reads "800.00", "8e4" and " 80000" as integers
// — a price of 800.00 dollars would be taken as 800 cents. Before it, each integer query
// parameter the operation declares must be written in digits (an optional minus sign first).
import type { RequestHandler } from 'express';
import { AppError } from '../kernel/errors.js';
import { followRef } from './json-pointer.js';
import type { OpenApiDocument, RequestOperation } from './spec.js';

const DIGITS = /^-?[0-9]+$/;

type Parameter = { in?: string; name?: string; schema?: unknown };

/** The integer query parameters of each operation (by operationId) of a spec. */
function integerQueryParameters(spec: OpenApiDocument): Map<string, string[]> {
  const byOperation = new Map<string, string[]>();
  for (const item of Object.values(spec.paths) as Array<Record<string, { operationId?: string; parameters?: unknown[] }> & { parameters?: unknown[] }>) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation?.operationId) continue;
      const names = [...(item.parameters ?? []), ...(operation.parameters ?? [])]
        .map((node) => followRef(spec, node) as Parameter | undefined)
        .filter((parameter) => parameter?.in === 'query' && (followRef(spec, parameter.schema) as { type?: unknown } | undefined)?.type === 'integer')
        .map((parameter) => parameter!.name!);
      if (names.length > 0) byOperation.set(operation.operationId, names);
    }
  }
  return byOperation;
}

export function strictIntegerQuery(spec: OpenApiDocument, operationOf: RequestOperation): RequestHandler {
  const integers = integerQueryParameters(spec);
  return (req, _res, next) => {
    const names = integers.get(operationOf(req)?.operationId ?? '');
    const errors = (names ?? []).flatMap((name) => {
      const value = (req.query as Record<string, unknown>)[name];
      if (typeof value !== 'string' || DIGITS.test(value)) return [];
      return [{ parameter: name, detail: `must be a whole number written in digits (such as 80000 for $800.00), not ${JSON.stringify(value.slice(0, 40))}` }];
    });
    if (errors.length > 0) throw new AppError('invalid_request', `The query parameter ${errors[0]!.parameter} ${errors[0]!.detail}.`, { errors });
    next();
  };
}
