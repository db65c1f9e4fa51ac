import { describe, expect, it } from 'vitest';
import type { IdempotencyRecord, IdempotencyStore } from '../../emulator/ports/idempotency-store.js';

export const OP = 'POST /v1/cards';

/** An answered record of a tenant, operation and key (a 201), live until `expiresAt`. */
export const answered = (key: string, expiresAt: number, tenantId = 'ten_1', operation = OP): IdempotencyRecord => ({
  tenantId,
  operation,
  key,
  fingerprint: 'f',
  response: { status: 201, contentType: null, body: '', headers: {} },
  expiresAt,
});

/** A record whose first request is still running: no answer, no expiry yet. */
const inFlight = (key: string, tenantId = 'ten_1'): IdempotencyRecord => ({ tenantId, operation: OP, key, fingerprint: 'f', response: null, expiresAt: Number.POSITIVE_INFINITY });

export function describeIdempotencyStore(name: string, make: () => IdempotencyStore): void {
  describe(`${name}: the IdempotencyStore port`, () => {
    it('idempotency store: an expired record reads as absent', () => {
      const store = make();
      store.put(answered('k', 1000), 0);
      expect(store.get('ten_1', OP, 'k', 999)).toBeDefined();
      expect(store.get('ten_1', OP, 'k', 1000)).toBeUndefined();
      expect(store.get('ten_2', OP, 'k', 0)).toBeUndefined();
    });

    it('idempotency store: a record comes back as it was put, answer and all, under its tenant, operation and key only', () => {
      const store = make();
      const record: IdempotencyRecord = {
        tenantId: 'ten_1',
        operation: OP,
        key: 'create-card-1',
        fingerprint: 'sha256:abc',
        response: { status: 201, contentType: 'application/json; charset=utf-8', body: '{"id":"car_1"}', headers: { 'x-request-id': 'log_1' } },
        expiresAt: 86_400_000,
      };
      store.put(record, 0);
      expect(store.get('ten_1', OP, 'create-card-1', 1)).toEqual(record);
      expect(store.get('ten_1', OP, 'create-card-2', 1)).toBeUndefined();
      expect(store.get('ten_2', OP, 'create-card-1', 1)).toBeUndefined();
      expect(store.get('ten_1', 'POST /v1/ledger/cards', 'create-card-1', 1)).toBeUndefined();
    });

    it('idempotency store: the same key in two tenants is two records', () => {
      const store = make();
      const mine = answered('k', 5_000, 'ten_1');
      const theirs = { ...answered('k', 9_000, 'ten_2'), fingerprint: 'g' };
      store.put(mine, 0);
      store.put(theirs, 0);
      expect(store.get('ten_1', OP, 'k', 0)).toEqual(mine);
      expect(store.get('ten_2', OP, 'k', 0)).toEqual(theirs);
      expect(store.get('ten_1', OP, 'k', 6_000)).toBeUndefined();
      expect(store.get('ten_2', OP, 'k', 6_000)).toEqual(theirs);
    });

    // Mono keeps a key per operation: a client's sign-up flow sends one key to two operations.
    it('idempotency store: the same key on two operations is two records, and the operations holding it live are found', () => {
      const store = make();
      const holder = answered('k', 1_000, 'ten_1', 'POST /v1/ledger/account_holders');
      const account = { ...answered('k', 2_000, 'ten_1', 'POST /v1/ledger/accounts'), fingerprint: 'g' };
      store.put(holder, 0);
      store.put(account, 0);
      expect(store.get('ten_1', 'POST /v1/ledger/account_holders', 'k', 0)).toEqual(holder);
      expect(store.get('ten_1', 'POST /v1/ledger/accounts', 'k', 0)).toEqual(account);
      expect(store.get('ten_1', OP, 'k', 0)).toBeUndefined();
      expect(store.operationsHolding('ten_1', 'k', 999).sort()).toEqual(['POST /v1/ledger/account_holders', 'POST /v1/ledger/accounts']);
      expect(store.operationsHolding('ten_1', 'k', 1_000)).toEqual(['POST /v1/ledger/accounts']);
      expect(store.operationsHolding('ten_1', 'other', 0)).toEqual([]);
      expect(store.operationsHolding('ten_2', 'k', 0)).toEqual([]);
      store.delete('ten_1', 'POST /v1/ledger/accounts', 'k');
      expect(store.operationsHolding('ten_1', 'k', 0)).toEqual(['POST /v1/ledger/account_holders']);
      expect(store.get('ten_1', 'POST /v1/ledger/account_holders', 'k', 0)).toEqual(holder);
    });

    it('idempotency store: a record in flight stays, however late, until it is answered; then its TTL counts', () => {
      const store = make();
      store.put(inFlight('k'), 0);
      // Later writes, with their clocks far ahead, must not sweep the record away.
      for (let now = 1; now <= 50; now++) store.put(answered(`other-${now}`, now + 10), now * 1_000_000);
      expect(store.get('ten_1', OP, 'k', 1e12)).toEqual(inFlight('k'));
      store.put(answered('k', 2e12 + 100), 2e12);
      expect(store.get('ten_1', OP, 'k', 2e12 + 99)?.response?.status).toBe(201);
      expect(store.get('ten_1', OP, 'k', 2e12 + 100)).toBeUndefined();
    });

    it('idempotency store: a put replaces the record under the same key', () => {
      const store = make();
      store.put(answered('k', 1_000), 0);
      const replaced = { ...answered('k', 5_000), fingerprint: 'other' };
      store.put(replaced, 10);
      expect(store.get('ten_1', OP, 'k', 2_000)).toEqual(replaced);
    });

    it('idempotency store: writes that forget expired records keep the live ones, whatever order they expire in', () => {
      const store = make();
      store.put(answered('long', 10_000), 0);
      store.put(answered('short', 100), 0);
      store.put(answered('middle', 5_000), 50);
      store.put(answered('late', 20_000), 200);
      expect(store.get('ten_1', OP, 'long', 200)).toBeDefined();
      expect(store.get('ten_1', OP, 'short', 200)).toBeUndefined();
      expect(store.get('ten_1', OP, 'middle', 200)).toBeDefined();
      store.put(answered('later', 30_000), 7_000);
      expect(store.get('ten_1', OP, 'long', 7_000)).toBeDefined();
      expect(store.get('ten_1', OP, 'middle', 7_000)).toBeUndefined();
      expect(store.get('ten_1', OP, 'late', 7_000)).toBeDefined();
    });

    it('idempotency store: delete drops one key of one tenant (a request that failed frees its key)', () => {
      const store = make();
      store.put(inFlight('k', 'ten_1'), 0);
      store.put(inFlight('k', 'ten_2'), 0);
      store.delete('ten_1', OP, 'k');
      expect(store.get('ten_1', OP, 'k', 0)).toBeUndefined();
      expect(store.get('ten_2', OP, 'k', 0)).toEqual(inFlight('k', 'ten_2'));
      store.delete('ten_1', OP, 'never-used');
      expect(store.get('ten_2', OP, 'k', 0)).toBeDefined();
    });

    // Tenants' clocks differ (each tenant's time can be moved alone): a write at one tenant's time judges that tenant's records only.
    it("idempotency store: a write at a tenant's time far ahead leaves another tenant's live records live at its own time", () => {
      const store = make();
      store.put(answered('b-key', 1_000, 'ten_b'), 0);
      store.put(answered('a-old', 1_000, 'ten_a'), 0);
      store.put(answered('a-new', 90_000_000, 'ten_a'), 86_400_000);
      expect(store.get('ten_b', OP, 'b-key', 0)).toEqual(answered('b-key', 1_000, 'ten_b'));
      expect(store.get('ten_a', OP, 'a-old', 86_400_000)).toBeUndefined();
      expect(store.get('ten_a', OP, 'a-new', 86_400_000)).toBeDefined();
      store.put(answered('b-next', 2_000, 'ten_b'), 500);
      expect(store.get('ten_b', OP, 'b-key', 500)).toBeDefined();
    });

    it("idempotency store: forgetTenant() forgets that tenant's keys, in flight or answered, and no other tenant's", () => {
      const store = make();
      store.put(answered('k', 1_000, 'ten_a'), 0);
      store.put(inFlight('running', 'ten_a'), 0);
      store.put(answered('k', 1_000, 'ten_b'), 0);
      store.forgetTenant('ten_a');
      expect(store.get('ten_a', OP, 'k', 0)).toBeUndefined();
      expect(store.operationsHolding('ten_a', 'k', 0)).toEqual([]);
      expect(store.operationsHolding('ten_b', 'k', 0)).toEqual([OP]);
      expect(store.get('ten_a', OP, 'running', 0)).toBeUndefined();
      expect(store.get('ten_b', OP, 'k', 0)).toEqual(answered('k', 1_000, 'ten_b'));
      store.forgetTenant('ten_nobody');
      store.put(answered('k', 2_000, 'ten_a'), 0);
      expect(store.get('ten_a', OP, 'k', 0)?.expiresAt).toBe(2_000);
    });

    it('idempotency store: clear() forgets every record', () => {
      const store = make();
      store.put(answered('k', 1_000, 'ten_1'), 0);
      store.put(inFlight('k', 'ten_2'), 0);
      store.clear();
      expect(store.get('ten_1', OP, 'k', 0)).toBeUndefined();
      expect(store.operationsHolding('ten_1', 'k', 0)).toEqual([]);
      expect(store.get('ten_2', OP, 'k', 0)).toBeUndefined();
      store.put(answered('k', 1_000), 0);
      expect(store.get('ten_1', OP, 'k', 0)).toBeDefined();
    });
  });
}
