import type { CardRecord, SpendingControlRecord } from '../ports/records.js';
import { isoSeconds } from './time.js';
import type { Schemas } from './schemas.js';

export function presentSpendingControl(control: SpendingControlRecord): Schemas['SpendingControl'] {
  return {
    id: control.id,
    nickname: control.nickname,
    currency_code: control.currency,
    target: control.target,
    rules: control.rules,
    inserted_at: isoSeconds(control.insertedAt),
    updated_at: isoSeconds(control.updatedAt),
  };
}

/** A card as Mono's SDK lists the targets of a control. */
export function presentTargetCard(card: CardRecord): Schemas['SpendingControlTargetCard'] {
  return { id: card.id, account_id: card.accountId, last_four: card.maskedPan.slice(-4), nickname: card.nickname, state: card.state };
}
