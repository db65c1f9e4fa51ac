import type { CardBalanceOperationRecord } from '../ports/records.js';
import type { Schemas } from './schemas.js';
import { isoSeconds } from './time.js';

/** One line of a prepaid card's history (§9 #10). */
export function presentPrepaidOperation(operation: CardBalanceOperationRecord): Schemas['PrepaidOperation'] {
  return {
    id: operation.id,
    card_id: operation.cardId,
    amount: operation.amount,
    operation: operation.operation,
    description: operation.description,
    entity_id: operation.entityId,
    performed_at: isoSeconds(operation.performedAt),
  };
}
