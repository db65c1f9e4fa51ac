import type { AccountHolderRecord } from '../ports/records.js';
import type { Schemas } from './schemas.js';
import { isoSeconds } from './time.js';

export function presentAccountHolder(holder: AccountHolderRecord): Schemas['AccountHolder'] {
  const { insertedAt, updatedAt, ...fields } = holder;
  return { ...fields, inserted_at: isoSeconds(insertedAt), updated_at: isoSeconds(updatedAt) };
}
