import type { IdempotencyRecord, IdempotencyStore } from '../ports/idempotency-store.js';

const recordId = (tenantId: string, operation: string, key: string) => `${tenantId}\u0000${operation}\u0000${key}`;
const keyId = (tenantId: string, key: string) => `${tenantId}\u0000${key}`;

/**
 * Records in one Map in write order. Every answered record lives for the same TTL and is
 * rewritten when answered, so write order is expiry order: each write drops the expired records
 * at the head, and the store stays bounded by what one TTL of traffic writes. A record still in
 * flight (no expiry yet) holds the sweep back only until its request is answered. A second map
 * finds the operations that share a key without reading them all.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private readonly operationsByKey = new Map<string, Set<string>>();

  get(tenantId: string, operation: string, key: string, now: number): IdempotencyRecord | undefined {
    const record = this.records.get(recordId(tenantId, operation, key));
    return record && record.expiresAt > now ? record : undefined;
  }

  operationsHolding(tenantId: string, key: string, now: number): string[] {
    const operations = this.operationsByKey.get(keyId(tenantId, key));
    return operations ? [...operations].filter((operation) => this.get(tenantId, operation, key, now)) : [];
  }

  put(record: IdempotencyRecord, now: number): void {
    const id = recordId(record.tenantId, record.operation, record.key);
    this.records.delete(id);
    this.records.set(id, record);
    const byKey = keyId(record.tenantId, record.key);
    const operations = this.operationsByKey.get(byKey) ?? new Set<string>();
    operations.add(record.operation);
    this.operationsByKey.set(byKey, operations);
    this.sweep(now);
  }

  delete(tenantId: string, operation: string, key: string): void {
    this.records.delete(recordId(tenantId, operation, key));
    this.forget(tenantId, operation, key);
  }

  clear(): void {
    this.records.clear();
    this.operationsByKey.clear();
  }

  private forget(tenantId: string, operation: string, key: string): void {
    const byKey = keyId(tenantId, key);
    const operations = this.operationsByKey.get(byKey);
    operations?.delete(operation);
    if (operations?.size === 0) this.operationsByKey.delete(byKey);
  }

  /** Drops expired records from the head, stopping at the first live one. */
  private sweep(now: number): void {
    for (const [id, record] of this.records) {
      if (record.expiresAt > now) return;
      this.records.delete(id);
      this.forget(record.tenantId, record.operation, record.key);
    }
  }

  get size(): number {
    return this.records.size;
  }
}
