// One warning per deprecated operation per client, naming the sunset and the successor the
// service announced in its Deprecation / Sunset / Link headers.
import type { Middleware } from 'openapi-fetch';

export interface Logger {
  warn(message: string): void;
}

export function deprecationWarnings(logger: Logger): Middleware {
  const warned = new Set<string>();
  return {
    onResponse({ request, response, schemaPath }) {
      if (!response.headers.has('deprecation')) return undefined;
      const key = `${request.method} ${schemaPath}`;
      if (warned.has(key)) return undefined;
      warned.add(key);
      const sunset = response.headers.get('sunset');
      const successor = /<([^>]+)>;\s*rel="successor-version"/.exec(response.headers.get('link') ?? '')?.[1];
      logger.warn(
        `Evenpay: ${key} is deprecated${sunset ? ` and will stop working on ${sunset}` : ''}.` +
          `${successor ? ` Move to ${successor}.` : ''} See the migration guide.`,
      );
      return undefined;
    },
  };
}
