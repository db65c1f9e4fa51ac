import type { EpochMs, WebhookEventRecord } from '../ports/records.js';
import { isEmulatorEvent, type DomainEvent } from '../ports/views.js';
import { presentCard } from './card.js';
import { presentCardTransactionEvent } from './card-transaction.js';
import { presentActivation } from './plastic-card-activation.js';
import type { Schemas } from './schemas.js';
import { presentLedgerTransactionEvent } from './ledger-transaction.js';
import { isoMicros, isoSeconds } from './time.js';

type EventData = {
  card_created: Schemas['CardCreatedEvent']['event']['data'];
  card_state_changed: Schemas['CardStateChangedEvent']['event']['data'];
  plastic_card_activation: Schemas['PlasticCardActivationEvent']['event']['data'];
  card_token_otp: Schemas['CardTokenOtpEvent']['event']['data'];
  ledger_account_transaction_created: Schemas['LedgerAccountTransactionCreatedEvent']['event']['data'];
  card_transaction: Schemas['CardTransactionEvent']['event']['data'];
};

/** An event's `data`, as the payload schemas of mono.openapi.yaml's `webhooks:` describe it. */
export function presentEventData(event: DomainEvent): EventData[DomainEvent['type']] {
  switch (event.type) {
    case 'card_created':
      return presentCard(event.card);
    case 'card_state_changed':
      return { card: presentCard(event.card), previous_state: event.previousState };
    case 'plastic_card_activation':
      return { ...presentActivation(event.activation), state: event.activation.state };
    case 'card_token_otp':
      return {
        card_id: event.card.id,
        account_id: event.card.accountId,
        cardholder_id: event.card.cardholderId,
        last_four: event.card.maskedPan.slice(-4),
        wallet: event.wallet,
        otp: event.otp,
        expires_at: isoSeconds(event.expiresAt),
        inserted_at: isoSeconds(event.at),
      };
    case 'ledger_account_transaction_created':
      return presentLedgerTransactionEvent(event.transaction);
    case 'card_transaction':
      return presentCardTransactionEvent(event.transaction);
  }
}

/**
 * The body every delivery of an event sends: Mono's envelope (§15). Written at send time, so the
 * request that caused the event does not pay for it; the event's records never change, so neither
 * do the bytes.
 */
export function eventBody({ event, insertedAt }: WebhookEventRecord): string {
  return JSON.stringify(eventEnvelope(event, insertedAt));
}

/** Mono's envelope of an event that happened at `at`: what its deliveries send, and what the live feed shows. */
export function eventEnvelope(event: DomainEvent, at: EpochMs) {
  const envelope = { event: { type: event.type, data: presentEventData(event) }, timestamp: isoMicros(at) };
  // The emulator's own events say so in the body, where a developer reading it will see it.
  return isEmulatorEvent(event.type) ? { ...envelope, emulator_only: true as const } : envelope;
}
