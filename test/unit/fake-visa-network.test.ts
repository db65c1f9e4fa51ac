import fc from 'fast-check';
import luhn from 'luhn';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProvisionedCard } from '../../emulator/ports/card-network.js';
import { createManualClock } from '../../emulator/runtime/clocks.js';
import { createFakeVisaNetwork, EMULATOR_BIN, luhnCheckDigit } from '../../emulator/runtime/fake-visa-network.js';
import { createSeededRandom } from '../../emulator/runtime/seeded-random.js';
import { ISSUED_AT, monthsAhead, networkSeed, provisionMany as provisionFrom, REQUEST, type MakeCardNetwork } from '../ports/card-network.suite.js';
import { prop } from '../support/property.js';

// What every CardNetwork does (unique Luhn-valid Visa PANs, expiry ahead, CVV, repeatable from
// the seed) is in test/ports/card-network.suite.ts, run on this network by test/ports/fake-visa-network.test.ts.
// Here: what the fake adds, its BIN, its 36-to-60-month expiry and its latency.

const digit = fc.integer({ min: 0, max: 9 });
const payload15 = fc.array(digit, { minLength: 15, maxLength: 15 }).map((digits) => digits.join(''));

const fakeVisa: MakeCardNetwork = (seed, clock) => createFakeVisaNetwork({ random: createSeededRandom(seed), clock });
const provisionMany = (seed: number, count: number, now = ISSUED_AT) => provisionFrom(fakeVisa, seed, count, now);

function network(seed: number, now = ISSUED_AT, latencyMs?: number) {
  const clock = createManualClock(now);
  return createFakeVisaNetwork({ random: createSeededRandom(seed), clock, ...(latencyMs === undefined ? {} : { latencyMs }) });
}

describe('luhnCheckDigit', () => {
  prop([payload15.filter((payload) => /[1-9]/.test(payload))])(
    'luhnCheckDigit: completes any 15-digit payload to a number the luhn package accepts, and every other last digit is rejected',
    (payload) => {
      const check = luhnCheckDigit(payload);
      expect(Number.isInteger(check) && check >= 0 && check <= 9).toBe(true);
      expect(luhn.validate(`${payload}${check}`)).toBe(true);
      for (let other = 0; other <= 9; other++) {
        if (other !== check) expect(luhn.validate(`${payload}${other}`), `${payload}${other}`).toBe(false);
      }
    },
  );

  it('luhnCheckDigit: gives the check digits of well-known test numbers', () => {
    expect(luhnCheckDigit('411111111111111')).toBe(1); // 4111 1111 1111 1111
    expect(luhnCheckDigit('424242424242424')).toBe(2); // 4242 4242 4242 4242
    expect(luhnCheckDigit('555555555555444')).toBe(4); // 5555 5555 5555 4444
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook 79927398713
    // The luhn package refuses an all-zero number outright, so this one is checked by hand.
    expect(luhnCheckDigit('000000000000000')).toBe(0);
  });
});

describe('fake Visa network', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fake Visa network: the emulator BIN is a six-digit Visa BIN', () => {
    expect(EMULATOR_BIN).toMatch(/^4\d{5}$/);
  });

  prop([networkSeed], { numRuns: 4, examples: [[20_260_101 ^ 0x5eed], [0]] })('fake Visa network: 10,000 PANs are all in the emulator BIN', async (seed) => {
    const pans = (await provisionMany(seed, 10_000)).map((card) => card.pan);
    expect(pans.filter((pan) => !pan.startsWith(EMULATOR_BIN))).toEqual([]);
  });

  prop(
    [networkSeed, fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2150-12-31T23:59:59Z'), noInvalidDate: true })],
    { numRuns: 300 },
  )('fake Visa network: expiry is 36 to 60 months after the month of the clock, in a real month', async (seed, issuedAt) => {
    const [card] = await provisionMany(seed, 1, issuedAt.getTime());
    expect(Number.isInteger(card!.expMonth) && card!.expMonth >= 1 && card!.expMonth <= 12).toBe(true);
    expect(Number.isInteger(card!.expYear)).toBe(true);
    const months = monthsAhead(issuedAt.getTime(), card!);
    expect(months).toBeGreaterThanOrEqual(36);
    expect(months).toBeLessThanOrEqual(60);
  });

  it('fake Visa network: over many cards the expiry takes every month from 36 to 60 ahead', async () => {
    const issuedAt = Date.parse('2026-12-31T23:59:59Z');
    const seen = new Set((await provisionMany(7, 2_000, issuedAt)).map((card) => monthsAhead(issuedAt, card)));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => 36 + i));
  });

  it('fake Visa network: a latency of 250 ms holds the answer back exactly that long', async () => {
    vi.useFakeTimers();
    const visa = network(5, ISSUED_AT, 250);
    let card: ProvisionedCard | undefined;
    const pending = visa.provision(REQUEST).then((answer) => (card = answer));
    await vi.advanceTimersByTimeAsync(249);
    expect(card).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(card).toBeDefined();
    await pending;
    expect(luhn.validate(card!.pan)).toBe(true);
  });

  it('fake Visa network: a latency of 250 ms delays each of several concurrent calls', async () => {
    vi.useFakeTimers();
    const visa = network(5, ISSUED_AT, 250);
    let answered = 0;
    const pending = Promise.all([1, 2, 3].map(() => visa.provision(REQUEST).then(() => answered++)));
    await vi.advanceTimersByTimeAsync(200);
    expect(answered).toBe(0);
    await vi.advanceTimersByTimeAsync(50);
    await pending;
    expect(answered).toBe(3);
  });

  it('fake Visa network: without latency the answer sets no timer', async () => {
    vi.useFakeTimers();
    const visa = network(5, ISSUED_AT);
    const pending = visa.provision(REQUEST);
    expect(vi.getTimerCount()).toBe(0);
    expect(luhn.validate((await pending).pan)).toBe(true);
  });
});
