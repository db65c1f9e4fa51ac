import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the sink received, kept raw: the signature is over the exact bytes sent. */
export interface ReceivedWebhook {
  receivedAt: number;
  path: string;
  headers: Record<string, string>;
  rawBody: string;
  /** The parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

export interface WebhookSink {
  /** Where to send deliveries: `http://<host>:<port>`. */
  readonly url: string;
  readonly received: readonly ReceivedWebhook[];
  /** Resolves with the first delivery received at or after `since` that `accept` takes, or undefined at `deadline` (or when `signal` aborts). */
  waitFor(accept: (webhook: ReceivedWebhook) => boolean, since: number, deadline: number, signal?: AbortSignal): Promise<ReceivedWebhook | undefined>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A local receiver for webhook deliveries. Every POST is answered 200 at once, so the sender
 * never retries because of the harness; the harness judges deliveries afterwards.
 */
export async function startWebhookSink(options: { port?: number; host?: string } = {}): Promise<WebhookSink> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = undefined;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      received.push({ receivedAt: Date.now(), path: req.url ?? '/', headers, rawBody, json });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      waiters.forEach((wake) => wake());
    });
  });
  // Deliveries come from the target; the default binds loopback only (the sandbox needs a tunnel).
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    received,
    waitFor(accept, since, deadline, signal) {
      const find = () => received.find((w) => w.receivedAt >= since && accept(w));
      const found = find();
      if (found || Date.now() >= deadline || signal?.aborted) return Promise.resolve(found);
      return new Promise((resolve) => {
        const finish = (value: ReceivedWebhook | undefined) => {
          clearTimeout(timer);
          waiters.delete(check);
          signal?.removeEventListener('abort', giveUp);
          resolve(value);
        };
        const check = () => {
          const match = find();
          if (match) finish(match);
        };
        const giveUp = () => finish(undefined);
        const timer = setTimeout(giveUp, Math.max(0, deadline - Date.now()));
        waiters.add(check);
        signal?.addEventListener('abort', giveUp, { once: true });
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
