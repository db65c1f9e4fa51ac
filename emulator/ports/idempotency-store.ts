/** An answer as it went out, kept to be replayed byte for byte. */
export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: string;
  headers: Record<string, string>;
}

export interface IdempotencyRecord {
  tenantId: string;
  /** The operation the key was used for, as `POST /v1/ledger/accounts`: a key is kept per operation. */
  operation: string;
  key: string;
  fingerprint: string;
  /** null while the first request with the key is still running. */
  response: StoredResponse | null;
  /** Infinity while in flight: the TTL counts from the stored answer. */
  expiresAt: number;
}

/** Keys per tenant and operation; an expired record is as good as absent, and the store may forget it. */
export interface IdempotencyStore {
  get(tenantId: string, operation: string, key: string, now: number): IdempotencyRecord | undefined;
  /** The operations of the tenant that hold a live record for the key. */
  operationsHolding(tenantId: string, key: string, now: number): string[];
  /** Stores (or replaces) a record; `now`, the tenant's time (tenants' clocks differ), lets the store forget the tenant's expired ones. */
  put(record: IdempotencyRecord, now: number): void;
  delete(tenantId: string, operation: string, key: string): void;
  forgetTenant(tenantId: string): void;
  clear(): void;
}
