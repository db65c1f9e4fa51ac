import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { loadContracts, webhookPayloadSchema } from '../../contracts/index.js';
import { stopAfterTest } from './after-test.js';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The parsed body; the raw body is what signatures cover. */
  body: { event: { type: string; data: Record<string, unknown> }; timestamp: string; emulator_only?: true };
}

/**
 * How the receiver answers one request: a status, `hang` (never answers), `reset` (drops the
 * connection), or a status after a delay.
 */
export type ReceiverAnswer = number | 'hang' | 'reset' | 'status-then-hang' | { status: number; afterMs: number };

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Decides each answer; 200 unless set. */
  answer: (request: ReceivedWebhook, index: number) => ReceiverAnswer;
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback that records every delivery; it closes after the test. */
export async function startReceiver(answer: WebhookReceiver['answer'] = () => 200, port = 0): Promise<WebhookReceiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: WebhookReceiver = { url: '', received: [], answer, close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const request: ReceivedWebhook = { headers: req.headers, rawBody, body: JSON.parse(rawBody) };
      const index = receiver.received.push(request) - 1;
      const decision = receiver.answer(request, index);
      if (decision === 'hang') hanging.add(res);
      else if (decision === 'status-then-hang') {
        // 200 and the start of a body that never ends.
        hanging.add(res);
        res.writeHead(200, { 'content-type': 'text/plain' }).write('accepted');
      } else if (decision === 'reset') req.socket.destroy();
      else if (typeof decision === 'object') {
        hanging.add(res);
        const timer = setTimeout(() => {
          hanging.delete(res);
          if (!res.destroyed) res.writeHead(decision.status).end();
        }, decision.afterMs);
        res.on('close', () => clearTimeout(timer));
      } else res.writeHead(decision).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  stopAfterTest(() => receiver.close());
  return receiver;
}

/** A port nothing listens on: a receiver that is down. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/down`;
}

/** Checks a delivery's body against its event's payload schema in mono.openapi.yaml's `webhooks:`. */
export function assertPayloadMatchesContract(received: ReceivedWebhook): void {
  const schema = webhookPayloadSchema(received.body.event.type);
  expect(schema, received.body.event.type).toBeDefined();
  expect(loadContracts().validator.checkSchema(schema!, received.body)).toEqual([]);
}
