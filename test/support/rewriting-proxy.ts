import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedExchange {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  status: number;
  /** The upstream JSON answer, parsed; undefined for an empty or non-JSON body. */
  body: unknown;
}

export interface RewritingProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * A fake target: forwards every request to `upstream` and lets the test change the JSON answer
 * (and the path asked for) on the way, to play a server that behaves differently in one place.
 */
export async function startRewritingProxy(
  upstream: string,
  options: { rewriteUrl?: (method: string, url: string) => string; rewriteBody?: (exchange: ProxiedExchange) => unknown },
): Promise<RewritingProxy> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const method = req.method ?? 'GET';
      const url = options.rewriteUrl?.(method, req.url ?? '/') ?? req.url ?? '/';
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
      const answer = await fetch(upstream + url, { method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
      const text = await answer.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const rewritten = body === undefined ? undefined : (options.rewriteBody?.({ method, url: req.url ?? '/', status: answer.status, body }) ?? body);
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) out[name] = value;
      });
      res.writeHead(answer.status, out).end(rewritten === undefined ? text : JSON.stringify(rewritten));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
