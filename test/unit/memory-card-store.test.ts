import { describe, expect, it } from 'vitest';
import type { CardRecord, CardState, CardType } from '../../emulator/ports/records.js';
import type { ListQuery, Page, PageRequest } from '../../emulator/ports/stores.js';
import { MemoryCardStore } from '../../emulator/store/memory-card-store.js';
import { ACCOUNTS, CARD_STATES, cardRecord } from '../support/records.js';

// What every Collection does (order, paging, tenants, deletes, a model check) is in
// test/ports/collection.suite.ts, run on this store by test/ports/memory-collections.test.ts.
// Here: the card store's counts per state, type and account, through the queries GET /v1/cards makes.

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

const ALL_STATES = { states: CARD_STATES };
const TENANT_A = 'ten_A';

let serial = 0;
const card = (values: Partial<CardRecord> = {}) => cardRecord(`car_${String(++serial).padStart(22, '0')}`, values);
const ids = (cards: readonly CardRecord[]) => cards.map((c) => c.id);
const page = (pageNumber: number, pageSize: number): PageRequest => ({ pageNumber, pageSize });

/** Puts `cards` into a new store for one tenant, in order. */
function storeWith(cards: CardRecord[], tenantId = TENANT_A): CardList {
  const store = new CardList();
  for (const c of cards) store.put(tenantId, c);
  return store;
}

describe('MemoryCardStore.query for GET /v1/cards', () => {
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
    expect(total({ states: CARD_STATES, types: ['plastic'] })).toBe(2);
    expect(total({ states: CARD_STATES, types: ['virtual'] })).toBe(4);
    expect(total({ states: CARD_STATES, accountIds: [ACCOUNTS[0]] })).toBe(2);
    expect(total({ states: CARD_STATES, accountIds: [ACCOUNTS[2]] })).toBe(2);
    expect(total({ states: CARD_STATES, accountIds: ['acc_unknown0000000000000000'] })).toBe(0);
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
