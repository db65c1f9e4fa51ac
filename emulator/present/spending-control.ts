import type { SpendingControlRecord } from '../ports/records.js';
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
