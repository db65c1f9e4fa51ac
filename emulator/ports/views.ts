import type { MonoComponents } from '../../contracts/index.js';
import type {
  CardholderRecord,
  CardRecord,
  CardSecretRecord,
  CardState,
  CardFundingSource,
  CardTransactionRecord,
  ConfigurationGroupRecord,
  CurrencyCode,
  DeliveryRecord,
  EndedActivation,
  EpochMs,
  LedgerTransactionRecord,
  Money,
  PlasticCardActivationRecord,
  SubaccountOperationRecord,
  Tenant,
  WebhookEventRecord,
  WebhookRecord,
} from './records.js';

/**
 * Views: what an answer, an event or a page shows, as the domain hands it out. They hold records
 * (never JSON); the presenters turn them into Mono's shapes, so the API, the webhooks and the
 * dashboard show one thing one way.
 */

/** A card with its holder and its configuration group: what a card answer and a card event show. */
export interface CardView {
  card: CardRecord;
  holder: CardholderRecord;
  group: ConfigurationGroupRecord;
}

/** The tenant's settings and its card configuration groups. */
export interface TenantConfigView {
  tenant: Tenant;
  groups: readonly ConfigurationGroupRecord[];
}

/** A tenant as seeding left it: the ids a test needs to start issuing cards, and its webhook if one was asked for. */
export interface SeededTenantView {
  tenant: Tenant;
  bankAccountIds: string[];
  virtualGroupId: string;
  plasticGroupId: string;
  prepaidGroupId: string;
  accountHolderId: string;
  ledgerAccountId: string;
  webhook: WebhookRecord | null;
}

/** The only view that holds a card's number, expiry and CVV: the look page's. */
export interface CardLookView {
  card: CardRecord;
  holder: CardholderRecord;
  secret: CardSecretRecord;
}

/** A problem with what the holder typed on the activation page, at the field it is about (null: the form as a whole). */
export interface FieldProblem {
  /** `#/alias`, as the same problem's error path in the control plane's answer. */
  path: string | null;
  message: string;
}

/**
 * What the holder's activation page shows: the link, whose card it activates (never its digits:
 * the holder types them from the plastic), what the limit is counted in, and after a submission
 * the values sent and their problems. The dashboard links to this page: it is one renderer of it.
 */
export interface ActivationPageView {
  activation: PlasticCardActivationRecord;
  holder: CardholderRecord;
  card: CardRecord;
  limitCurrency: CurrencyCode;
  /** The highest monthly limit the link's spending control allows, in minor units; null when it sets none. */
  maxMonthlyLimit: number | null;
  attemptsLeft: number;
  /** Where the form posts: the page's own path and token. */
  formAction: string;
  /** What the last submission sent (the PIN fields never come back) and what was wrong with it. */
  submitted?: { values: Readonly<Record<string, string>>; problems: readonly FieldProblem[] };
}

export type DigitalWallet = 'apple_pay' | 'google_pay';

/** One line of the delivery log with the event it carries (gone once the log dropped it). */
export interface DeliveryView {
  delivery: DeliveryRecord;
  event: WebhookEventRecord | undefined;
}

/**
 * What caused a ledger transaction, as its `details` show it. Null when the origin keeps no
 * record the emulator can show (Mono: "details will be null" when the origin is unknown).
 */
export type LedgerOriginView =
  | { origin: 'subaccount_operation'; operation: SubaccountOperationRecord }
  | { origin: 'card_transaction' | 'card_presentment_payment'; transaction: CardTransactionRecord }
  | null;

/** A ledger transaction with what caused it: what the transactions list and the ledger webhook show. */
export interface LedgerTransactionView {
  transaction: LedgerTransactionRecord;
  details: LedgerOriginView;
}

/** What a card draws on, as it stands: `pending` only where holds are kept apart (ledger sub-accounts). */
export interface CardFundsView {
  source: CardFundingSource;
  /** The `lacc_` or `acc_` account, or the prepaid card. */
  id: string;
  available: Money;
  pending: Money | null;
}

/**
 * A card transaction as the control plane shows it: with the transaction it follows and the
 * authorization it belongs to (both as they are now), the ledger transactions naming it, and
 * what the card draws on after it.
 */
export interface CardActivityView {
  transaction: CardTransactionRecord;
  original: CardTransactionRecord | null;
  /** The approved authorization this transaction is or follows; null for the others. */
  authorization: CardTransactionRecord | null;
  ledger: LedgerTransactionView[];
  funds: CardFundsView;
}

/** What happened, as the domain tells it: the outbox turns it into webhook deliveries. */
export type DomainEvent =
  | { type: 'card_created'; card: CardView }
  | { type: 'card_state_changed'; card: CardView; previousState: CardState }
  | { type: 'plastic_card_activation'; activation: EndedActivation }
  | { type: 'card_token_otp'; card: CardRecord; wallet: DigitalWallet; otp: string; expiresAt: EpochMs; at: EpochMs }
  | { type: 'ledger_account_transaction_created'; transaction: LedgerTransactionView }
  | { type: 'card_transaction'; transaction: CardTransactionRecord };

/** What the delivery log records and filters on. */
export type WebhookEventType = DomainEvent['type'];

/** The emulator's own card events: Mono names no card lifecycle event, so a webhook gets them only when it asks. */
export const EMULATOR_EVENT_TYPES = ['card_created', 'card_state_changed'] as const;
export type EmulatorEventType = (typeof EMULATOR_EVENT_TYPES)[number];

export function isEmulatorEvent(type: WebhookEventType): type is EmulatorEventType {
  return (EMULATOR_EVENT_TYPES as readonly string[]).includes(type);
}

/** An operation of the contracts as a client calls it: its method and its path template. */
export interface OperationRoute {
  method: string;
  path: string;
}

/**
 * What the demo dashboard's page is rendered from. It holds no tenant's data (the page fetches
 * that with the key it is given): only what the emulator offers, found in its contracts, and fake
 * people to prefill the cardholder form with.
 */
export interface DashboardPageView {
  /** The operations the page may call, by operationId; one the contracts lack is absent, and its controls are not shown. */
  operations: Readonly<Record<string, OperationRoute>>;
  /** Mono's decline reasons and the channels of a purchase, as the spend simulation's contract lists them (empty without it). */
  declineReasons: readonly string[];
  channels: readonly string[];
  people: readonly MonoComponents['schemas']['CardholderCreate'][];
}
