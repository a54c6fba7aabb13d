import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** How the server answers one request. */
export type Reply =
  | { readonly kind: 'body'; readonly status?: number; readonly body: string; readonly contentType?: string; readonly chunked?: boolean; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'hang' }
  | { readonly kind: 'drip'; readonly body: string; readonly chunkBytes: number; readonly everyMs: number }
  | { readonly kind: 'cut'; readonly body: string; readonly atBytes: number }
  | { readonly kind: 'reset' };

export const FIXTURE_DIR = fileURLToPath(new URL('../../test-fixtures/yahoo-chart/', import.meta.url));
export const fixture = (name: string): string => readFileSync(FIXTURE_DIR + name, 'utf8');
export const ok = (body: string): Reply => ({ kind: 'body', body });
export const status = (code: number, body = `<html><body>${code}</body></html>`, contentType = 'text/html'): Reply => ({ kind: 'body', status: code, body, contentType });

export interface ChartServer {
  readonly baseUrl: string;
  /** Request paths in arrival order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (port 0 unless given) that answers chart requests from a script per
 * symbol: each request takes the next reply of its symbol's queue, the last one repeating.
 */
export async function startChartServer(script: Readonly<Record<string, readonly Reply[]>>, port = 0): Promise<ChartServer> {
  const used = new Map<string, number>();
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const send = (res: ServerResponse, reply: Reply) => {
    switch (reply.kind) {
      case 'hang':
        return;
      case 'reset':
        res.socket?.destroy();
        return;
      case 'body': {
        const headers: Record<string, string | number> = { 'content-type': reply.contentType ?? 'application/json;charset=utf-8', ...reply.headers };
        if (!reply.chunked) headers['content-length'] = Buffer.byteLength(reply.body);
        res.writeHead(reply.status ?? 200, headers);
        res.end(reply.body);
        return;
      }
      case 'cut': {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply.body) });
        res.write(Buffer.from(reply.body).subarray(0, reply.atBytes), () => res.socket?.destroy());
        return;
      }
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const bytes = Buffer.from(reply.body);
        let at = 0;
        const tick = () => {
          if (res.destroyed) return;
          res.write(bytes.subarray(at, at + reply.chunkBytes));
          at += reply.chunkBytes;
          if (at >= bytes.length) res.end();
          else { const t = setTimeout(tick, reply.everyMs); timers.add(t); }
        };
        tick();
        return;
      }
    }
  };
  const server = createServer((req, res) => {
    // No keep-alive: a pooled socket of an earlier server on the same port would fail the next
    // request and make the scripted attempts depend on connection reuse.
    res.setHeader('connection', 'close');
    const url = req.url ?? '/';
    requests.push(url);
    const symbol = decodeURIComponent(/\/v8\/finance\/chart\/([^?]+)/.exec(url)?.[1] ?? '');
    const queue = script[symbol];
    if (!queue || queue.length === 0) return send(res, status(404, '{"chart":{"result":null,"error":{"code":"Not Found","description":"No such symbol in the test script"}}}', 'application/json'));
    const n = used.get(symbol) ?? 0;
    used.set(symbol, n + 1);
    send(res, queue[Math.min(n, queue.length - 1)]!);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${bound}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
