import { expect } from 'vitest';
import type { TestEmulator } from './emulator.js';
import { assertPayloadMatchesContract, startReceiver, type WebhookReceiver } from './webhook-receiver.js';

/**
 * A loopback receiver registered for tenant A's webhooks; with `emulatorEvents` it also gets the
 * emulator-only `card_created` and `card_state_changed`, which a registration leaves out by default.
 */
export async function listenForEvents(t: TestEmulator, options: { emulatorEvents?: boolean } = {}): Promise<WebhookReceiver> {
  const receiver = await startReceiver();
  const registration = options.emulatorEvents ? { url: receiver.url, emulator_events: ['card_created', 'card_state_changed'] } : { url: receiver.url };
  expect((await t.api.post('/_emulator/webhooks', registration)).status).toBe(201);
  return receiver;
}

/** The events of one type received so far (once every attempt has been answered), each checked against the contract. */
export async function eventsOf(t: TestEmulator, receiver: WebhookReceiver, type: string): Promise<Record<string, any>[]> {
  await t.emulator.settled();
  const hooks = receiver.received.filter((r) => r.body.event.type === type);
  for (const hook of hooks) assertPayloadMatchesContract(hook);
  return hooks.map((r) => r.body.event.data);
}
