import { createRequire } from 'node:module';
import type { Agent, Dispatcher } from 'undici';
import type { TransportOutcome, WebhookTransport } from '../ports/webhook-transport.js';
import { signatureHeader } from './webhook-signature.js';

// Loaded on the first delivery rather than imported: an emulator that sends no webhook never pays for it at start.
const load = createRequire(import.meta.url);

/** Why an attempt still under way when the emulator stops fails. */
const STOPPED = 'the emulator stopped before the receiver answered';

/** Connections kept per receiver's origin; more deliveries than this wait for one. */
const CONNECTIONS_PER_ORIGIN = 64;

/**
 * POSTs webhooks over kept-alive connections with undici's dispatcher, signed as Mono signs
 * them. With a webhook per created card, the outgoing request is as much of the emulator's work
 * as the incoming one: undici's dispatcher costs about half of node:http's client per request
 * (README: Benchmark), and fetch more than either. One request at a time per connection (no
 * pipelining: a receiver need not support it, and a POST must not be replayed). The answer's
 * status counts as soon as its headers arrive; its body is drained and ignored. Redirects are not
 * followed: a 3xx is a failed attempt.
 */
export function createHttpWebhookTransport(): WebhookTransport {
  let agent: Agent | undefined;
  const open = new Set<(reason: Error) => void>();
  return {
    post({ url, body, secret, signedAt, headers, timeoutMs }) {
      // Loaded before the attempt's clock starts: loading takes tens of milliseconds, once.
      const dispatcher = (agent ??= new (load('undici') as typeof import('undici')).Agent({ connections: CONNECTIONS_PER_ORIGIN }));
      return new Promise<TransportOutcome>((resolve) => {
        const started = performance.now();
        let settled = false;
        let controller: Dispatcher.DispatchController | undefined;
        let drain: NodeJS.Timeout | undefined;
        const abort = (reason: Error) => controller?.abort(reason);
        const finish = (statusCode: number | null, error: string | null) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ statusCode, latencyMs: Math.round((performance.now() - started) * 100) / 100, error });
        };
        const done = () => {
          clearTimeout(drain);
          open.delete(cancel);
        };
        // What close() calls: an attempt under way fails now, whether it has a connection yet or not.
        const cancel = (reason: Error) => {
          finish(null, reason.message);
          abort(reason);
          done();
        };
        const timer = setTimeout(() => {
          finish(null, `no answer within ${timeoutMs} ms`);
          abort(new Error('timed out'));
          done();
        }, timeoutMs);
        let target: URL;
        try {
          target = new URL(url);
        } catch {
          finish(null, 'the URL is invalid');
          return;
        }
        open.add(cancel);
        dispatcher.dispatch(
          {
            origin: target.origin,
            path: `${target.pathname}${target.search}`,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'mono-signature': signatureHeader(body, secret, signedAt),
              'user-agent': 'mono-card-emulator',
              ...headers,
              'content-length': String(Buffer.byteLength(body)),
            },
            body,
          },
          {
            onRequestStart(started) {
              controller = started;
              // Timed out while it waited for a connection: it is not sent any more.
              if (settled) started.abort(new Error('timed out'));
            },
            onResponseStart(response, statusCode) {
              finish(statusCode, null);
              // A receiver that answers and never ends its body would keep the kept-alive
              // connection, and enough of them would leave later deliveries waiting: the body
              // gets the same timeout, then the connection is dropped.
              drain = setTimeout(() => response.abort(new Error('the answer did not end')), timeoutMs);
            },
            onResponseData() {},
            onResponseEnd: done,
            onResponseError(_controller, error: NodeJS.ErrnoException) {
              finish(null, error.message || error.code || 'connection failed');
              done();
            },
          },
        );
      });
    },
    close() {
      const reason = new Error(STOPPED);
      for (const cancel of [...open]) cancel(reason);
      void agent?.destroy(reason).catch(() => undefined);
      agent = undefined;
    },
  };
}
