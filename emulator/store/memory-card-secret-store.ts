import type { CardSecretRecord } from '../ports/records.js';
import type { CardSecretStore } from '../ports/stores.js';
import { CardRows } from './card-rows.js';

/**
 * Card secrets, kept in their card's row (store/card-rows.ts, packed into small integers): they
 * are written for every card and read only by the look page, the wallets and the authorization
 * decision, and a row of their own would cost a map entry and an object per card — it counts at
 * a hundred thousand cards. Given the card store's rows (createStores does), the two share them.
 */
export class MemoryCardSecretStore implements CardSecretStore {
  constructor(private readonly rows = new CardRows()) {}

  get(tenantId: string, id: string): CardSecretRecord | undefined {
    return this.rows.of(tenantId)?.byId.get(id)?.secret(id);
  }

  put(tenantId: string, secret: CardSecretRecord): void {
    this.rows.row(tenantId, secret.id).setSecret(secret);
  }

  forgetTenant(tenantId: string): void {
    this.rows.forgetTenant(tenantId);
  }

  clear(): void {
    this.rows.clear();
  }
}
