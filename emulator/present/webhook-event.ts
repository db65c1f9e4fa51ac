import type { EpochMs, WebhookEventRecord } from '../ports/records.js';
import { isEmulatorEvent, type DomainEvent } from '../ports/views.js';
import { presentCard } from './card.js';
import type { Schemas } from './schemas.js';
import { isoSeconds } from './time.js';

type EventData = {
  card_created: Schemas['CardCreatedEvent']['event']['data'];
  card_state_changed: Schemas['CardStateChangedEvent']['event']['data'];
  plastic_card_activation: Schemas['PlasticCardActivationEvent']['event']['data'];
  ledger_account_transaction_created: Schemas['LedgerAccountTransactionCreatedEvent']['event']['data'];
};

/** An event's `data`, as the payload schemas of mono.openapi.yaml's `webhooks:` describe it. */
export function presentEventData(event: DomainEvent): EventData[DomainEvent['type']] {
  switch (event.type) {
    case 'card_created':
      return presentCard(event.card);
    case 'card_state_changed':
      return { card: presentCard(event.card), previous_state: event.previousState };
    case 'plastic_card_activation':
      return {
        id: event.activationId,
        card_id: event.card.id,
        account_id: event.card.accountId,
        cardholder_id: event.card.cardholderId,
        configuration_group_id: event.card.configurationGroupId,
        state: event.state,
        inserted_at: isoSeconds(event.at),
        updated_at: isoSeconds(event.at),
      };
    case 'ledger_account_transaction_created': {
      const tx = event.transaction;
      return {
        id: tx.id,
        account_id: tx.accountId,
        amount: tx.amount,
        operation_type: tx.operation === 'topup' ? 'credit' : 'debit',
        origin: 'subaccount_operation',
        id_in_origin: null,
        details: { operation: tx.operation, external_id: tx.externalId, description: tx.description, reference: tx.reference, metadata: tx.metadata },
        transaction_at: isoSeconds(tx.transactionAt),
        origin_transaction_at: isoSeconds(tx.transactionAt),
      };
    }
  }
}

/** The envelope's timestamp has microseconds: "2022-12-29T15:42:08.325158Z" (§4.3). */
function eventTimestamp(at: EpochMs): string {
  return new Date(at).toISOString().replace('Z', '000Z');
}

/**
 * The body every delivery of an event sends: Mono's envelope (§15). Written at send time, so the
 * request that caused the event does not pay for it; the event's records never change, so neither
 * do the bytes.
 */
export function eventBody({ event, insertedAt }: WebhookEventRecord): string {
  const envelope = { event: { type: event.type, data: presentEventData(event) }, timestamp: eventTimestamp(insertedAt) };
  // The emulator's own events say so in the body, where a developer reading it will see it.
  return JSON.stringify(isEmulatorEvent(event.type) ? { ...envelope, emulator_only: true } : envelope);
}
