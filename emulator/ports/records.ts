import type { MonoComponents } from '../../contracts/index.js';
import type { AttemptFault, DeliveryFaultPlan, WebhookFaultSettings } from './faults.js';
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
export type CardTransactionType = Schemas['CardTransactionType'];
export type CardTransactionState = Schemas['CardTransactionState'];
export type CardDeclinationReason = Schemas['CardDeclinationReason'];
export type Merchant = Schemas['Merchant'];

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
  /** Set on a holder the emulator made from a ledger account holder, for a Core card sent without one. */
  fromAccountHolderId?: string;
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
  /** What a prepaid banking card holds, in COP cents; null for every other card. */
  prepaidBalance: number | null;
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

export type PlasticCardActivationState = Schemas['PlasticCardActivationState'];

/** An activation link (`pca_`): the plastic card issued for a holder, waiting for the holder to activate it. */
export interface PlasticCardActivationRecord {
  id: string;
  accountId: string;
  cardId: string;
  cardholderId: string;
  configurationGroupId: string;
  nickname: string | null;
  spendingControlId: string | null;
  state: PlasticCardActivationState;
  /** The holder's page, made with the host the creating request used (the event that reports it has no request). */
  url: string;
  /** Wrong last-four attempts so far; the third fails the link. */
  wrongLastFourAttempts: number;
  insertedAt: EpochMs;
  updatedAt: EpochMs;
}

/** An activation that has ended, as its webhook reports it. */
export type EndedActivation = PlasticCardActivationRecord & { state: Exclude<PlasticCardActivationState, 'pending'> };

export interface ConfigurationGroupRecord {
  id: string;
  name: string;
  type: CardType;
  /** Where the group's cards are issued (ISO 3166-1 alpha-2). */
  countryCode: string;
  default: boolean;
  /** Debit cards spend their account's balance; prepaid cards spend only what was loaded onto them. */
  funding: 'debit' | 'prepaid';
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

/** A ledger account holder as Mono's SDK shows it; `client_id` is the tenant's id. */
export interface AccountHolderRecord extends Omit<Schemas['AccountHolder'], 'inserted_at' | 'updated_at'> {
  insertedAt: EpochMs;
  updatedAt: EpochMs;
}

export type LedgerAccountState = 'active' | 'blocked' | 'canceled';
export type LedgerAccountType = Schemas['LedgerAccountType'];

export interface LedgerAccountRecord {
  id: string;
  holderId: string;
  currency: CurrencyCode;
  name: string | null;
  metadata: Metadata;
  programId: string;
  /** Only `subaccount` accounts take balance operations, transfers and changes (§10, §13). */
  type: LedgerAccountType;
  state: LedgerAccountState;
  stateReason: Schemas['LedgerAccountStateReason'] | null;
  stateReasonDetail: string | null;
  /**
   * Kept with every ledger transaction written, in the same step: available = credits - debits -
   * holds + releases + what settlements took from holds; pending = what open holds still hold.
   */
  available: number;
  pending: number;
  insertedAt: EpochMs;
  updatedAt: EpochMs;
}

export type LedgerOperationType = Schemas['LedgerOperationType'];
export type LedgerOrigin = Schemas['LedgerOrigin'];

/**
 * One movement of one ledger account (§12.2). Written once and never changed, but for
 * `revertedById`, set when a later transaction reverses it.
 */
export interface LedgerTransactionRecord {
  id: string;
  accountId: string;
  operationType: LedgerOperationType;
  /** Always positive, in the account's currency: `operationType` says which way it moves. */
  amount: Money;
  origin: LedgerOrigin;
  /** The id of what caused it in its origin: a `sao_` subaccount operation, a `ctx_` card transaction. */
  idInOrigin: string | null;
  description: string | null;
  originTransactionAt: EpochMs;
  transactionAt: EpochMs;
  revertsId: string | null;
  revertedById: string | null;
  /** The hold a release gives back from, or a settling debit takes from. */
  holdId: string | null;
  /** For a debit that settles a hold: the part of its amount the hold had set aside. */
  settledFromHold: number;
}

/** What a hold (a `hold` ledger transaction, same id) still sets aside. */
export interface LedgerHoldRecord {
  id: string;
  accountId: string;
  /** The hold's amount at first; releases and settlements lower it. */
  held: number;
}

/** A top-up, withdrawal or transfer between sub-accounts: the origin of `subaccount_operation` transactions. */
export interface SubaccountOperationRecord {
  id: string;
  operationType: Schemas['SubaccountOperationType'];
  /** What left the origin account (a top-up: what reached the destination). */
  amount: Money;
  /** What reached the destination: differs from `amount` across currencies. */
  targetAmount: Money;
  /** The rate applied across currencies, as a decimal string; null within one currency. */
  fxRate: string | null;
  /** Null for a top-up (the money comes from outside the ledger). */
  originAccountId: string | null;
  /** Null for a withdrawal. */
  destinationAccountId: string | null;
  externalId: string;
  description: string | null;
  reference: string | null;
  metadata: Metadata;
  /** Applied at once: always successful. */
  state: 'successful';
  insertedAt: EpochMs;
}

/** A top-up or withdrawal of a prepaid banking card (`cbo_`). */
export interface CardBalanceOperationRecord {
  id: string;
  cardId: string;
  amount: Money;
  operation: Schemas['BalanceOperationKind'];
  description: string | null;
  entityId: string | null;
  performedAt: EpochMs;
}

/** Where a card was used: online (card not present), at a terminal, or at an ATM (a cash withdrawal). */
export type CardChannel = 'online' | 'pos' | 'atm';

/** What a card spends: a Core card its ledger sub-account, a debit banking card its bank account, a prepaid card its own balance. */
export type CardFundingSource = 'ledger_account' | 'bank_account' | 'prepaid_card';

/** What decided a decline (Mono gives only the reason; the emulator keeps why, for its control plane). */
export type CardDeclineRule =
  | 'forced'
  | 'magic_amount'
  | 'card_state'
  | 'card_expiry'
  | 'account_state'
  | 'account_holder_state'
  | 'card_usage'
  | 'mcc'
  | 'mid'
  | 'merchant_name'
  | 'velocity'
  | 'withdrawal_velocity'
  | 'balance';

export interface CardDeclineRecord {
  reason: CardDeclinationReason;
  rule: CardDeclineRule;
  /** The spending control whose rule declined, and whether it is the card's or its group's. */
  spendingControlId: string | null;
  spendingControlTarget: SpendingControlTarget | null;
  message: string;
}

/**
 * What an approved authorization (a purchase or an ATM withdrawal) sets aside, and how it ends:
 * settled (the money taken) or reversed (given back, by a reversal or by expiry). Amounts are in
 * the currency of what the card draws on, unless named `merchant…`.
 */
export interface CardHoldRecord {
  status: 'pending' | 'settled' | 'reversed';
  /** What the authorization stands at: its amount with adjustments; the settled amount once settled. */
  authorized: number;
  /** The same, in the merchant's currency. */
  merchantAuthorized: number;
  /** What is still set aside (0 once settled or reversed). */
  held: number;
  /** The GMF taken with it (banking cards), given back with it. */
  gmf: number;
  /** The ledger holds (`ltx_`) setting it aside, the authorization's first, then debit adjustments'; empty for banking cards. */
  ledgerHoldIds: string[];
  /** An ATM withdrawal's fee, taken at approval, and its ledger debit (Core cards). */
  fee: number;
  feeTransactionId: string | null;
  /** When it is released and reversed if still pending. */
  expiresAt: EpochMs;
}

/**
 * One card transaction (`ctx_`): every authorization approved or declined, every ATM
 * withdrawal, and every follow-up (reversal, adjustment, refund, force debit, reconciliation) is
 * one, announced by one `card_transaction` webhook of its `type`. Follow-ups name the
 * authorization in `originalTransactionId`; the authorization keeps its hold's state.
 */
export interface CardTransactionRecord {
  id: string;
  cardId: string;
  /** What the card draws on: its `lacc_` or `acc_` account (a prepaid card's balance is the card's own). */
  accountId: string;
  source: CardFundingSource;
  type: CardTransactionType;
  channel: CardChannel;
  operationType: 'debit' | 'credit';
  /** Charged (debit) or given back (credit), in the currency of what the card draws on. */
  amount: Money;
  /** As the merchant sent it. */
  merchantAmount: Money;
  /** The 4x1000 tax on `amount`, in COP cents (banking cards only). */
  gmf: number;
  withdrawalFee: Money | null;
  /** Units of the account's currency per unit of the merchant's; null within one currency. */
  fxRate: string | null;
  description: string | null;
  merchant: Merchant;
  scope: 'local' | 'international';
  state: CardTransactionState;
  decline: CardDeclineRecord | null;
  originalTransactionId: string | null;
  /** What an adjustment or reconciliation changed: the authorization's amounts before it. */
  previousValues: { amount: Money; merchantAmount: Money; fxRate: string | null } | null;
  transactionAt: EpochMs;
  /** For approved authorizations and withdrawals; null for every other transaction. */
  hold: CardHoldRecord | null;
  /** What refunds gave back, in the merchant's currency (purchases and force debits). */
  refunded: number;
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
  /** How deliveries to this URL misbehave on purpose; null when they do not. */
  faults: WebhookFaultSettings | null;
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
  /** How the emulator faulted this attempt on purpose; empty for a plain one. */
  faults: AttemptFault[];
  /**
   * For an attempt whose signature a correct receiver must refuse (tampered, stale): whether it
   * answered 2xx (`accepted`) or anything else (`rejected`); null for other attempts or no answer.
   */
  receiverVerdict: 'accepted' | 'rejected' | null;
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
  /** The webhook faults decided for this delivery when it was queued; null when none. */
  faultPlan: DeliveryFaultPlan | null;
}
