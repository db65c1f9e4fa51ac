import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { CardRecord, CardState, CardType } from '../../emulator/ports/records.js';
import type { ListQuery, Page, PageRequest } from '../../emulator/ports/stores.js';
import { MemoryCardStore } from '../../emulator/store/memory-card-store.js';

/** The filters of GET /v1/cards: each a set of alternatives. */
interface CardQuery {
  states: readonly CardState[];
  types?: readonly CardType[] | undefined;
  accountIds?: readonly string[] | undefined;
}

/** The list of GET /v1/cards as the domain asks the store for it: those filters, newest first. */
function listQuery({ states, types, accountIds }: CardQuery): ListQuery<CardRecord> {
  return { where: { state: states, type: types, accountId: accountIds }, order: 'newest' };
}

class CardList extends MemoryCardStore {
  list(tenantId: string, query: CardQuery, page: PageRequest): Page<CardRecord> {
    return this.query(tenantId, listQuery(query), page);
  }
}

const STATES: readonly CardState[] = ['created', 'active', 'frozen', 'canceled'];
const TYPES: readonly CardType[] = ['virtual', 'plastic'];
const ACCOUNTS = ['acc_000000000000000000000A', 'acc_000000000000000000000B', 'lacc_00000000000000000000000C'] as const;
const ALL_STATES = { states: STATES };
const TENANT_A = 'ten_A';
const TENANT_B = 'ten_B';

let serial = 0;
function card(overrides: Partial<CardRecord> = {}): CardRecord {
  serial += 1;
  const lastFour = String(serial % 10_000).padStart(4, '0');
  return {
    id: `car_${String(serial).padStart(22, '0')}`,
    accountId: ACCOUNTS[0],
    cardholderId: 'carh_0000000000000000000001',
    configurationGroupId: 'ccg_0000000000000000000001',
    type: 'virtual',
    state: 'active',
    nickname: null,
    maskedPan: `411111******${lastFour}`,
    initialBalance: null,
    spendingControlId: null,
    prepaidBalance: null,
    ...overrides,
  };
}

const ids = (cards: readonly CardRecord[]) => cards.map((c) => c.id);
const page = (pageNumber: number, pageSize: number): PageRequest => ({ pageNumber, pageSize });

/** Puts `cards` into a new store for one tenant, in order. */
function storeWith(cards: CardRecord[], tenantId = TENANT_A): CardList {
  const store = new CardList();
  for (const c of cards) store.put(tenantId, c);
  return store;
}

describe('MemoryCardStore.query for GET /v1/cards', () => {
  it('card store: the total counts every matching card, while items hold only the page', () => {
    const cards = Array.from({ length: 25 }, () => card());
    const result = storeWith(cards).list(TENANT_A, ALL_STATES, page(1, 10));
    expect(result.totalItems).toBe(25);
    expect(result.items).toHaveLength(10);
  });

  it('card store: totals are counted per state, type and account', () => {
    const store = storeWith([
      card({ state: 'active', type: 'virtual', accountId: ACCOUNTS[0] }),
      card({ state: 'active', type: 'plastic', accountId: ACCOUNTS[0] }),
      card({ state: 'frozen', type: 'virtual', accountId: ACCOUNTS[1] }),
      card({ state: 'created', type: 'plastic', accountId: ACCOUNTS[1] }),
      card({ state: 'canceled', type: 'virtual', accountId: ACCOUNTS[2] }),
      card({ state: 'active', type: 'virtual', accountId: ACCOUNTS[2] }),
    ]);
    const total = (query: CardQuery) => store.list(TENANT_A, query, page(1, 10)).totalItems;
    expect(total(ALL_STATES)).toBe(6);
    expect(total({ states: ['active'] })).toBe(3);
    expect(total({ states: ['frozen'] })).toBe(1);
    expect(total({ states: ['created'] })).toBe(1);
    expect(total({ states: ['canceled'] })).toBe(1);
    expect(total({ states: STATES, types: ['plastic'] })).toBe(2);
    expect(total({ states: STATES, types: ['virtual'] })).toBe(4);
    expect(total({ states: STATES, accountIds: [ACCOUNTS[0]] })).toBe(2);
    expect(total({ states: STATES, accountIds: [ACCOUNTS[2]] })).toBe(2);
    expect(total({ states: STATES, accountIds: ['acc_unknown0000000000000000'] })).toBe(0);
  });

  it('card store: cards are listed newest first, across pages', () => {
    const cards = Array.from({ length: 12 }, () => card());
    const store = storeWith(cards);
    const newestFirst = ids([...cards].reverse());
    expect(ids(store.list(TENANT_A, ALL_STATES, page(1, 5)).items)).toEqual(newestFirst.slice(0, 5));
    expect(ids(store.list(TENANT_A, ALL_STATES, page(2, 5)).items)).toEqual(newestFirst.slice(5, 10));
    expect(ids(store.list(TENANT_A, ALL_STATES, page(3, 5)).items)).toEqual(newestFirst.slice(10, 12));
  });

  it('card store: filters combine (a card must match state and type and account; values within one filter are alternatives)', () => {
    const match1 = card({ state: 'active', type: 'plastic', accountId: ACCOUNTS[1] });
    const match2 = card({ state: 'frozen', type: 'plastic', accountId: ACCOUNTS[2] });
    const store = storeWith([
      card({ state: 'active', type: 'virtual', accountId: ACCOUNTS[1] }), // wrong type
      match1,
      card({ state: 'canceled', type: 'plastic', accountId: ACCOUNTS[1] }), // wrong state
      card({ state: 'active', type: 'plastic', accountId: ACCOUNTS[0] }), // wrong account
      match2,
    ]);
    const result = store.list(TENANT_A, { states: ['active', 'frozen'], types: ['plastic'], accountIds: [ACCOUNTS[1], ACCOUNTS[2]] }, page(1, 10));
    expect(ids(result.items)).toEqual([match2.id, match1.id]);
    expect(result.totalItems).toBe(2);
  });

  it('card store: the state filter alone leaves out the states not asked for', () => {
    const created = card({ state: 'created' });
    const active = card({ state: 'active' });
    const canceled = card({ state: 'canceled' });
    const store = storeWith([created, active, canceled]);
    expect(ids(store.list(TENANT_A, { states: ['active', 'frozen'] }, page(1, 10)).items)).toEqual([active.id]);
    expect(ids(store.list(TENANT_A, { states: ['created', 'canceled'] }, page(1, 10)).items)).toEqual([canceled.id, created.id]);
  });

  it('card store: a page beyond the end is empty and still carries the total', () => {
    const store = storeWith(Array.from({ length: 7 }, () => card()));
    expect(store.list(TENANT_A, ALL_STATES, page(2, 7))).toEqual({ items: [], totalItems: 7 });
    expect(store.list(TENANT_A, ALL_STATES, page(1000, 10))).toEqual({ items: [], totalItems: 7 });
    expect(store.list(TENANT_A, { states: ['frozen'] }, page(1, 10))).toEqual({ items: [], totalItems: 0 });
  });

  it('card store: a state change moves the card from one state count to the other and keeps its place', () => {
    const first = card({ state: 'active' });
    const second = card({ state: 'active' });
    const third = card({ state: 'active' });
    const store = storeWith([first, second, third]);
    store.put(TENANT_A, { ...second, state: 'frozen', nickname: 'congelada' });

    expect(store.list(TENANT_A, { states: ['active'] }, page(1, 10))).toMatchObject({ totalItems: 2 });
    expect(ids(store.list(TENANT_A, { states: ['active'] }, page(1, 10)).items)).toEqual([third.id, first.id]);
    const frozen = store.list(TENANT_A, { states: ['frozen'] }, page(1, 10));
    expect(frozen.totalItems).toBe(1);
    expect(frozen.items).toEqual([{ ...second, state: 'frozen', nickname: 'congelada' }]);
    expect(ids(store.list(TENANT_A, ALL_STATES, page(1, 10)).items)).toEqual([third.id, second.id, first.id]);
    expect(store.list(TENANT_A, ALL_STATES, page(1, 10)).totalItems).toBe(3);
  });

  it('card store: a deleted card leaves its counts and its list', () => {
    const kept = card({ state: 'active' });
    const gone = card({ state: 'active' });
    const store = storeWith([kept, gone]);
    expect(store.delete(TENANT_A, gone.id)).toBe(true);
    expect(store.list(TENANT_A, ALL_STATES, page(1, 10))).toEqual({ items: [kept], totalItems: 1 });
    expect(store.delete(TENANT_A, gone.id)).toBe(false);
  });

  it("card store: tenants never mix, not even with equal card ids", () => {
    const store = new CardList();
    const a = card({ state: 'active' });
    const b = card({ state: 'active' });
    const sameIdInB = { ...a, state: 'frozen' as const, accountId: ACCOUNTS[1] };
    store.put(TENANT_A, a);
    store.put(TENANT_B, b);
    store.put(TENANT_B, sameIdInB);

    expect(store.list(TENANT_A, ALL_STATES, page(1, 10))).toEqual({ items: [a], totalItems: 1 });
    expect(store.list(TENANT_B, ALL_STATES, page(1, 10))).toEqual({ items: [sameIdInB, b], totalItems: 2 });
    expect(store.get(TENANT_A, a.id)).toEqual(a);
    expect(store.get(TENANT_A, b.id)).toBeUndefined();
    expect(store.list('ten_nobody', ALL_STATES, page(1, 10))).toEqual({ items: [], totalItems: 0 });

    store.delete(TENANT_B, a.id);
    expect(store.get(TENANT_A, a.id)).toEqual(a);
    expect(store.list(TENANT_A, { states: ['active'] }, page(1, 10)).totalItems).toBe(1);
  });

  it("card store: forgetting a tenant (its reset) drops its cards and counts, and no other tenant's", () => {
    const store = new CardList();
    const a = card({ state: 'active' });
    const b = card({ state: 'active' });
    store.put(TENANT_A, a);
    store.put(TENANT_B, b);
    store.forgetTenant(TENANT_A);
    expect(store.get(TENANT_A, a.id)).toBeUndefined();
    expect(store.list(TENANT_A, ALL_STATES, page(1, 10))).toEqual({ items: [], totalItems: 0 });
    expect(store.list(TENANT_B, ALL_STATES, page(1, 10))).toEqual({ items: [b], totalItems: 1 });
  });
});

// ---- model-based property -------------------------------------------------------------------

type Op =
  | { kind: 'put'; tenant: number; state: CardState; type: CardType; account: number }
  | { kind: 'setState'; tenant: number; pick: number; state: CardState }
  | { kind: 'delete'; tenant: number; pick: number };

const tenantIndex = fc.integer({ min: 0, max: 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      tenant: tenantIndex,
      state: fc.constantFrom(...STATES),
      type: fc.constantFrom(...TYPES),
      account: fc.integer({ min: 0, max: ACCOUNTS.length - 1 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('setState' as const), tenant: tenantIndex, pick: fc.nat(), state: fc.constantFrom(...STATES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), tenant: tenantIndex, pick: fc.nat() }) },
);

const listFilter = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined });
const queryArb = fc.record({
  tenant: tenantIndex,
  query: fc.record(
    {
      states: fc.subarray([...STATES], { minLength: 1 }),
      types: listFilter(TYPES),
      accountIds: listFilter([...ACCOUNTS, 'acc_notAnAccountOfAnyone00000']),
    },
    { requiredKeys: ['states'] },
  ),
  page: fc.record({ pageNumber: fc.integer({ min: 1, max: 6 }), pageSize: fc.integer({ min: 1, max: 8 }) }),
});

describe('MemoryCardStore.query against a naive model', () => {
  test.prop([fc.array(opArb, { maxLength: 80 }), fc.array(queryArb, { minLength: 1, maxLength: 10 })], { seed: 0x5707e, numRuns: 300 })(
    'card store: for random puts, state changes and deletes, query() equals filter + newest-first + slice over all cards',
    (ops, queries) => {
      const store = new CardList();
      const tenants = [TENANT_A, TENANT_B];
      // The model: each tenant's cards in the order they were first put.
      const model: CardRecord[][] = [[], []];
      for (const op of ops) {
        const cards = model[op.tenant]!;
        if (op.kind === 'put') {
          const c = card({ state: op.state, type: op.type, accountId: ACCOUNTS[op.account] });
          cards.push(c);
          store.put(tenants[op.tenant]!, c);
        } else if (cards.length > 0) {
          const at = op.pick % cards.length;
          if (op.kind === 'setState') {
            const changed = { ...cards[at]!, state: op.state };
            cards[at] = changed;
            store.put(tenants[op.tenant]!, changed);
          } else {
            const [removed] = cards.splice(at, 1);
            expect(store.delete(tenants[op.tenant]!, removed!.id)).toBe(true);
          }
        }
      }

      for (const { tenant, query, page: request } of queries) {
        const matching = [...model[tenant]!]
          .reverse()
          .filter(
            (c) =>
              query.states.includes(c.state) &&
              (query.types === undefined || query.types.includes(c.type)) &&
              (query.accountIds === undefined || query.accountIds.includes(c.accountId)),
          );
        const start = (request.pageNumber - 1) * request.pageSize;
        const expected = { items: matching.slice(start, start + request.pageSize), totalItems: matching.length };
        expect(store.list(tenants[tenant]!, query, request)).toEqual(expected);
      }
    },
  );
});

describe('MemoryCardStore.query beyond the list filters', () => {
  it('card store: a text filter on the nickname, with a state filter, counts and pages like any collection', () => {
    const cards = [
      card({ nickname: 'Viajes Europa' }),
      card({ nickname: null }),
      card({ nickname: 'viajes nacionales', state: 'frozen' }),
      card({ nickname: 'Mercado' }),
      card({ nickname: 'VIAJES', state: 'canceled' }),
    ];
    const store = storeWith(cards);
    const query: ListQuery<CardRecord> = { where: { state: ['active', 'frozen'] }, contains: { nickname: 'viajes' }, order: 'newest' };
    expect(store.query(TENANT_A, query, page(1, 10))).toEqual({ items: [cards[2], cards[0]], totalItems: 2 });
    expect(store.query(TENANT_A, query, page(2, 1))).toEqual({ items: [cards[0]], totalItems: 2 });
  });
});

describe('MemoryCardStore: what is kept', () => {
  it('card store: cards that share everything but their id, holder and number come back as put; changing what was put or what came back changes nothing stored', () => {
    const balance = { amount: 5_000_00, currency: 'COP' as const };
    const cards = [card({ initialBalance: balance }), card({ initialBalance: { ...balance } }), card({ cardholderId: 'carh_0000000000000000000002', initialBalance: { ...balance } })];
    const expected = structuredClone(cards);
    const store = storeWith(cards);
    balance.amount = 1;
    cards[1]!.state = 'canceled';
    store.get(TENANT_A, cards[2]!.id)!.nickname = 'changed';
    expect(cards.map((c) => store.get(TENANT_A, c.id))).toEqual(expected);
    expect(store.list(TENANT_A, { states: ['active'] }, page(1, 10))).toEqual({ items: [...expected].reverse(), totalItems: 3 });
  });
});
