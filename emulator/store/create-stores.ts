import type { AccountHolderRecord, LedgerTransactionRecord } from '../domain/model.js';
import type { Stores } from '../ports/stores.js';
import { MemoryCardSecretStore } from './memory-card-secret-store.js';
import { MemoryCardStore } from './memory-card-store.js';
import { MemoryCollection, MemoryKeyedCollection } from './memory-collection.js';
import { MemoryIdempotencyStore } from './memory-idempotency-store.js';
import { MemoryTenantDirectory } from './memory-tenant-directory.js';

/** The one place that picks a storage backend; memory is the only one today. */
export function createStores(): Stores {
  return {
    tenants: new MemoryTenantDirectory(),
    cardholders: new MemoryCollection(),
    cards: new MemoryCardStore(),
    cardSecrets: new MemoryCardSecretStore(),
    configurationGroups: new MemoryCollection(),
    bankAccounts: new MemoryCollection(),
    accountHolders: new MemoryKeyedCollection((holder: AccountHolderRecord) => holder.external_id),
    ledgerAccounts: new MemoryCollection(),
    ledgerTransactions: new MemoryKeyedCollection((tx: LedgerTransactionRecord) => tx.externalId),
    spendingControls: new MemoryCollection(),
    idempotency: new MemoryIdempotencyStore(),
    webhooks: new MemoryCollection(),
    webhookEvents: new MemoryCollection(),
    deliveries: new MemoryCollection(),
  };
}
