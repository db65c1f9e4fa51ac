import { describe, expect, it } from 'vitest';
import { drawFor, pull } from '../../emulator/domain/fault-triggers.js';
import { attemptFaults, planDelivery } from '../../emulator/domain/webhook-faults.js';
import { parseFaultSpec } from '../../emulator/fault-spec.js';
import type { DeliveryFaultPlan, FaultTrigger, WebhookFaultSettings } from '../../emulator/ports/faults.js';
import type { DeliveryAttemptRecord, DeliveryRecord } from '../../emulator/ports/records.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');

const noFaults: WebhookFaultSettings = {
  seed: 1,
  duplicate: null,
  reorder: null,
  delay: null,
  tamperedSignature: null,
  staleTimestamp: null,
  dropFirstAttempt: null,
  eventsSeen: 0,
  reorderWindowEndsAt: null,
};

const plainPlan: DeliveryFaultPlan = { delayedUntil: null, reorderWindowEndsAt: null, duplicate: null, tamperedSignature: false, staleSeconds: null, dropFirstAttempt: false };

function delivery(plan: DeliveryFaultPlan | null, attempts: Partial<DeliveryAttemptRecord>[] = []): DeliveryRecord {
  return {
    id: 'dlv_x',
    eventId: 'evt_x',
    eventType: 'card_created',
    webhookId: 'wh_x',
    url: 'http://127.0.0.1/x',
    status: 'pending',
    attempts: attempts.map((a, i) => ({ number: i + 1, at: NOW, statusCode: 500, latencyMs: 1, error: null, manual: false, faults: [], receiverVerdict: null, ...a })),
    nextAttemptAt: NOW,
    insertedAt: NOW,
    faultPlan: plan,
  };
}

describe('fault triggers', () => {
  it('fault triggers: a draw is in [0, 1), the same for the same seed, number and salt, and about uniform', () => {
    const draws = Array.from({ length: 10_000 }, (_, n) => drawFor(42, n, 0));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    expect(Array.from({ length: 100 }, (_, n) => drawFor(42, n, 0))).toEqual(draws.slice(0, 100));
    const below = draws.filter((d) => d < 0.3).length / draws.length;
    expect(below).toBeGreaterThan(0.27);
    expect(below).toBeLessThan(0.33);
    expect(drawFor(42, 7, 1)).not.toBe(drawFor(42, 7, 0));
    expect(drawFor(43, 7, 0)).not.toBe(drawFor(42, 7, 0));
  });

  it('fault triggers: next counts down as it fires and then stops; every always fires', () => {
    let trigger: FaultTrigger = { kind: 'next', remaining: 2 };
    const fired: boolean[] = [];
    for (let n = 0; n < 4; n++) {
      const drawn = pull(trigger, n, 0);
      fired.push(drawn.fires);
      trigger = drawn.trigger;
    }
    expect(fired).toEqual([true, true, false, false]);
    expect(trigger).toEqual({ kind: 'next', remaining: 0 });
    expect(pull({ kind: 'every' }, 99, 0).fires).toBe(true);
  });

  it('fault triggers: a fraction of 1 always fires', () => {
    expect(Array.from({ length: 50 }, (_, n) => pull({ kind: 'fraction', fraction: 1, seed: 3 }, n, 0).fires).every(Boolean)).toBe(true);
  });
});

describe('webhook fault plans', () => {
  it('webhook faults: events within a reorder window share its end; the first after it opens a new window', () => {
    let settings: WebhookFaultSettings = { ...noFaults, reorder: { windowSeconds: 10 } };
    const ends: (number | null)[] = [];
    for (const at of [NOW, NOW + 4_000, NOW + 9_999, NOW + 10_000]) {
      const planned = planDelivery(settings, at);
      ends.push(planned.plan!.reorderWindowEndsAt);
      settings = planned.settings;
    }
    expect(ends).toEqual([NOW + 10_000, NOW + 10_000, NOW + 10_000, NOW + 20_000]);
    expect(settings.eventsSeen).toBe(4);
  });

  it('webhook faults: a delayed event is not also held in the reorder window', () => {
    const planned = planDelivery({ ...noFaults, reorder: { windowSeconds: 10 }, delay: { trigger: { kind: 'every' }, seconds: 30 } }, NOW);
    expect(planned.plan).toMatchObject({ delayedUntil: NOW + 30_000, reorderWindowEndsAt: null });
  });

  it('webhook faults: an event no fault fires for has no plan, and is counted', () => {
    const planned = planDelivery({ ...noFaults, dropFirstAttempt: { trigger: { kind: 'next', remaining: 0 } } }, NOW);
    expect(planned.plan).toBeNull();
    expect(planned.settings.eventsSeen).toBe(1);
  });

  it('webhook faults: the drop falls on the first scheduled attempt, the tampered signature and stale timestamp on the first one sent', () => {
    const plan = { ...plainPlan, dropFirstAttempt: true, tamperedSignature: true, staleSeconds: 600 };
    expect(attemptFaults(delivery(plan), 'scheduled')).toEqual({ marks: ['dropped'], drop: true, tamper: false, staleSeconds: 0 });
    expect(attemptFaults(delivery(plan, [{}]), 'scheduled')).toEqual({ marks: ['tampered_signature', 'stale_timestamp'], drop: false, tamper: true, staleSeconds: 600 });
    expect(attemptFaults(delivery(plan, [{}, {}]), 'scheduled')).toEqual({ marks: [], drop: false, tamper: false, staleSeconds: 0 });
  });

  it('webhook faults: redeliveries carry no fault, and a redelivery does not count as the first attempt', () => {
    const plan = { ...plainPlan, tamperedSignature: true };
    expect(attemptFaults(delivery(plan), 'manual').marks).toEqual([]);
    expect(attemptFaults(delivery(plan, [{ manual: true }]), 'scheduled').marks).toEqual(['tampered_signature']);
    expect(attemptFaults(delivery(null), 'duplicate').marks).toEqual(['duplicate']);
  });
});

describe('the faults option text', () => {
  it('fault spec: the README examples parse to the rules they say', () => {
    expect(parseFaultSpec('createBankingCard:503:next=2')).toEqual({ operation: 'createBankingCard', kind: 'status', status: 503, next: 2 });
    expect(parseFaultSpec('*:429:fraction=0.1:retry-after=2:seed=7')).toEqual({ operation: '*', kind: 'status', status: 429, fraction: 0.1, retryAfterSeconds: 2, seed: 7 });
    expect(parseFaultSpec('createLedgerCard:hang=15000:status=503:next=1')).toEqual({ operation: 'createLedgerCard', kind: 'hang', ms: 15000, status: 503, next: 1 });
    expect(parseFaultSpec('getCard:drop')).toEqual({ operation: 'getCard', kind: 'drop' });
    expect(parseFaultSpec('*:latency=200')).toEqual({ operation: '*', kind: 'latency', ms: 200 });
  });

  it('fault spec: what is not a rule is refused with what is wrong', () => {
    expect(() => parseFaultSpec('getCard')).toThrow(/is not a fault/);
    expect(() => parseFaultSpec('getCard:slow')).toThrow(/"slow" is not 429, 500, 502, 503, 504, hang=<ms>, drop or latency=<ms>/);
    expect(() => parseFaultSpec('getCard:drop=3')).toThrow(/"drop=3" is not/);
    expect(() => parseFaultSpec('getCard:503:next')).toThrow(/"next" is not next=/);
    expect(() => parseFaultSpec('getCard:503:next=-1')).toThrow(/next takes a number, not "-1"/);
  });
});
