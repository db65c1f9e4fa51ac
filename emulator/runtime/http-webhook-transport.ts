import http from 'node:http';
import https from 'node:https';
import type { TransportOutcome, WebhookTransport } from '../ports/webhook-transport.js';
import { signatureHeader } from './webhook-signature.js';

/**
 * POSTs webhooks with node:http over kept-alive connections (fetch costs more per request, and
 * webhook latency is measured), signed as Mono signs them. The answer's status counts as soon as
 * its headers arrive; its body is drained and ignored. Redirects are not followed: a 3xx is a
 * failed attempt.
 */
export function createHttpWebhookTransport(): WebhookTransport {
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };
  const open = new Set<http.ClientRequest>();
  return {
    post({ url, body, secret, signedAt, headers, timeoutMs }) {
      return new Promise<TransportOutcome>((resolve) => {
        const started = performance.now();
        let timer: NodeJS.Timeout | undefined;
        let settled = false;
        const finish = (statusCode: number | null, error: string | null) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ statusCode, latencyMs: Math.round((performance.now() - started) * 100) / 100, error });
        };
        let target: URL;
        try {
          target = new URL(url);
        } catch {
          finish(null, 'the URL is invalid');
          return;
        }
        const secure = target.protocol === 'https:';
        const request = (secure ? https : http).request(
          target,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'mono-signature': signatureHeader(body, secret, signedAt),
              'user-agent': 'mono-card-emulator',
              ...headers,
              'content-length': String(Buffer.byteLength(body)),
            },
            agent: secure ? agents.https : agents.http,
          },
          (response) => {
            response.resume();
            response.on('error', () => undefined);
            finish(response.statusCode ?? null, null);
            // A receiver that answers and never ends its body would keep the kept-alive socket, and
            // enough of them would leave later deliveries queued in the agent: the body gets the
            // same timeout, then the socket is dropped.
            const drain = setTimeout(() => request.destroy(), timeoutMs);
            response.once('close', () => clearTimeout(drain));
          },
        );
        request.on('error', (error: NodeJS.ErrnoException) => finish(null, error.message || error.code || 'connection failed'));
        open.add(request);
        request.on('close', () => open.delete(request));
        timer = setTimeout(() => {
          finish(null, `no answer within ${timeoutMs} ms`);
          request.destroy();
        }, timeoutMs);
        request.end(body);
      });
    },
    close() {
      for (const request of open) request.destroy(new Error('the emulator stopped before the receiver answered'));
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
