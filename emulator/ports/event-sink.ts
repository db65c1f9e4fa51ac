import type { CardRecord, CardState, LedgerTransactionRecord, Tenant } from '../domain/model.js';

/** What happened, as the domain tells it; the outbox turns it into webhook deliveries. */
export type DomainEvent =
  | { type: 'card_created'; card: CardRecord }
  | { type: 'card_state_changed'; card: CardRecord; previousState: CardState }
  | { type: 'plastic_card_activation'; card: CardRecord; activationId: string; state: 'activated'; at: number }
  | { type: 'ledger_account_transaction_created'; transaction: LedgerTransactionRecord };

/**
 * Receives events in the same synchronous step as the change that causes them, so a card that
 * exists always has its events queued.
 */
export interface EventSink {
  emit(tenant: Tenant, event: DomainEvent): void;
}
