import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyMonoSignature } from '../../emulator/index.js';
import { startEmulator, TEST_START, type TestEmulator } from '../support/emulator.js';
import { bankingCardInput } from '../support/fixtures.js';
import { expectSeededShare } from '../support/seeded-share.js';
import { deliveryLog } from '../support/webhook-log.js';
import { startReceiver, type ReceivedWebhook } from '../support/webhook-receiver.js';

const SECRET = 'whsec_faults_test_secret_0123456789';

const header = (hook: ReceivedWebhook) => String(hook.headers['mono-signature']);
const signedAt = (hook: ReceivedWebhook) => Number(/t=(\d+)/.exec(header(hook))![1]);

/** The HMAC of Mono's scheme (docs/mono-reference.md §15) over "t.body" with the real secret, computed here. */
const genuineSignature = (hook: ReceivedWebhook) => createHmac('sha256', SECRET).update(`${signedAt(hook)}.${hook.rawBody}`).digest('hex');

/**
 * A receiver as Mono asks one to be: it checks each delivery with its own verifyMonoSignature
 * (300 s tolerance, against the emulator's clock) and answers 401 to one that fails, 200 otherwise.
 */
async function correctReceiver(t: TestEmulator) {
  const verdicts: boolean[] = [];
  const receiver = await startReceiver((hook) => {
    const valid = verifyMonoSignature(hook.rawBody, header(hook), SECRET, { now: t.emulator.clock.now() });
    verdicts.push(valid);
    return valid ? 200 : 401;
  });
  return { receiver, verdicts };
}

/** An emulator with one webhook to `url` given `faults`; card creations cause its events (the emulator's own card_created, asked for). */
async function withFaults(t: TestEmulator, url: string, faults: Record<string, unknown>) {
  const webhook = (await t.api.post('/_emulator/webhooks', { url, secret: SECRET, emulator_events: ['card_created', 'card_state_changed'] })).body;
  const set = await t.api.put(`/_emulator/webhooks/${webhook.id}/faults`, faults);
  expect(set.status, set.text).toBe(200);
  return webhook as { id: string };
}

async function createCard(t: TestEmulator) {
  return (await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId))).body as { id: string };
}

describe('webhook faults: signatures a receiver must refuse', () => {
  it('webhook faults: a tampered signature is rejected by the receiver\'s own verifyMonoSignature; the log says so; the genuine retry 30 s later delivers', async () => {
    const t = await startEmulator();
    const { receiver, verdicts } = await correctReceiver(t);
    await withFaults(t, receiver.url, { tampered_signature: { next: 1 } });
    await createCard(t);
    await t.emulator.settled();

    expect(receiver.received).toHaveLength(1);
    expect(verdicts).toEqual([false]);
    const tampered = receiver.received[0]!;
    // Well-formed, timely, and not the HMAC of the real secret.
    expect(header(tampered)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(signedAt(tampered)).toBe(TEST_START / 1000);
    expect(header(tampered)).not.toContain(genuineSignature(tampered));

    let [delivery] = await deliveryLog(t.api);
    expect(delivery).toMatchObject({ status: 'pending', faults: { tampered_signature: true, drop_first_attempt: false, duplicate: null } });
    expect(delivery!.attempts).toEqual([expect.objectContaining({ number: 1, status_code: 401, faults: ['tampered_signature'], receiver_verdict: 'rejected' })]);

    await t.emulator.advanceClock(30_000);
    expect(verdicts).toEqual([false, true]);
    expect(receiver.received[1]!.rawBody).toBe(tampered.rawBody);
    expect(header(receiver.received[1]!)).toContain(genuineSignature(receiver.received[1]!));
    [delivery] = await deliveryLog(t.api);
    expect(delivery!.status).toBe('delivered');
    expect(delivery!.attempts[1]).toMatchObject({ number: 2, status_code: 200, faults: [], receiver_verdict: null });
  });

  it('webhook faults: a receiver that accepts a tampered signature is shown as having accepted it', async () => {
    const t = await startEmulator();
    const lax = await startReceiver(() => 200);
    await withFaults(t, lax.url, { tampered_signature: {} });
    await createCard(t);
    await t.emulator.settled();
    const [delivery] = await deliveryLog(t.api);
    expect(delivery!.status).toBe('delivered');
    expect(delivery!.attempts).toEqual([expect.objectContaining({ status_code: 200, faults: ['tampered_signature'], receiver_verdict: 'accepted' })]);
  });

  it('webhook faults: a stale timestamp, signed correctly but 900 s old, is rejected by a receiver with a 300 s tolerance', async () => {
    const t = await startEmulator();
    const { receiver, verdicts } = await correctReceiver(t);
    await withFaults(t, receiver.url, { stale_timestamp: { age_seconds: 900 } });
    await createCard(t);
    await t.emulator.settled();

    const [stale] = receiver.received;
    expect(signedAt(stale!)).toBe(TEST_START / 1000 - 900);
    expect(header(stale!)).toContain(genuineSignature(stale!));
    expect(verdicts).toEqual([false]);
    // Only the timestamp is wrong: a receiver tolerating 1,000 s would take it.
    expect(verifyMonoSignature(stale!.rawBody, header(stale!), SECRET, { now: TEST_START, toleranceSeconds: 1000 })).toBe(true);
    const [delivery] = await deliveryLog(t.api);
    expect(delivery!.faults).toMatchObject({ stale_timestamp_seconds: 900 });
    expect(delivery!.attempts).toEqual([expect.objectContaining({ status_code: 401, faults: ['stale_timestamp'], receiver_verdict: 'rejected' })]);
  });

  it('webhook faults: the stale timestamp is 600 s old unless told otherwise', async () => {
    const t = await startEmulator();
    const { receiver } = await correctReceiver(t);
    await withFaults(t, receiver.url, { stale_timestamp: {} });
    await createCard(t);
    await t.emulator.settled();
    expect(signedAt(receiver.received[0]!)).toBe(TEST_START / 1000 - 600);
  });
});

describe('webhook faults: duplicates, order, delay, drop', () => {
  it('webhook faults: a duplicate with the same signature reaches the receiver twice, byte for byte', async () => {
    const t = await startEmulator();
    const { receiver, verdicts } = await correctReceiver(t);
    await withFaults(t, receiver.url, { duplicate: {} });
    await createCard(t);
    await t.emulator.settled();

    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second!.rawBody).toBe(first!.rawBody);
    expect(header(second!)).toBe(header(first!));
    expect(second!.headers['x-emulator-delivery-id']).toBe(first!.headers['x-emulator-delivery-id']);
    expect(verdicts).toEqual([true, true]);
    const [delivery] = await deliveryLog(t.api);
    expect(delivery!.status).toBe('delivered');
    expect(delivery!.faults).toMatchObject({ duplicate: 'same' });
    expect(delivery!.attempts.map((a) => [a.status_code, a.faults])).toEqual([
      [200, []],
      [200, ['duplicate']],
    ]);
  });

  it('webhook faults: a duplicate with a new signature comes after_seconds later on the emulator clock, signed then', async () => {
    const t = await startEmulator();
    const { receiver, verdicts } = await correctReceiver(t);
    await withFaults(t, receiver.url, { duplicate: { signature: 'new', after_seconds: 60 } });
    await createCard(t);
    await t.emulator.settled();
    expect(receiver.received).toHaveLength(1);
    await t.emulator.advanceClock(59_000);
    expect(receiver.received).toHaveLength(1);
    await t.emulator.advanceClock(1_000);
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second!.rawBody).toBe(first!.rawBody);
    expect(signedAt(second!) - signedAt(first!)).toBe(60);
    expect(header(second!)).not.toBe(header(first!));
    expect(verdicts).toEqual([true, true]);
  });

  it('webhook faults: the duplicate follows the attempt that delivers, not a failed one', async () => {
    const t = await startEmulator();
    const receiver = await startReceiver((_hook, index) => (index === 0 ? 503 : 200));
    await withFaults(t, receiver.url, { duplicate: {} });
    await createCard(t);
    await t.emulator.settled();
    expect(receiver.received).toHaveLength(1);
    await t.emulator.advanceClock(30_000);
    expect(receiver.received).toHaveLength(3);
    const [delivery] = await deliveryLog(t.api);
    expect(delivery!.attempts.map((a) => [a.status_code, a.faults])).toEqual([
      [503, []],
      [200, []],
      [200, ['duplicate']],
    ]);
  });

  it("webhook faults: reorder holds one card's events for the window, then sends them newest first, one after another", async () => {
    const t = await startEmulator();
    const { receiver } = await correctReceiver(t);
    await withFaults(t, receiver.url, { reorder: { window_seconds: 10 } });
    const card = await createCard(t);
    await t.emulator.advanceClock(2_000);
    await t.api.patch(`/v1/cards/${card.id}`, { state: 'frozen' });
    await t.emulator.advanceClock(3_000);
    await t.api.patch(`/v1/cards/${card.id}`, { state: 'active' });
    await t.emulator.settled();
    expect(receiver.received).toHaveLength(0);
    const held = await deliveryLog(t.api);
    expect(held.map((d) => [d.status, d.next_attempt_at, d.faults?.reorder_window_ends_at])).toEqual(
      Array(3).fill(['pending', new Date(TEST_START + 10_000).toISOString(), new Date(TEST_START + 10_000).toISOString()]),
    );

    await t.emulator.advanceClock(5_000);
    const seen = receiver.received.map((hook) => [hook.body.event.type, (hook.body.event.data as { previous_state?: string }).previous_state ?? null]);
    expect(seen).toEqual([
      ['card_state_changed', 'frozen'],
      ['card_state_changed', 'active'],
      ['card_created', null],
    ]);
    for (const delivery of await deliveryLog(t.api)) {
      expect(delivery.status).toBe('delivered');
      expect(delivery.attempts).toEqual([expect.objectContaining({ at: new Date(TEST_START + 10_000).toISOString(), faults: ['reordered'] })]);
    }

    // The window is closed: the next event opens a new one.
    await t.api.patch(`/v1/cards/${card.id}`, { state: 'frozen' });
    await t.emulator.advanceClock(9_999);
    expect(receiver.received).toHaveLength(3);
    await t.emulator.advanceClock(1);
    expect(receiver.received).toHaveLength(4);
  });

  it('webhook faults: a delay holds the first attempt on the emulator clock', async () => {
    const t = await startEmulator();
    const { receiver } = await correctReceiver(t);
    await withFaults(t, receiver.url, { delay: { seconds: 120 } });
    await createCard(t);
    await t.emulator.settled();
    expect(receiver.received).toHaveLength(0);
    await t.emulator.advanceClock(119_000);
    expect(receiver.received).toHaveLength(0);
    await t.emulator.advanceClock(1_000);
    expect(receiver.received).toHaveLength(1);
    expect(signedAt(receiver.received[0]!)).toBe(TEST_START / 1000 + 120);
    const [delivery] = await deliveryLog(t.api);
    expect(delivery!.faults).toMatchObject({ delayed_until: new Date(TEST_START + 120_000).toISOString() });
    expect(delivery!.attempts).toEqual([expect.objectContaining({ at: new Date(TEST_START + 120_000).toISOString(), status_code: 200, faults: ['delayed'] })]);
  });

  it('webhook faults: a dropped first attempt is never sent, is logged as failed, and the retry schedule delivers 30 s later', async () => {
    const t = await startEmulator();
    const { receiver } = await correctReceiver(t);
    await withFaults(t, receiver.url, { drop_first_attempt: {} });
    await createCard(t);
    await t.emulator.settled();
    expect(receiver.received).toHaveLength(0);
    let [delivery] = await deliveryLog(t.api);
    expect(delivery).toMatchObject({ status: 'pending', next_attempt_at: new Date(TEST_START + 30_000).toISOString() });
    expect(delivery!.attempts).toEqual([expect.objectContaining({ status_code: null, error: expect.stringMatching(/dropped/), faults: ['dropped'] })]);
    await t.emulator.advanceClock(30_000);
    expect(receiver.received).toHaveLength(1);
    [delivery] = await deliveryLog(t.api);
    expect(delivery!.status).toBe('delivered');
    expect(delivery!.attempts[1]).toMatchObject({ status_code: 200, faults: [] });
  });

  it('webhook faults: with a dropped first attempt, the tampered signature falls on the first attempt sent', async () => {
    const t = await startEmulator();
    const { receiver, verdicts } = await correctReceiver(t);
    await withFaults(t, receiver.url, { drop_first_attempt: {}, tampered_signature: {} });
    await createCard(t);
    await t.emulator.advanceClock(30_000 + 90_000);
    expect(verdicts).toEqual([false, true]);
    const [delivery] = await deliveryLog(t.api);
    expect(delivery!.attempts.map((a) => a.faults)).toEqual([['dropped'], ['tampered_signature'], []]);
    expect(delivery!.status).toBe('delivered');
  });
});

describe('webhook faults: which events, and the control plane', () => {
  it('webhook faults: next=2 hits the next two events only, and the settings show what is left', async () => {
    const t = await startEmulator();
    const { receiver } = await correctReceiver(t);
    const webhook = await withFaults(t, receiver.url, { drop_first_attempt: { next: 2 } });
    for (let i = 0; i < 3; i++) await createCard(t);
    await t.emulator.settled();
    expect(receiver.received).toHaveLength(1);
    const settings = (await t.api.get(`/_emulator/webhooks/${webhook.id}/faults`)).body;
    expect(settings).toMatchObject({ webhook_id: webhook.id, events_seen: 3, drop_first_attempt: { trigger: 'next', remaining: 0, fraction: null } });
  });

  it('webhook faults: a fraction hits a seeded share of events: the same seed the same events, another seed others', async () => {
    const duplicated = async (seed: number) => {
      const t = await startEmulator();
      const receiver = await startReceiver();
      await withFaults(t, receiver.url, { seed, duplicate: { fraction: 0.5 } });
      for (let i = 0; i < 16; i++) await createCard(t);
      await t.emulator.settled();
      const log = await deliveryLog(t.api);
      // Oldest first: the event's position, for each delivery given a duplicate.
      return log.reverse().flatMap((d, i) => (d.faults ? [i] : []));
    };
    await expectSeededShare(duplicated, 11, { min: 2, max: 14 });
  });

  it('webhook faults: settings are read, replaced and cleared; queued deliveries keep what was decided for them', async () => {
    const t = await startEmulator();
    const receiver = await startReceiver();
    const webhook = (await t.api.post('/_emulator/webhooks', { url: receiver.url, secret: SECRET, emulator_events: ['card_created', 'card_state_changed'] })).body;
    const none = {
      webhook_id: webhook.id,
      seed: null,
      events_seen: 0,
      duplicate: null,
      reorder: null,
      delay: null,
      tampered_signature: null,
      stale_timestamp: null,
      drop_first_attempt: null,
    };
    expect((await t.api.get(`/_emulator/webhooks/${webhook.id}/faults`)).body).toEqual(none);
    const set = await t.api.put(`/_emulator/webhooks/${webhook.id}/faults`, { seed: 5, delay: { seconds: 60, fraction: 1 }, duplicate: { next: 3, signature: 'new' } });
    expect(set.body).toEqual({
      ...none,
      seed: 5,
      delay: { trigger: 'fraction', remaining: null, fraction: 1, seconds: 60 },
      duplicate: { trigger: 'next', remaining: 3, fraction: null, signature: 'new', after_seconds: 0 },
    });
    await createCard(t);
    expect((await t.api.delete(`/_emulator/webhooks/${webhook.id}/faults`)).status).toBe(204);
    expect((await t.api.get(`/_emulator/webhooks/${webhook.id}/faults`)).body).toEqual(none);
    await createCard(t);
    await t.emulator.settled();
    // The card made before the clear is still held for its delay; the one after goes at once.
    expect(receiver.received).toHaveLength(1);
    await t.emulator.advanceClock(60_000);
    expect(receiver.received).toHaveLength(3);
  });

  it('webhook faults: refused settings answer 422 or 404 naming what is wrong; another tenant cannot see or set them', async () => {
    const t = await startEmulator();
    const webhook = (await t.api.post('/_emulator/webhooks', { url: 'http://127.0.0.1:9/hooks' })).body;
    const both = await t.api.put(`/_emulator/webhooks/${webhook.id}/faults`, { duplicate: { next: 1, fraction: 0.5 } });
    expect([both.status, both.body.errors[0].path]).toEqual([422, '#/duplicate/fraction']);
    const fresh = await t.api.put(`/_emulator/webhooks/${webhook.id}/faults`, { stale_timestamp: { age_seconds: 300 } });
    expect([fresh.status, fresh.body.errors[0].path]).toEqual([422, '#/stale_timestamp/age_seconds']);
    const unknownKind = await t.api.put(`/_emulator/webhooks/${webhook.id}/faults`, { lose_it: {} });
    expect(unknownKind.status).toBe(422);
    expect((await t.other.get(`/_emulator/webhooks/${webhook.id}/faults`)).status).toBe(404);
    expect((await t.other.put(`/_emulator/webhooks/${webhook.id}/faults`, {})).status).toBe(404);
    expect((await t.other.delete(`/_emulator/webhooks/${webhook.id}/faults`)).status).toBe(404);
  });
});
