// A local HTTP server that misbehaves on purpose, following a script of answers, and records
// every request it saw (method, path, headers, body).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Step = { status: number; body?: unknown; headers?: Record<string, string> } | { drop: true } | { delayMs: number; status: number; body?: unknown };

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export async function misbehavingServer(script: Step[]) {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const step = script[Math.min(seen.length - 1, script.length - 1)]!;
    if ('drop' in step) {
      req.socket.destroy();
      return;
    }
    if ('delayMs' in step) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    if (res.destroyed) return;
    const problem = step.status >= 400;
    res.writeHead(step.status, {
      'Content-Type': problem ? 'application/problem+json' : 'application/json',
      'Request-Id': `req_test${seen.length}`,
      ...('headers' in step ? step.headers : {}),
    });
    res.end(
      JSON.stringify(
        step.body ??
          (problem
            ? { type: 'about:blank', title: 'x', status: step.status, code: `status_${step.status}`, request_id: `req_test${seen.length}` }
            : { ok: true }),
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v2`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
