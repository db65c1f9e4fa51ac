import fc from 'fast-check';
import luhn from 'luhn';
import { describe, expect, it } from 'vitest';
import type { CardNetwork, ProvisionedCard, ProvisionRequest } from '../../emulator/ports/card-network.js';
import type { Clock } from '../../emulator/ports/clock.js';
import { createManualClock } from '../../emulator/runtime/clocks.js';
import { prop } from '../support/property.js';

export const ISSUED_AT = Date.parse('2026-03-02T12:00:00Z');
export const REQUEST: ProvisionRequest = {
  tenantId: 'ten_5tgliBmzjZ6mpQPRbQjfKj',
  cardId: 'car_5tgliBmzjZ6mpQPRbQjfKj',
  type: 'virtual',
  holderName: 'Dennis Ritchie',
  holderDocument: '1023711432',
};
export const networkSeed = fc.integer({ min: 0, max: 0xffff_ffff });

/** A network from the seed of its randomness, reading the time from `clock`. */
export type MakeCardNetwork = (seed: number, clock: Clock) => CardNetwork;

export async function provisionMany(make: MakeCardNetwork, seed: number, count: number, now = ISSUED_AT): Promise<ProvisionedCard[]> {
  const network = make(seed, createManualClock(now));
  const cards: ProvisionedCard[] = [];
  for (let i = 0; i < count; i++) cards.push(await network.provision(REQUEST));
  return cards;
}

/** Months from the issue instant's month (UTC) to the expiry month. */
export const monthsAhead = (issuedAt: number, card: ProvisionedCard) => {
  const issued = new Date(issuedAt);
  return card.expYear * 12 + (card.expMonth - 1) - (issued.getUTCFullYear() * 12 + issued.getUTCMonth());
};

/**
 * What the domain relies on from a card network (Mono's flow page: Visa answers "a tokenized card
 * number, expiry, and CVV"): Visa numbers that never repeat, an expiry ahead of the clock, a
 * three-digit CVV, a token reference; and, the randomness being injected, the same cards from the
 * same seed and clock.
 */
export function describeCardNetwork(name: string, make: MakeCardNetwork): void {
  describe(`${name}: the CardNetwork port`, () => {
    prop([networkSeed], { numRuns: 4, examples: [[20_260_101 ^ 0x5eed], [0]] })(
      'card network: 10,000 PANs are unique, Visa, 16 digits and Luhn-valid',
      async (seed) => {
        const pans = (await provisionMany(make, seed, 10_000)).map((card) => card.pan);
        expect(new Set(pans).size).toBe(10_000);
        expect(pans.filter((pan) => !/^\d{16}$/.test(pan))).toEqual([]);
        expect(pans.filter((pan) => !pan.startsWith('4'))).toEqual([]);
        expect(pans.filter((pan) => !luhn.validate(pan))).toEqual([]);
      },
    );

    prop(
      [networkSeed, fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2150-12-31T23:59:59Z'), noInvalidDate: true })],
      { numRuns: 300 },
    )('card network: the expiry is a real month after the month of the clock', async (seed, issuedAt) => {
      const [card] = await provisionMany(make, seed, 1, issuedAt.getTime());
      expect(Number.isInteger(card!.expMonth) && card!.expMonth >= 1 && card!.expMonth <= 12).toBe(true);
      expect(Number.isInteger(card!.expYear)).toBe(true);
      expect(monthsAhead(issuedAt.getTime(), card!)).toBeGreaterThan(0);
    });

    it('card network: the CVV is 3 digits, leading zeros kept', async () => {
      const cvvs = (await provisionMany(make, 11, 2_000)).map((card) => card.cvv);
      expect(cvvs.filter((cvv) => typeof cvv !== 'string' || !/^\d{3}$/.test(cvv))).toEqual([]);
      expect(cvvs.some((cvv) => cvv.startsWith('0'))).toBe(true);
      expect(new Set(cvvs).size).toBeGreaterThan(500);
    });

    it('card network: every card has a token reference', async () => {
      const tokens = (await provisionMany(make, 13, 200)).map((card) => card.tokenReference);
      expect(tokens.filter((token) => typeof token !== 'string' || token.length === 0)).toEqual([]);
    });

    prop([networkSeed], { numRuns: 10 })('card network: the same seed and clock give the same cards, in the same order', async (seed) => {
      const first = await provisionMany(make, seed, 500);
      const again = await provisionMany(make, seed, 500);
      expect(again).toEqual(first);
    });

    it('card network: another seed gives other card numbers', async () => {
      const a = (await provisionMany(make, 1, 100)).map((card) => card.pan);
      const b = (await provisionMany(make, 2, 100)).map((card) => card.pan);
      expect(a.filter((pan) => b.includes(pan))).toEqual([]);
    });
  });
}
