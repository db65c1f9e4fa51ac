import type { Tenant } from '../../domain/model.js';
import { isoSeconds } from '../../domain/time.js';
import type { DomainEvent } from '../../ports/event-sink.js';
import type { Stores } from '../../ports/stores.js';
import { presentCard } from './card.js';
import type { Schemas } from './schemas.js';

type EventData = {
  card_created: Schemas['CardCreatedEvent']['event']['data'];
  card_state_changed: Schemas['CardStateChangedEvent']['event']['data'];
  plastic_card_activation: Schemas['PlasticCardActivationEvent']['event']['data'];
  ledger_account_transaction_created: Schemas['LedgerAccountTransactionCreatedEvent']['event']['data'];
};

/** An event's `data`, as the payload schemas of mono.openapi.yaml's `webhooks:` describe it. */
export function renderEventData(stores: Stores, tenant: Tenant, event: DomainEvent): EventData[DomainEvent['type']] {
  switch (event.type) {
    case 'card_created':
      return presentCard(stores, tenant, event.card);
    case 'card_state_changed':
      return { card: presentCard(stores, tenant, event.card), previous_state: event.previousState };
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
