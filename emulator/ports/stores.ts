import type { IdempotencyStore } from './idempotency-store.js';
import type {
  AccountHolderRecord,
  BankAccountRecord,
  CardBalanceOperationRecord,
  CardholderRecord,
  CardRecord,
  CardSecretRecord,
  CardTransactionRecord,
  ConfigurationGroupRecord,
  DeliveryRecord,
  LedgerAccountRecord,
  LedgerHoldRecord,
  LedgerTransactionRecord,
  PlasticCardActivationRecord,
  SpendingControlRecord,
  SubaccountOperationRecord,
  Tenant,
  WebhookEventRecord,
  WebhookRecord,
} from './records.js';

export interface PageRequest {
  pageNumber: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  totalItems: number;
}

/** The page of `items` a request asks for (past the end: no items, the same total). */
export function pageOf<T>(items: readonly T[], page: PageRequest): Page<T> {
  const start = (page.pageNumber - 1) * page.pageSize;
  return { items: items.slice(start, start + page.pageSize), totalItems: items.length };
}

/** Scalar fields an item must equal; an array accepts any of its values; undefined matches anything. */
export type Where<T> = { [K in keyof T]?: T[K] | readonly T[K][] | undefined };

/** The fields of T that hold numbers (times are epoch milliseconds). */
export type NumericField<T> = { [K in keyof T]-?: T[K] extends number ? K : never }[keyof T];
/** The fields of T that hold text, null allowed. */
export type TextField<T> = { [K in keyof T]-?: T[K] extends string | null ? K : never }[keyof T];

/** Inclusive bounds on a numeric field; an absent bound does not limit. */
export interface Bounds {
  from?: number | undefined;
  until?: number | undefined;
}

export interface ListQuery<T> {
  where?: Where<T>;
  /** Numeric fields (times) that must lie within their bounds: `{ insertedAt: { from, until } }`. */
  within?: { [K in NumericField<T>]?: Bounds | undefined };
  /** Text fields that must contain the text, ignoring case; a null field contains nothing. */
  contains?: { [K in TextField<T>]?: string | undefined };
  /** Insertion order, `oldest` first (the default) or `newest` first (Mono's `inserted_at desc`). */
  order?: 'oldest' | 'newest';
  /**
   * Sorts by a numeric field instead of `order`; items with equal values keep insertion order,
   * oldest first ascending and newest first descending.
   */
  sort?: { field: NumericField<T>; direction: 'asc' | 'desc' };
}

/**
 * Storage is narrow and synchronous: a domain operation reads, decides, then writes everything
 * it changes without yielding, so no other request ever sees half of a change. Stores keep data
 * per tenant and hold no business rule: filtering and paging are theirs (a durable store would
 * answer them with an index), deciding what to filter on is the domain's.
 */
export interface Collection<T extends { id: string }> {
  get(tenantId: string, id: string): T | undefined;
  /** Inserts or replaces; a replaced item keeps its place in insertion order. */
  put(tenantId: string, item: T): void;
  delete(tenantId: string, id: string): boolean;
  /** The tenant's items that match, in the order asked; one page of them, or all when no page is given. */
  query(tenantId: string, query?: ListQuery<T>, page?: PageRequest): Page<T>;
  /** Forgets one tenant's items. */
  forgetTenant(tenantId: string): void;
  /** Forgets every tenant's items. */
  clear(): void;
}

/** A collection with a unique secondary key per tenant (e.g. `external_id`). */
export interface KeyedCollection<T extends { id: string }> extends Collection<T> {
  getByKey(tenantId: string, key: string): T | undefined;
}

/** Card secrets are written with their card and read one at a time by the look page: never listed, never removed apart from the card. */
export interface CardSecretStore {
  get(tenantId: string, cardId: string): CardSecretRecord | undefined;
  put(tenantId: string, secret: CardSecretRecord): void;
  forgetTenant(tenantId: string): void;
  clear(): void;
}

export interface TenantDirectory {
  add(tenant: Tenant): void;
  byApiKey(apiKey: string): Tenant | undefined;
  byId(id: string): Tenant | undefined;
  /** Replaces a tenant's record (its settings). */
  update(tenant: Tenant): void;
  /** Every tenant, in the order added. */
  all(): readonly Tenant[];
  count(): number;
  forgetTenant(tenantId: string): void;
  clear(): void;
}

export interface Stores {
  tenants: TenantDirectory;
  cardholders: Collection<CardholderRecord>;
  /** Cards are the collection that grows large: its query must cost the page, not the tenant's cards. */
  cards: Collection<CardRecord>;
  cardSecrets: CardSecretStore;
  configurationGroups: Collection<ConfigurationGroupRecord>;
  bankAccounts: Collection<BankAccountRecord>;
  accountHolders: KeyedCollection<AccountHolderRecord>;
  ledgerAccounts: Collection<LedgerAccountRecord>;
  ledgerTransactions: Collection<LedgerTransactionRecord>;
  ledgerHolds: Collection<LedgerHoldRecord>;
  /** Keyed by `external_id`: unique per tenant among top-ups, withdrawals and transfers. */
  subaccountOperations: KeyedCollection<SubaccountOperationRecord>;
  cardBalanceOperations: Collection<CardBalanceOperationRecord>;
  /** Card transactions (`ctx_`): authorizations and what followed them. */
  cardTransactions: Collection<CardTransactionRecord>;
  spendingControls: Collection<SpendingControlRecord>;
  plasticActivations: Collection<PlasticCardActivationRecord>;
  idempotency: IdempotencyStore;
  webhooks: Collection<WebhookRecord>;
  webhookEvents: Collection<WebhookEventRecord>;
  deliveries: Collection<DeliveryRecord>;
  /** Forgets one tenant and everything it holds: what a tenant's reset starts from. */
  forgetTenant(tenantId: string): void;
  /** Forgets everything: what a reset of the whole emulator starts from. */
  clear(): void;
}
