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

describeCollection('MemoryCollection with { intern: true } (cardholders)', {
  make: () => new MemoryCollection<CardholderRecord>({ intern: true }),
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
    const store = new MemoryCollection<CardholderRecord>({ intern: true });
    const ada = cardholderRecord('carh_0000000000000000000001', { first_name: 'Ada' });
    const twin = cardholderRecord('carh_0000000000000000000002', { first_name: 'Ada' });
    store.put(TENANT_A, ada);
    store.put(TENANT_A, twin);
    expect(store.query(TENANT_A)).toEqual({ items: [ada, twin], totalItems: 2 });
    expect(store.get(TENANT_A, twin.id)?.address).toEqual(twin.address);
  });
});
