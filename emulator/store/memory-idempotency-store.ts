import type { IdempotencyRecord, IdempotencyStore } from '../ports/idempotency-store.js';

/**
 * Records per tenant, each tenant's in one Map in write order. Every answered record lives for the
 * same TTL and is rewritten when answered, so within a tenant write order is expiry order: each
 * write drops the tenant's expired records at the head, and the store stays bounded by what one
 * TTL of traffic writes. The sweep stays within the tenant because each tenant's clock may have
 * been moved on its own: one tenant's time says nothing about another's records. A record still
 * in flight (no expiry yet) holds the sweep back only until its request is answered.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly tenants = new Map<string, Map<string, IdempotencyRecord>>();

  get(tenantId: string, key: string, now: number): IdempotencyRecord | undefined {
    const record = this.tenants.get(tenantId)?.get(key);
    return record && record.expiresAt > now ? record : undefined;
  }

  put(record: IdempotencyRecord, now: number): void {
    let records = this.tenants.get(record.tenantId);
    if (!records) this.tenants.set(record.tenantId, (records = new Map()));
    records.delete(record.key);
    records.set(record.key, record);
    sweep(records, now);
  }

  delete(tenantId: string, key: string): void {
    this.tenants.get(tenantId)?.delete(key);
  }

  forgetTenant(tenantId: string): void {
    this.tenants.delete(tenantId);
  }

  clear(): void {
    this.tenants.clear();
  }

  get size(): number {
    let size = 0;
    for (const records of this.tenants.values()) size += records.size;
    return size;
  }
}

/** Drops expired records from the head, stopping at the first live one. */
function sweep(records: Map<string, IdempotencyRecord>, now: number): void {
  for (const [key, record] of records) {
    if (record.expiresAt > now) return;
    records.delete(key);
  }
}
