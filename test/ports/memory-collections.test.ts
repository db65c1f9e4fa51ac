import { describe, expect, it } from 'vitest';
import type { AccountHolderRecord, CardholderRecord, CardTransactionRecord, LedgerTransactionRecord, SubaccountOperationRecord } from '../../emulator/ports/records.js';
import { MemoryCardStore } from '../../emulator/store/memory-card-store.js';
import { MemoryCollection, MemoryKeyedCollection } from '../../emulator/store/memory-collection.js';
import {
  ACCOUNTS,
  accountHolderRecord,
  CARD_STATES,
  CARD_TYPES,
  cardholderRecord,
  cardRecord,
  cardTransactionRecord,
  ledgerTransactionRecord,
  subaccountOperationRecord,
} from '../support/records.js';
import { describeCollection, TENANT_A } from './collection.suite.js';
import { describeKeyedCollection } from './keyed-collection.suite.js';

// Each memory collection as create-stores.ts configures it, with fields the domain filters, bounds, searches and sorts on.
const LEDGER_ACCOUNTS = ['lacc_0000000000000000000001', 'lacc_0000000000000000000002'];

describeCollection('MemoryCollection (ledger transactions)', {
  make: () => new MemoryCollection<LedgerTransactionRecord>(),
  fields: { accountId: LEDGER_ACCOUNTS, operationType: ['credit', 'debit', 'hold', 'release'], holdId: [null, 'ltx_0000000000000000000001'] },
  numeric: 'transactionAt',
  text: { field: 'description', nullable: true },
  item: ledgerTransactionRecord,
});

// A card's transactions by state and type within a time (the card transaction list, velocity limits).
describeCollection('MemoryCollection (card transactions)', {
  make: () => new MemoryCollection<CardTransactionRecord>(),
  fields: {
    cardId: ['car_0000000000000000000001', 'car_0000000000000000000002'],
    state: ['approved', 'reversed', 'declined'],
    type: ['authorization_approved', 'withdrawal', 'refund'],
  },
  numeric: 'transactionAt',
  text: { field: 'description', nullable: true },
  item: cardTransactionRecord,
});

describeCollection('MemoryCollection with { share: true } (cardholders)', {
  make: () => new MemoryCollection<CardholderRecord>({ share: true }),
  fields: { first_name: ['Dennis', 'Ada', 'Grace'], nationality: ['CO', 'US'] },
  text: { field: 'middle_name', nullable: true },
  item: cardholderRecord,
});

// The card store counts per state, type and account: filters on those alone are answered from the
// counts; a filter on any other field (the cardholder) or a text search walks the cards.
describeCollection('MemoryCardStore (cards)', {
  make: () => new MemoryCardStore(),
  fields: { state: CARD_STATES, type: CARD_TYPES, accountId: ACCOUNTS, cardholderId: ['carh_0000000000000000000001', 'carh_0000000000000000000002'] },
  text: { field: 'nickname', nullable: true },
  item: cardRecord,
});

describeKeyedCollection('MemoryKeyedCollection (subaccount operations by external id)', {
  make: () => new MemoryKeyedCollection((operation: SubaccountOperationRecord) => operation.externalId),
  key: 'externalId',
  fields: { operationType: ['topup', 'withdrawal', 'account_to_account'], destinationAccountId: [...LEDGER_ACCOUNTS, null] },
  numeric: 'insertedAt',
  text: { field: 'reference', nullable: true },
  item: subaccountOperationRecord,
});

describeKeyedCollection('MemoryKeyedCollection with { intern: true } (account holders by external id)', {
  make: () => new MemoryKeyedCollection((holder: AccountHolderRecord) => holder.external_id, { intern: true }),
  key: 'external_id',
  fields: { state: ['active', 'blocked'], email: ['ana.gomez@example.com', null], phone_number: [null, '+573109876543'] },
  numeric: 'updatedAt',
  text: { field: 'state_reason_detail', nullable: true },
  item: accountHolderRecord,
});

describe('interned memory collections', () => {
  it('interned collection: what comes back equals what was put, nested objects, nulls and arrays included, and the put object is left as it was', () => {
    const store = new MemoryKeyedCollection((holder: AccountHolderRecord) => holder.external_id, { intern: true });
    const holder = accountHolderRecord('acch_0000000000000000000001', { email: null, metadata: { segment: 'retail', tier: 2, vip: false, note: null } });
    const untouched = structuredClone(holder);
    store.put(TENANT_A, holder);
    expect(store.get(TENANT_A, holder.id)).toEqual(holder);
    expect(store.getByKey(TENANT_A, holder.external_id)).toEqual(holder);
    expect(store.query(TENANT_A).items).toEqual([holder]);
    expect(holder).toEqual(untouched);
  });

  it('interned collection: two people with the same name and address come back as they were put, each with its own id', () => {
    const store = new MemoryCollection<CardholderRecord>({ share: true });
    const ada = cardholderRecord('carh_0000000000000000000001', { first_name: 'Ada' });
    const twin = cardholderRecord('carh_0000000000000000000002', { first_name: 'Ada' });
    store.put(TENANT_A, ada);
    store.put(TENANT_A, twin);
    expect(store.query(TENANT_A)).toEqual({ items: [ada, twin], totalItems: 2 });
    expect(store.get(TENANT_A, twin.id)?.address).toEqual(twin.address);
  });
});

describe('shared memory collections', () => {
  const person = (id: string, values: Partial<CardholderRecord> = {}) => cardholderRecord(id, values);

  it('shared collection: records equal but for their id come back each with its own id, equal to what was put', () => {
    const store = new MemoryCollection<CardholderRecord>({ share: true });
    const people = [person('carh_0000000000000000000001'), person('carh_0000000000000000000002'), person('carh_0000000000000000000003', { first_name: 'Grace' })];
    for (const p of people) store.put(TENANT_A, p);
    expect(people.map((p) => store.get(TENANT_A, p.id))).toEqual(people);
    expect(store.query(TENANT_A, { where: { first_name: 'Dennis' } }).items).toEqual(people.slice(0, 2));
  });

  it('shared collection: changing what was put, nested objects included, changes nothing stored', () => {
    const store = new MemoryCollection<CardholderRecord>({ share: true });
    const put = person('carh_0000000000000000000001');
    store.put(TENANT_A, put);
    store.put(TENANT_A, person('carh_0000000000000000000002'));
    put.first_name = 'Changed';
    put.document.number = '0';
    expect(store.get(TENANT_A, 'carh_0000000000000000000001')).toEqual(person('carh_0000000000000000000001'));
    expect(store.get(TENANT_A, 'carh_0000000000000000000002')).toEqual(person('carh_0000000000000000000002'));
  });

  it('shared collection: each get hands out its own record, so setting one of its fields leaves the store as it was', () => {
    const store = new MemoryCollection<CardholderRecord>({ share: true });
    store.put(TENANT_A, person('carh_0000000000000000000001'));
    store.put(TENANT_A, person('carh_0000000000000000000002'));
    const got = store.get(TENANT_A, 'carh_0000000000000000000001')!;
    got.first_name = 'Changed';
    got.id = 'carh_0000000000000000000009';
    expect(store.get(TENANT_A, 'carh_0000000000000000000001')).toEqual(person('carh_0000000000000000000001'));
    expect(store.get(TENANT_A, 'carh_0000000000000000000002')).toEqual(person('carh_0000000000000000000002'));
  });

  it('shared collection: values JSON cannot tell apart (NaN and null, Infinity) are kept as they were put', () => {
    const store = new MemoryCollection<LedgerTransactionRecord>({ share: true });
    const at = (id: string, settledFromHold: number) => ledgerTransactionRecord(id, { settledFromHold });
    store.put(TENANT_A, at('ltx_0000000000000000000001', Number.NaN));
    store.put(TENANT_A, at('ltx_0000000000000000000002', null as unknown as number));
    store.put(TENANT_A, at('ltx_0000000000000000000003', Number.POSITIVE_INFINITY));
    expect(store.get(TENANT_A, 'ltx_0000000000000000000001')!.settledFromHold).toBeNaN();
    expect(store.get(TENANT_A, 'ltx_0000000000000000000002')!.settledFromHold).toBeNull();
    expect(store.get(TENANT_A, 'ltx_0000000000000000000003')!.settledFromHold).toBe(Number.POSITIVE_INFINITY);
  });
});
