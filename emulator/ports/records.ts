import type { MonoComponents } from '../../contracts/index.js';
import type { DomainEvent, EmulatorEventType, WebhookEventType } from './views.js';

type Schemas = MonoComponents['schemas'];

export type CardType = Schemas['CardType'];
export type CardState = Schemas['CardState'];
export type CurrencyCode = Schemas['CurrencyCode'];
export type Money = Schemas['Money'];
export type Address = Schemas['Address'];
export type Metadata = Schemas['Metadata'];
export type SpendingControlTarget = Schemas['SpendingControlTarget'];
export type SpendingControlRules = Schemas['SpendingControlRules'];
export type SpendingControlRuleType = Schemas['SpendingControlRuleType'];

/**
 * The records every layer shares: what the stores keep and the domain decides on. A record is
 * never changed in place: a change puts a new object, so a view or an event holding a record
 * keeps showing it as it was.
 */

/** Times are kept as epoch milliseconds and written as ISO strings only when presented. */
export type EpochMs = number;

/** One API key and everything it can see. Mono scopes every resource to the key's tenant. */
export interface Tenant {
  id: string;
  apiKey: string;
  currencies: CurrencyCode[];
  defaultProgramId: string;
  /** The tenant's own ledger account holder (Mono's `self` holder), as the tenant config names it. */
  selfAccountHolderId: string;
}

/** Cards and cardholders carry no timestamps, as in Mono's examples (§8.1): none is kept. */
export interface CardholderRecord extends Omit<Schemas['Cardholder'], 'id'> {
  id: string;
}

export interface CardRecord {
  id: string;
  /** `acc_` for banking cards, `lacc_` for Core (ledger) cards. */
  accountId: string;
  cardholderId: string;
  configurationGroupId: string;
  type: CardType;
  state: CardState;
  nickname: string | null;
  /** First six and last four digits; `last_four` is read from it. */
  maskedPan: string;
  initialBalance: Money | null;
  /** The spending control of target `card` applied to this card. */
  spendingControlId: string | null;
}

/** What only the look page may show. Kept apart from the card so no presenter can leak it. */
export interface CardSecretRecord {
  id: string;
  pan: string;
  expMonth: number;
  expYear: number;
  cvv: string;
  tokenReference: string;
}

export interface ConfigurationGroupRecord {
  id: string;
  name: string;
  type: CardType;
  /** Where the group's cards are issued (ISO 3166-1 alpha-2). */
  countryCode: string;
  default: boolean;
  /** The spending control of target `card_config_group` applied to the group's cards. */
  spendingControlId: string | null;
}

export interface BankAccountRecord {
  id: string;
  name: string;
  number: string;
  available: number;
  currency: 'COP';
  insertedAt: EpochMs;
  updatedAt: EpochMs;
  balanceUpdatedAt: EpochMs;
}

export interface AccountHolderRecord extends Omit<Schemas['AccountHolder'], 'inserted_at' | 'updated_at'> {
  insertedAt: EpochMs;
  updatedAt: EpochMs;
}

export interface LedgerAccountRecord {
  id: string;
  holderId: string;
  currency: CurrencyCode;
  name: string | null;
  metadata: Metadata;
  programId: string;
  state: 'active' | 'blocked' | 'canceled';
  available: number;
  pending: number;
  insertedAt: EpochMs;
  updatedAt: EpochMs;
}

export interface LedgerTransactionRecord {
  id: string;
  accountId: string;
  amount: Money;
  operation: Schemas['BalanceOperationKind'];
  externalId: string;
  description: string | null;
  reference: string | null;
  metadata: Metadata;
  transactionAt: EpochMs;
}

export interface SpendingControlRecord {
  id: string;
  nickname: string | null;
  currency: CurrencyCode;
  target: SpendingControlTarget;
  rules: SpendingControlRules;
  /** Card or configuration group ids, in the order they were added. */
  targets: string[];
  insertedAt: EpochMs;
  updatedAt: EpochMs;
}


/** A URL the tenant receives its events at, and the secret that signs them. */
export interface WebhookRecord {
  id: string;
  url: string;
  secret: string;
  /** The emulator's own events (Mono sends none of them) this URL asked for. */
  emulatorEvents: readonly EmulatorEventType[];
  insertedAt: EpochMs;
}

/** One event as it happened, told with the records of that moment; its body is written only when it is sent. */
export interface WebhookEventRecord {
  id: string;
  event: DomainEvent;
  insertedAt: EpochMs;
}

export interface DeliveryAttemptRecord {
  number: number;
  at: EpochMs;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  manual: boolean;
}

/** One event on its way to one URL: the delivery log's line. */
export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  webhookId: string;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttemptRecord[];
  nextAttemptAt: EpochMs | null;
  insertedAt: EpochMs;
}
