import { expect } from 'vitest';
import { loadContracts, pointerOf, webhookPayloadSchema } from '../../contracts/index.js';
import { stopAfterTest } from './after-test.js';

export interface FeedMessage {
  event: string;
  data: any;
}

export interface FeedClient {
  status: number;
  /** Every message received so far, in order. */
  messages: FeedMessage[];
  /** Resolves with the first message (received or to come) that matches; fails after the timeout. */
  next(match: (message: FeedMessage) => boolean, timeoutMs?: number): Promise<FeedMessage>;
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

const schema = (name: string) => ({ contract: 'emulator' as const, pointer: pointerOf('components', 'schemas', name) });

/**
 * Checks a feed message against the contract: `webhook_event` data is a FeedWebhookEvent whose
 * envelope is the event's webhook payload, `delivery` data a Delivery.
 */
export function assertFeedMessageMatchesContract({ event, data }: FeedMessage): void {
  const { validator } = loadContracts();
  if (event === 'webhook_event') {
    expect(validator.checkSchema(schema('FeedWebhookEvent'), data)).toEqual([]);
    const { event_id: _, deliveries: __, ...envelope } = data;
    expect(validator.checkSchema(webhookPayloadSchema(data.event.type)!, envelope)).toEqual([]);
  } else if (event === 'delivery') expect(validator.checkSchema(schema('Delivery'), data)).toEqual([]);
  else expect(event).toBe('reset');
}

/**
 * Opens `GET /_emulator/webhooks/feed` over real HTTP, as a browser's fetch() reads it, parses
 * the server-sent events as they come and checks each against the contract. Closed after the test.
 */
export async function openFeed(baseUrl: string, key?: string): Promise<FeedClient> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/_emulator/webhooks/feed`, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: controller.signal });
  const waiters = new Set<() => void>();
  const messages: FeedMessage[] = [];
  /** Contract problems of messages received, reported by next(). */
  const broken: string[] = [];
  let endedResolve!: () => void;
  const ended = new Promise<void>((resolve) => (endedResolve = resolve));
  const client: FeedClient = {
    status: res.status,
    messages,
    ended,
    close: () => controller.abort(),
    next(match, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const look = () => {
          if (broken.length > 0) {
            clearTimeout(timer);
            reject(new Error(`a feed message breaks the contract: ${broken.join('\n')}`));
            return true;
          }
          const found = messages.find(match);
          if (!found) return false;
          waiters.delete(look as () => void);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(look as () => void);
          reject(new Error(`no such feed message within ${timeoutMs} ms; received: ${JSON.stringify(messages.map((m) => m.event))}`));
        }, timeoutMs);
        if (!look()) waiters.add(look as () => void);
      });
    },
  };
  stopAfterTest(() => client.close());
  if (!res.ok || !res.body) {
    endedResolve();
    return client;
  }
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  void (async () => {
    let buffer = '';
    try {
      for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (event === undefined || data === undefined) continue;
          const message = { event, data: JSON.parse(data) };
          try {
            assertFeedMessageMatchesContract(message);
          } catch (error) {
            broken.push(`${event}: ${(error as Error).message}`);
          }
          messages.push(message);
          for (const wake of [...waiters]) wake();
        }
      }
    } catch {
      // aborted by the test
    }
    endedResolve();
  })();
  return client;
}
