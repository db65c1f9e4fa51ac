import type { IdempotencyRecord, IdempotencyStore } from '../ports/idempotency-store.js';

const recordId = (operation: string, key: string) => `${operation}\u0000${key}`;

/** One tenant's records, and for each key the operations that hold it. */
interface TenantRecords {
  records: Map<string, IdempotencyRecord>;
  operationsByKey: Map<string, Set<string>>;
}

/**
 * Records per tenant, each tenant's in one Map in write order. Every answered record lives for the
 * same TTL and is rewritten when answered, so within a tenant write order is expiry order: each
 * write drops the tenant's expired records at the head, and the store stays bounded by what one
 * TTL of traffic writes. The sweep stays within the tenant because each tenant's clock may have
 * been moved on its own: one tenant's time says nothing about another's records. A record still
 * in flight (no expiry yet) holds the sweep back only until its request is answered. A second map
 * per tenant finds the operations that share a key without reading them all.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly tenants = new Map<string, TenantRecords>();

  get(tenantId: string, operation: string, key: string, now: number): IdempotencyRecord | undefined {
    const record = this.tenants.get(tenantId)?.records.get(recordId(operation, key));
    return record && record.expiresAt > now ? record : undefined;
  }

  operationsHolding(tenantId: string, key: string, now: number): string[] {
    const operations = this.tenants.get(tenantId)?.operationsByKey.get(key);
    return operations ? [...operations].filter((operation) => this.get(tenantId, operation, key, now)) : [];
  }

  put(record: IdempotencyRecord, now: number): void {
    let tenant = this.tenants.get(record.tenantId);
    if (!tenant) this.tenants.set(record.tenantId, (tenant = { records: new Map(), operationsByKey: new Map() }));
    const id = recordId(record.operation, record.key);
    tenant.records.delete(id);
    tenant.records.set(id, record);
    const operations = tenant.operationsByKey.get(record.key) ?? new Set<string>();
    operations.add(record.operation);
    tenant.operationsByKey.set(record.key, operations);
    sweep(tenant, now);
  }

  delete(tenantId: string, operation: string, key: string): void {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return;
    tenant.records.delete(recordId(operation, key));
    forget(tenant, operation, key);
  }

  forgetTenant(tenantId: string): void {
    this.tenants.delete(tenantId);
  }

  clear(): void {
    this.tenants.clear();
  }

  get size(): number {
    let size = 0;
    for (const tenant of this.tenants.values()) size += tenant.records.size;
    return size;
  }
}

function forget(tenant: TenantRecords, operation: string, key: string): void {
  const operations = tenant.operationsByKey.get(key);
  operations?.delete(operation);
  if (operations?.size === 0) tenant.operationsByKey.delete(key);
}

/** Drops the tenant's expired records from the head, stopping at the first live one. */
function sweep(tenant: TenantRecords, now: number): void {
  for (const [id, record] of tenant.records) {
    if (record.expiresAt > now) return;
    tenant.records.delete(id);
    forget(tenant, record.operation, record.key);
  }
}
