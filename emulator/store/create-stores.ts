import type { AccountHolderRecord, SubaccountOperationRecord } from '../ports/records.js';
import type { Stores } from '../ports/stores.js';
import { CardRows } from './card-rows.js';
import { MemoryCardSecretStore } from './memory-card-secret-store.js';
import { MemoryCardStore } from './memory-card-store.js';
import { MemoryCollection, MemoryKeyedCollection } from './memory-collection.js';
import { MemoryIdempotencyStore } from './memory-idempotency-store.js';
import { MemoryTenantDirectory } from './memory-tenant-directory.js';

/** The one place that picks a storage backend; memory is the only one today. */
export function createStores(): Stores {
  // A card's secret is kept in the card's own row: one map entry per card instead of two.
  const cardRows = new CardRows();
  const stores: Omit<Stores, 'forgetTenant' | 'clear'> = {
    tenants: new MemoryTenantDirectory(),
    // People repeat: a CI suite creates card after card for one fixture holder.
    cardholders: new MemoryCollection({ share: true }),
    cards: new MemoryCardStore(cardRows),
    cardSecrets: new MemoryCardSecretStore(cardRows),
    configurationGroups: new MemoryCollection(),
    bankAccounts: new MemoryCollection(),
    accountHolders: new MemoryKeyedCollection((holder: AccountHolderRecord) => holder.external_id, { intern: true }),
    ledgerAccounts: new MemoryCollection(),
    ledgerTransactions: new MemoryCollection(),
    ledgerHolds: new MemoryCollection(),
    subaccountOperations: new MemoryKeyedCollection((operation: SubaccountOperationRecord) => operation.externalId),
    cardBalanceOperations: new MemoryCollection(),
    cardTransactions: new MemoryCollection(),
    spendingControls: new MemoryCollection(),
    plasticActivations: new MemoryCollection(),
    idempotency: new MemoryIdempotencyStore(),
    webhooks: new MemoryCollection(),
    webhookEvents: new MemoryCollection(),
    deliveries: new MemoryCollection(),
  };
  return {
    ...stores,
    forgetTenant(tenantId) {
      for (const store of Object.values(stores)) store.forgetTenant(tenantId);
    },
    clear() {
      for (const store of Object.values(stores)) store.clear();
    },
  };
}
