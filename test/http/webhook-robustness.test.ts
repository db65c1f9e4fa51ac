import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type TestEmulator } from '../support/emulator.js';
import { prop } from '../support/property.js';
import { deliveryLog as allDeliveries, MONO_ATTEMPT_OFFSETS_SECONDS, MONO_MAX_ATTEMPTS, offsetsOf as offsets } from '../support/webhook-log.js';
import { startReceiver, type ReceiverAnswer } from '../support/webhook-receiver.js';

const HOURS = 3600 * 1000;
/** Card creations drive these tests: their card_created events (the emulator's own) are asked for. */
const CARD_EVENTS = ['card_created', 'card_state_changed'];
/**
 * Long enough that an answer at once, or after a tenth of it, always comes in time on a machine
 * busy with other test files; a hang or a too-slow answer costs this much real time each.
 */
const TIMEOUT_MS = 500;

/** What a hostile receiver does with one attempt. */
type Failure = 500 | 503 | 404 | 302 | 301 | 'reset' | 'hang' | 'too-slow';
type Success = 200 | 202 | 204 | 'slow-ok';

function answerOf(step: Failure | Success): ReceiverAnswer {
  if (step === 'too-slow') return { status: 200, afterMs: TIMEOUT_MS * 3 };
  if (step === 'slow-ok') return { status: 200, afterMs: TIMEOUT_MS / 10 };
  return step;
}

/** What the delivery log must say about an attempt the receiver answered that way. */
function loggedAs(step: Failure | Success): { status_code: number | null; error: boolean } {
  if (step === 'reset' || step === 'hang' || step === 'too-slow') return { status_code: null, error: true };
  if (step === 'slow-ok') return { status_code: 200, error: false };
  return { status_code: step, error: false };
}

const failure = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<Failure>(500, 503, 404, 302, 301, 'reset') },
  { weight: 1, arbitrary: fc.constantFrom<Failure>('hang', 'too-slow') },
);
const success = fc.constantFrom<Success>(200, 202, 204, 'slow-ok');
/** Per event: the failures its receiver answers first (more than nine exhaust Mono's ten attempts), then a success. */
const scripts = fc.array(fc.record({ failures: fc.array(failure, { maxLength: 11 }), success }), { minLength: 1, maxLength: 5 });

/** A top-up; answers its operation's id, which its ledger webhook names in `id_in_origin`. */
async function topUp(t: TestEmulator, n: number): Promise<string> {
  const res = await t.api.post(`/v1/ledger/accounts/${t.seed.ledgerAccountId}/balance`, { amount: { amount: 100 + n, currency: 'COP' }, operation: 'topup', external_id: `hostile-${n}` });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** What the receivers of the property did, for the run's figures. */
const faults = { events: 0, attempts: 0, failed: 0, byKind: {} as Record<string, number> };

describe('hostile webhook receivers', () => {
  afterAll(() => console.log(`hostile receivers: ${faults.events} events, ${faults.attempts} attempts, ${faults.failed} of them failed by the receiver ${JSON.stringify(faults.byKind)}`));

  prop([scripts], { numRuns: Number(process.env.FUZZ_RUNS ?? 8) })(
    'hostile receiver: whatever the receiver answers (5xx, 3xx, 404, resets, hangs, answers too slow), every event is attempted on Mono\'s schedule until a 2xx, logged attempt by attempt, and never sent again after it',
    async (plan) => {
      const t = await startEmulator({ webhookTimeoutMs: TIMEOUT_MS });
      const attemptsByEvent = new Map<string, number>();
      const scriptOf = new Map<string, (typeof plan)[number]>();
      const receiver = await startReceiver((request) => {
        const id = String(request.body.event.data.id_in_origin);
        const n = attemptsByEvent.get(id) ?? 0;
        attemptsByEvent.set(id, n + 1);
        const script = scriptOf.get(id)!;
        return answerOf(script.failures[n] ?? script.success);
      });
      try {
        expect((await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: CARD_EVENTS })).status).toBe(201);
        for (const [i, script] of plan.entries()) scriptOf.set(await topUp(t, i), script);
        await t.emulator.advanceClock(9 * HOURS);

        const log = await allDeliveries(t.api);
        expect(log).toHaveLength(plan.length);
        for (const delivery of log) {
          const eventId = JSON.parse(delivery.payload).event.data.id_in_origin as string;
          const script = scriptOf.get(eventId)!;
          const attempts = Math.min(script.failures.length + 1, MONO_MAX_ATTEMPTS);
          const steps = [...script.failures, script.success].slice(0, attempts);
          // Delivered if a 2xx came within ten attempts, else failed and kept: never lost.
          expect(delivery.status).toBe(script.failures.length < MONO_MAX_ATTEMPTS ? 'delivered' : 'failed');
          expect(offsets(delivery.attempts)).toEqual(MONO_ATTEMPT_OFFSETS_SECONDS.slice(0, attempts));
          expect(delivery.attempts.map((a) => ({ status_code: a.status_code, error: a.error !== null }))).toEqual(steps.map(loggedAs));
          // Every attempt the log shows reached the receiver, and none went unlogged.
          expect(attemptsByEvent.get(eventId)).toBe(attempts);
          faults.events++;
          faults.attempts += attempts;
          for (const step of steps.slice(0, script.failures.length)) {
            faults.failed++;
            faults.byKind[step] = (faults.byKind[step] ?? 0) + 1;
          }
        }
        // Nothing more is sent, however long one waits: not after a 2xx, not after the tenth failure.
        const received = receiver.received.length;
        await t.emulator.advanceClock(48 * HOURS);
        expect(receiver.received.length).toBe(received);
      } finally {
        await t.emulator.stop();
        await receiver.close();
      }
    },
    60_000,
  );
});

describe('slow receivers', () => {
  it('slow receiver: an answer within the timeout delivers at the first attempt, with its latency logged', async () => {
    const t = await startEmulator({ webhookTimeoutMs: 1_000 });
    const receiver = await startReceiver(() => ({ status: 200, afterMs: 300 }));
    await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: CARD_EVENTS });
    await topUp(t, 1);
    await t.emulator.settled();
    const [delivery] = await allDeliveries(t.api);
    expect(delivery!.status).toBe('delivered');
    expect(delivery!.attempts).toHaveLength(1);
    expect(delivery!.attempts[0]!.latency_ms).toBeGreaterThanOrEqual(250);
  });

  it('slow receiver: an answer after the timeout is a failed attempt (no answer within the timeout), retried 30 s later', async () => {
    const t = await startEmulator({ webhookTimeoutMs: 200 });
    let calls = 0;
    const receiver = await startReceiver(() => (calls++ === 0 ? { status: 200, afterMs: 1_000 } : 200));
    await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: CARD_EVENTS });
    await topUp(t, 1);
    await t.emulator.settled();
    let [delivery] = await allDeliveries(t.api);
    expect(delivery!.status).toBe('pending');
    expect(delivery!.attempts[0]).toMatchObject({ status_code: null, error: 'no answer within 200 ms' });
    await t.emulator.advanceClock(30_000);
    [delivery] = await allDeliveries(t.api);
    expect(delivery!.status).toBe('delivered');
    expect(offsets(delivery!.attempts)).toEqual([0, 30]);
  });

  it('slow receiver: while every attempt hangs, GETs and creations are answered as fast as with no receiver at all', async () => {
    const t = await startEmulator({ webhookTimeoutMs: 30_000 });
    const receiver = await startReceiver(() => 'hang');
    await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: CARD_EVENTS });
    for (let i = 0; i < 20; i++) await topUp(t, i);
    while (receiver.received.length < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    // 20 attempts are hanging now; the API does not wait for any of them.
    const started = performance.now();
    for (let i = 0; i < 50; i++) expect((await t.api.get('/v1/ledger/accounts')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5_000);
    const log = await allDeliveries(t.api);
    expect(log).toHaveLength(20);
    expect(log.every((d) => d.status === 'pending')).toBe(true);
  });
});

describe('receivers that answer and never finish', () => {
  it('status then hang: a 200 whose body never ends counts as delivered, and its socket is dropped after the timeout, so 80 events (more than the 64 sockets kept per host) all get there', async () => {
    // 1 s, not less: the status line must beat the timeout on a machine busy with other work (a
    // 200 ms timeout once expired first), and 16 deliveries wait that long for a socket.
    const t = await startEmulator({ webhookTimeoutMs: 1_000 });
    const receiver = await startReceiver(() => 'status-then-hang');
    await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: CARD_EVENTS });
    for (let i = 0; i < 80; i++) await topUp(t, i);
    // Waited for by the clock, not by turns of a loop: on a busy machine each turn takes longer than its 10 ms.
    await vi.waitFor(() => expect(receiver.received).toHaveLength(80), { timeout: 15_000, interval: 10 });
    await t.emulator.settled();
    const log = await allDeliveries(t.api);
    expect(log).toHaveLength(80);
    expect(log.every((d) => d.status === 'delivered' && d.attempts.length === 1 && d.attempts[0]!.status_code === 200)).toBe(true);
  });
});

describe('the delivery log is bounded', () => {
  it('delivery log: with webhookLogLimit 5 only the newest 5 finished deliveries are kept; pending ones are never dropped', async () => {
    const t = await startEmulator({ webhookLogLimit: 5 });
    let up = true;
    const receiver = await startReceiver(() => (up ? 200 : 500));
    await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: CARD_EVENTS });
    for (let i = 0; i < 12; i++) await topUp(t, i);
    await t.emulator.settled();
    const delivered = await allDeliveries(t.api);
    expect(delivered.map((d) => d.status)).toEqual(Array(5).fill('delivered'));
    expect(delivered.map((d) => JSON.parse(d.payload).event.data.amount.amount)).toEqual([111, 110, 109, 108, 107]);

    // Eight more that fail: pending deliveries are kept beyond the limit.
    up = false;
    for (let i = 12; i < 20; i++) await topUp(t, i);
    await t.emulator.settled();
    const withPending = await allDeliveries(t.api);
    expect(withPending.filter((d) => d.status === 'pending')).toHaveLength(8);
    expect(withPending.filter((d) => d.status === 'delivered')).toHaveLength(5);

    // Once they fail for good they are finished too, and the newest five finished stay.
    await t.emulator.advanceClock(9 * HOURS);
    const finished = await allDeliveries(t.api);
    expect(finished.map((d) => [d.status, JSON.parse(d.payload).event.data.amount.amount])).toEqual([119, 118, 117, 116, 115].map((a) => ['failed', a]));
    // A dropped delivery is gone from the log for good.
    expect((await t.api.get(`/_emulator/webhooks/deliveries/${delivered[0]!.id}`)).status).toBe(404);
  });
});

describe('stop', () => {
  it('stop: resolves with every delivery left pending — one cut off while its receiver hung, one waiting for its retry — and none that was delivered', async () => {
    const t = await startEmulator({ webhookTimeoutMs: 60_000 });
    const hanging = await startReceiver(() => 'hang');
    const failing = await startReceiver(() => 500);
    const fine = await startReceiver(() => 200);
    for (const receiver of [hanging, failing, fine]) await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: CARD_EVENTS });
    await topUp(t, 1);
    while (hanging.received.length === 0 || failing.received.length === 0 || fine.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const { undelivered } = await t.emulator.stop();
    expect(undelivered.map((d) => d.url).sort()).toEqual([hanging.url, failing.url].sort());
    expect(undelivered.find((d) => d.url === hanging.url)).toMatchObject({ eventType: 'ledger_account_transaction_created', attempts: 1, lastOutcome: 'the emulator stopped before the receiver answered' });
    expect(undelivered.find((d) => d.url === failing.url)).toMatchObject({ attempts: 1, lastOutcome: 'HTTP 500' });
  });
});
