import type { CardSecretRecord } from '../ports/records.js';
import type { CardSecretStore } from '../ports/stores.js';

const SEPARATOR = '|';

/**
 * Card secrets packed into one string each ("pan|month|year|cvv|token"): they are written for
 * every card and read only by the look page, and one string weighs a third of an object with
 * its own strings — it counts at a hundred thousand cards.
 */
export class MemoryCardSecretStore implements CardSecretStore {
  private readonly tenants = new Map<string, Map<string, string>>();

  get(tenantId: string, id: string): CardSecretRecord | undefined {
    const packed = this.tenants.get(tenantId)?.get(id);
    if (packed === undefined) return undefined;
    // The token reference comes last and whole: an injected network may put the separator in it.
    const [pan, expMonth, expYear, cvv, ...token] = packed.split(SEPARATOR) as [string, string, string, string, ...string[]];
    return { id, pan, expMonth: Number(expMonth), expYear: Number(expYear), cvv, tokenReference: token.join(SEPARATOR) };
  }

  put(tenantId: string, secret: CardSecretRecord): void {
    let secrets = this.tenants.get(tenantId);
    if (!secrets) this.tenants.set(tenantId, (secrets = new Map()));
    secrets.set(secret.id, [secret.pan, secret.expMonth, secret.expYear, secret.cvv, secret.tokenReference].join(SEPARATOR));
  }

  forgetTenant(tenantId: string): void {
    this.tenants.delete(tenantId);
  }

  clear(): void {
    this.tenants.clear();
  }
}
