import type {
  AccountHolderRecord,
  BankAccountRecord,
  CardholderRecord,
  CardRecord,
  CardSecretRecord,
  CardState,
  CardType,
  ConfigurationGroupRecord,
  LedgerAccountRecord,
  LedgerTransactionRecord,
  SpendingControlRecord,
  Tenant,
  DeliveryRecord,
  WebhookEventRecord,
  WebhookRecord,
} from '../domain/model.js';
import type { IdempotencyStore } from './idempotency-store.js';

/**
 * Storage is narrow and synchronous: a domain operation reads, decides, then writes everything
 * it changes without yielding, so no other request ever sees half of a change. Stores keep data
 * per tenant and hold no business rule.
 */
export interface Collection<T extends { id: string }> {
  get(tenantId: string, id: string): T | undefined;
  /** Inserts or replaces; a replaced item keeps its place in insertion order. */
  put(tenantId: string, item: T): void;
  delete(tenantId: string, id: string): boolean;
  /** Every item of the tenant, oldest first. */
  all(tenantId: string): readonly T[];
}

/** Card secrets are written with their card and read one at a time by the look page: never listed, never removed apart from the card. */
export interface CardSecretStore {
  get(tenantId: string, cardId: string): CardSecretRecord | undefined;
  put(tenantId: string, secret: CardSecretRecord): void;
}

/** A collection with a unique secondary key per tenant (e.g. `external_id`). */
export interface KeyedCollection<T extends { id: string }> extends Collection<T> {
  getByKey(tenantId: string, key: string): T | undefined;
}

export interface PageRequest {
  pageNumber: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  totalItems: number;
}

export interface CardQuery {
  states: readonly CardState[];
  types?: readonly CardType[];
  accountIds?: readonly string[];
}

/** Cards are the one collection that grows large, so listing is the store's job, newest first. */
export interface CardStore extends Collection<CardRecord> {
  query(tenantId: string, query: CardQuery, page: PageRequest): Page<CardRecord>;
}

export interface TenantDirectory {
  add(tenant: Tenant): void;
  byApiKey(apiKey: string): Tenant | undefined;
  byId(id: string): Tenant | undefined;
  /** Replaces a tenant's record (its settings). */
  update(tenant: Tenant): void;
  all(): readonly Tenant[];
}

export interface Stores {
  tenants: TenantDirectory;
  cardholders: Collection<CardholderRecord>;
  cards: CardStore;
  cardSecrets: CardSecretStore;
  configurationGroups: Collection<ConfigurationGroupRecord>;
  bankAccounts: Collection<BankAccountRecord>;
  accountHolders: KeyedCollection<AccountHolderRecord>;
  ledgerAccounts: Collection<LedgerAccountRecord>;
  ledgerTransactions: KeyedCollection<LedgerTransactionRecord>;
  spendingControls: Collection<SpendingControlRecord>;
  idempotency: IdempotencyStore;
  webhooks: Collection<WebhookRecord>;
  webhookEvents: Collection<WebhookEventRecord>;
  deliveries: Collection<DeliveryRecord>;
}
