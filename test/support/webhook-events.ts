import { expect } from 'vitest';
import type { TestEmulator } from './emulator.js';
import { assertPayloadMatchesContract, startReceiver, type WebhookReceiver } from './webhook-receiver.js';

/** A loopback receiver registered for tenant A's webhooks. */
export async function listenForEvents(t: TestEmulator): Promise<WebhookReceiver> {
  const receiver = await startReceiver();
  expect((await t.api.post('/_emulator/webhooks', { url: receiver.url })).status).toBe(201);
  return receiver;
}

/** The events of one type received so far (once every attempt has been answered), each checked against the contract. */
export async function eventsOf(t: TestEmulator, receiver: WebhookReceiver, type: string): Promise<Record<string, any>[]> {
  await t.emulator.settled();
  const hooks = receiver.received.filter((r) => r.body.event.type === type);
  for (const hook of hooks) assertPayloadMatchesContract(hook);
  return hooks.map((r) => r.body.event.data);
}
