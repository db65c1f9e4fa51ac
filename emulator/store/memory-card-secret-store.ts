import type { CardSecretRecord } from '../ports/records.js';
import type { CardSecretStore } from '../ports/stores.js';
import { CardRows, rowOf } from './card-rows.js';

/**
 * Card secrets, kept in their card's row (store/card-rows.ts, packed into small integers): they
 * are written for every card and read only by the look page, the wallets and the authorization
 * decision, and a row of their own would cost a map entry and an object per card — it counts at
 * a hundred thousand cards. Given the card store's rows (createStores does), the two share them.
 */
export class MemoryCardSecretStore implements CardSecretStore {
  constructor(private readonly rows = new CardRows()) {}

  get(tenantId: string, id: string): CardSecretRecord | undefined {
    const rows = this.rows.of(tenantId);
    const other = rows?.otherSecrets.get(id);
    return other ? { id, ...other } : rows?.byId.get(id)?.packedSecret(id);
  }

  put(tenantId: string, secret: CardSecretRecord): void {
    const rows = this.rows.ofOrNew(tenantId);
    const { id, ...fields } = secret;
    if (rowOf(rows, id).packSecret(secret)) rows.otherSecrets.delete(id);
    else rows.otherSecrets.set(id, fields);
  }

  forgetTenant(tenantId: string): void {
    this.rows.forgetTenant(tenantId);
  }

  clear(): void {
    this.rows.clear();
  }
}
