import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../emulator/domain/idempotency.js';
import { MemoryIdempotencyStore } from '../../emulator/store/memory-idempotency-store.js';
import { answered, OP } from '../ports/idempotency-store.suite.js';

const shuffleKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(shuffleKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, shuffleKeys(v)]));
  }
  return value;
};

describe('idempotency fingerprint', () => {
  it('fingerprint: the order of keys in a body does not matter', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        expect(fingerprintOf({ method: 'POST', path: '/v1/cards', body: shuffleKeys(body) })).toBe(
          fingerprintOf({ method: 'POST', path: '/v1/cards', body }),
        );
      }),
    );
  });

  it('fingerprint: another body, path or method is another request', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        // Bodies that differ in more than key order.
        const sorted = (v: unknown) =>
          JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
        fc.pre(sorted(a) !== sorted(b));
        expect(fingerprintOf({ method: 'POST', path: '/v1/cards', body: a })).not.toBe(fingerprintOf({ method: 'POST', path: '/v1/cards', body: b }));
      }),
    );
    const body = { a: 1 };
    const base = fingerprintOf({ method: 'POST', path: '/v1/cards', body });
    expect(fingerprintOf({ method: 'POST', path: '/v1/ledger/cards', body })).not.toBe(base);
    expect(fingerprintOf({ method: 'PUT', path: '/v1/cards', body })).not.toBe(base);
  });
});

// What every IdempotencyStore does is in test/ports/idempotency-store.suite.ts; here, what memory adds: a bound.
describe('memory idempotency store', () => {
  it('idempotency store: writes forget expired records, so the store holds one TTL of keys at most', () => {
    const store = new MemoryIdempotencyStore();
    const ttl = 100;
    for (let now = 0; now < 10_000; now++) store.put(answered(`k${now}`, now + ttl), now);
    expect(store.size).toBeLessThanOrEqual(ttl + 1);
    expect(store.get('ten_1', OP, 'k9999', 9999)).toBeDefined();
    expect(store.operationsHolding('ten_1', 'k0', 9999)).toEqual([]);
  });

  it("idempotency store: a write on a tenant whose clock ran ahead drops that tenant's expired records, and keeps the others' (each judged at its own tenant's time)", () => {
    const store = new MemoryIdempotencyStore();
    store.put(answered('b-key', 1_000, 'ten_b'), 0);
    store.put(answered('a-old', 1_000, 'ten_a'), 0);
    // Tenant A's clock was moved a day ahead; tenant B's is still at 0.
    store.put(answered('a-new', 90_000_000, 'ten_a'), 86_400_000);
    expect(store.size).toBe(2);
  });
});
