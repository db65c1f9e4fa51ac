import { describe, expect, it } from 'vitest';
import { verifyMonoSignature } from '../../emulator/index.js';
import { contractClient, type ContractClient } from '../support/contract-client.js';
import { TEST_START, startEmulator } from '../support/emulator.js';
import { bankingCardInput } from '../support/fixtures.js';
import { deliveryLog } from '../support/webhook-log.js';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const CLIENTS = 8;
const ROUNDS = 5;
const CARDS_PER_ROUND = 3;

const clockOf = async (client: ContractClient) => Date.parse((await client.get('/_emulator/clock')).body.now);

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What one worker of a parallel suite does: its own tenant, reset, cards, webhooks and time, round after round. */
async function worker(url: string, index: number): Promise<void> {
  const receiver: WebhookReceiver = await startReceiver();
  const secret = `whsec_parallel_worker_secret_${index}`;
  const made = await contractClient(url).post('/_emulator/tenants', { webhook: { url: receiver.url, secret, emulator_events: ['card_created'] } });
  expect(made.status).toBe(201);
  const api = contractClient(url, made.body.api_key);
  const account = made.body.bank_account_ids[0] as string;
  const mine = new Set<string>();

  for (let round = 0; round < ROUNDS; round++) {
    expect((await api.post('/_emulator/reset')).status).toBe(204);
    // A reset gives the tenant the emulator's time, which nobody moves here.
    let expected = TEST_START;
    expect(await clockOf(api)).toBe(expected);

    const created: string[] = [];
    for (let n = 0; n < CARDS_PER_ROUND; n++) {
      const card = await api.post('/v1/cards', bankingCardInput(account));
      expect(card.status).toBe(201);
      created.push(card.body.id);
      mine.add(card.body.id);
    }
    const listed = (await api.get('/v1/cards?state=created,active,frozen,canceled&page_size=500')).body.cards.map((c: { id: string }) => c.id);
    expect([...listed].sort()).toEqual([...created].sort());

    const seconds = 17 * (index + 1) * (round + 1);
    expected += seconds * 1000;
    expect(Date.parse((await api.post('/_emulator/clock/advance', { seconds })).body.now)).toBe(expected);

    await until(() => created.every((id) => receiver.received.some((r) => r.body.event.data.id === id)), `worker ${index}'s card_created events`);
    for (const hook of receiver.received) {
      const header = String(hook.headers['mono-signature']);
      const signedAt = Number(/t=(\d+)/.exec(header)![1]) * 1000;
      expect(verifyMonoSignature(hook.rawBody, header, secret, { now: signedAt })).toBe(true);
      expect(mine.has(hook.body.event.data.id as string), `worker ${index} received another tenant's card`).toBe(true);
    }
    const logged = (await deliveryLog(api)).map((d) => JSON.parse(d.payload).event.data.id as string);
    expect(logged.every((id) => created.includes(id))).toBe(true);
    // Other workers reset, advanced and created meanwhile: this tenant's time is still its own.
    expect(await clockOf(api)).toBe(expected);
  }
}

describe('parallel suites on one emulator', () => {
  it(`parallel: ${CLIENTS} clients, each with a tenant made at run time, reset and advance their own clocks in a loop while creating cards and receiving webhooks, and never see another's data or time move`, async () => {
    const { emulator, anonymous } = await startEmulator();
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => worker(emulator.url, index)));
    expect(await clockOf(anonymous)).toBe(TEST_START);
  }, 60_000);
});
