import type { IdempotencyRecord, IdempotencyStore } from '../ports/idempotency-store.js';

/**
 * Records in one Map in write order. Every answered record lives for the same TTL and is
 * rewritten when answered, so write order is expiry order: each write drops the expired records
 * at the head, and the store stays bounded by what one TTL of traffic writes. A record still in
 * flight (no expiry yet) holds the sweep back only until its request is answered.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  get(tenantId: string, key: string, now: number): IdempotencyRecord | undefined {
    const record = this.records.get(`${tenantId}\u0000${key}`);
    return record && record.expiresAt > now ? record : undefined;
  }

  put(record: IdempotencyRecord, now: number): void {
    const id = `${record.tenantId}\u0000${record.key}`;
    this.records.delete(id);
    this.records.set(id, record);
    this.sweep(now);
  }

  delete(tenantId: string, key: string): void {
    this.records.delete(`${tenantId}\u0000${key}`);
  }

  clear(): void {
    this.records.clear();
  }

  /** Drops expired records from the head, stopping at the first live one. */
  private sweep(now: number): void {
    for (const [id, record] of this.records) {
      if (record.expiresAt > now) return;
      this.records.delete(id);
    }
  }

  get size(): number {
    return this.records.size;
  }
}
