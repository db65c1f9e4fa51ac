import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CardSecretRecord } from '../../emulator/ports/records.js';
import type { CardSecretStore } from '../../emulator/ports/stores.js';
import { prop } from '../support/property.js';

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/**
 * Any secret a card network can answer with: PAN and CVV are digits (the CardNetwork suite holds
 * networks to that), the token reference is whatever text the network chose.
 */
const secretArb: fc.Arbitrary<CardSecretRecord> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 30 }),
  pan: digits(12, 19),
  expMonth: fc.integer({ min: 1, max: 12 }),
  expYear: fc.integer({ min: 2000, max: 2200 }),
  cvv: digits(3, 4),
  tokenReference: fc.string({ maxLength: 40, unit: fc.oneof(fc.constantFrom('|', ',', ':', ';', '\u0000', '\n'), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' })) }),
});

/** Secrets as the fake Visa network gives them (runtime/fake-visa-network.ts): 16-digit PAN, 3-digit CVV, `DNITHE` and 18 digits. */
const networkShapedSecretArb: fc.Arbitrary<CardSecretRecord> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 30 }),
  pan: digits(16, 16),
  expMonth: fc.integer({ min: 1, max: 12 }),
  expYear: fc.oneof(fc.integer({ min: 2000, max: 2200 }), fc.constantFrom(0, 9999, 10_000)),
  cvv: digits(3, 3),
  tokenReference: fc.oneof(digits(18, 18).map((d) => `DNITHE${d}`), digits(17, 19).map((d) => `DNITHE${d}`)),
});

export function describeCardSecretStore(name: string, make: () => CardSecretStore): void {
  describe(`${name}: the CardSecretStore port`, () => {
    it('card secrets: what is put comes back whole, per tenant, even a token reference holding the packing separator', () => {
      const store = make();
      const secret = { id: 'car_0000000000000000000001', pan: '4111117392640587', expMonth: 3, expYear: 2031, cvv: '042', tokenReference: 'tok|with|bars' };
      store.put('ten_a', secret);
      expect(store.get('ten_a', secret.id)).toEqual(secret);
      expect(store.get('ten_b', secret.id)).toBeUndefined();
      expect(store.get('ten_a', 'car_0000000000000000000002')).toBeUndefined();
    });

    it('card secrets: leading zeros, an empty token reference and a token of separators alone survive', () => {
      const store = make();
      const zeros = { id: 'car_0000000000000000000003', pan: '0000000000000000', expMonth: 1, expYear: 2030, cvv: '000', tokenReference: '' };
      const bars = { id: 'car_0000000000000000000004', pan: '4111110000000004', expMonth: 12, expYear: 2099, cvv: '007', tokenReference: '|||' };
      store.put('ten_a', zeros);
      store.put('ten_a', bars);
      expect(store.get('ten_a', zeros.id)).toEqual(zeros);
      expect(store.get('ten_a', bars.id)).toEqual(bars);
    });

    it("card secrets: the same card id in two tenants keeps each tenant's secret; a second put replaces the first", () => {
      const store = make();
      const id = 'car_0000000000000000000005';
      const a = { id, pan: '4111111111111111', expMonth: 5, expYear: 2030, cvv: '123', tokenReference: 'DNITHE1' };
      const b = { ...a, pan: '4111112222222222', cvv: '456' };
      store.put('ten_a', a);
      store.put('ten_b', b);
      expect(store.get('ten_a', id)).toEqual(a);
      expect(store.get('ten_b', id)).toEqual(b);
      const reissued = { ...a, expYear: 2033, tokenReference: 'DNITHE2' };
      store.put('ten_a', reissued);
      expect(store.get('ten_a', id)).toEqual(reissued);
      expect(store.get('ten_b', id)).toEqual(b);
    });

    it("card secrets: clear() forgets every tenant's secrets", () => {
      const store = make();
      const secret = { id: 'car_0000000000000000000006', pan: '4111111111111111', expMonth: 5, expYear: 2030, cvv: '123', tokenReference: 'DNITHE1' };
      store.put('ten_a', secret);
      store.put('ten_b', secret);
      store.clear();
      expect(store.get('ten_a', secret.id)).toBeUndefined();
      expect(store.get('ten_b', secret.id)).toBeUndefined();
      store.put('ten_a', secret);
      expect(store.get('ten_a', secret.id)).toEqual(secret);
    });

    it("card secrets: forgetTenant() forgets that tenant's secrets and no other tenant's", () => {
      const store = make();
      const secret = { id: 'car_0000000000000000000007', pan: '4111111111111111', expMonth: 5, expYear: 2030, cvv: '123', tokenReference: 'DNITHE1' };
      store.put('ten_a', secret);
      store.put('ten_b', secret);
      store.forgetTenant('ten_a');
      expect(store.get('ten_a', secret.id)).toBeUndefined();
      expect(store.get('ten_b', secret.id)).toEqual(secret);
      store.forgetTenant('ten_nobody');
      store.put('ten_a', secret);
      expect(store.get('ten_a', secret.id)).toEqual(secret);
    });

    it('card secrets: secrets shaped as the fake Visa network gives them come back whole, zeros at the start of each part and the year bounds too', () => {
      const store = make();
      const secrets = [
        { id: 'car_0000000000000000000010', pan: '0000000100000001', expMonth: 1, expYear: 0, cvv: '000', tokenReference: 'DNITHE000000000000000000' },
        { id: 'car_0000000000000000000011', pan: '4111110000000004', expMonth: 12, expYear: 9999, cvv: '007', tokenReference: 'DNITHE000000001000000001' },
        { id: 'car_0000000000000000000012', pan: '9999999999999999', expMonth: 7, expYear: 2031, cvv: '999', tokenReference: 'DNITHE999999999999999999' },
        { id: 'car_0000000000000000000013', pan: '4111117392640587', expMonth: 3, expYear: 10_000, cvv: '042', tokenReference: 'DNITHE123456789012345678' },
        { id: 'car_0000000000000000000014', pan: '4111117392640587', expMonth: 3, expYear: 2031, cvv: '042', tokenReference: 'dnithe123456789012345678' },
      ];
      for (const secret of secrets) store.put('ten_a', secret);
      for (const secret of secrets) expect(store.get('ten_a', secret.id)).toEqual(secret);
    });

    it('card secrets: a secret of another shape replaces a network-shaped one and the other way round', () => {
      const store = make();
      const id = 'car_0000000000000000000015';
      const shaped = { id, pan: '4111117392640587', expMonth: 3, expYear: 2031, cvv: '042', tokenReference: 'DNITHE123456789012345678' };
      const other = { id, pan: '41111173926405871', expMonth: 4, expYear: 2032, cvv: '0420', tokenReference: 'tok_1' };
      store.put('ten_a', shaped);
      store.put('ten_a', other);
      expect(store.get('ten_a', id)).toEqual(other);
      store.put('ten_a', shaped);
      expect(store.get('ten_a', id)).toEqual(shaped);
    });

    prop([fc.uniqueArray(fc.oneof(secretArb, networkShapedSecretArb), { selector: (secret) => secret.id, minLength: 1, maxLength: 20 })], { numRuns: 100 })(
      'card secrets: any mix of network-shaped and other secrets comes back whole, each by its card id',
      (secrets) => {
        const store = make();
        for (const secret of secrets) store.put('ten_a', secret);
        for (const secret of secrets) expect(store.get('ten_a', secret.id)).toEqual(secret);
      },
    );

    prop([fc.uniqueArray(secretArb, { selector: (secret) => secret.id, minLength: 1, maxLength: 20 })], { numRuns: 100 })(
      'card secrets: any set of secrets a network can answer with comes back whole, each by its card id',
      (secrets) => {
        const store = make();
        for (const secret of secrets) store.put('ten_a', secret);
        for (const secret of secrets) expect(store.get('ten_a', secret.id)).toEqual(secret);
      },
    );
  });
}
