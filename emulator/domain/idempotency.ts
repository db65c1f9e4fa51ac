import { hash } from 'node:crypto';
import type { IdempotencyRecord, StoredResponse } from '../ports/idempotency-store.js';
import type { DomainContext } from './context.js';
import { fail, MonoError } from './errors.js';

/** Mono documents no TTL; the emulator keeps a key for 24 hours unless told otherwise. */
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** What makes two requests "the same": method, path and the body with its keys in canonical order. */
export interface RequestFingerprint {
  method: string;
  path: string;
  body: unknown;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A digest, not the body itself: records stay small however large the requests were. One-shot
 * `hash()`, no Hash object per request (it runs on every create with a key).
 */
export function fingerprintOf(request: RequestFingerprint): string {
  return hash('sha256', `${request.method.toUpperCase()} ${request.path}\n${canonicalJson(request.body)}`, 'base64url');
}

export interface IdempotentOutcome {
  replayed: boolean;
  response: StoredResponse;
  /** Other operations that hold the same key: Mono keeps keys per operation, but a client may not mean to share one. */
  alsoUsedBy: readonly string[];
}

export interface IdempotentRequest {
  tenantId: string;
  /** The operation, as `POST /v1/ledger/accounts`: a key is kept per tenant and operation. */
  operation: string;
  key: string;
  fingerprint: string;
  ttlMs: number;
  /** A key another operation holds is refused (409) rather than kept apart. */
  strict: boolean;
}

/**
 * `X-Idempotency-Key` (idempotency-keys guide): the one service every idempotent operation goes through.
 * - Scope is (tenant, operation, key): two tenants never share a key, and one client code that
 *   worked on Mono's sandbox sent the same key to two operations in a row (README: Fidelity notes).
 *   Under `strict`, a key another operation holds answers 409, as with one scope per tenant.
 * - A key first marks the request in flight; the same key meanwhile answers 409 and never runs twice.
 * - A completed answer with a status below 500 is kept for the TTL and replayed as it was sent.
 * - A 5xx or a thrown error keeps nothing, so a retry with the same key runs again.
 * - The same key on the same operation with another path or body answers 409.
 */
export async function executeIdempotently(
  ctx: Pick<DomainContext, 'stores' | 'clock'>,
  request: IdempotentRequest,
  run: () => Promise<StoredResponse>,
): Promise<IdempotentOutcome> {
  const store = ctx.stores.idempotency;
  const { tenantId, operation, key, fingerprint, ttlMs } = request;
  const now = ctx.clock.now();
  const alsoUsedBy = store.operationsHolding(tenantId, key, now).filter((other) => other !== operation);
  if (alsoUsedBy.length > 0 && request.strict) {
    fail('idempotency_key_reused', '#/x-idempotency-key', `This key was used for ${alsoUsedBy.join(' and ')}; use a new key for a new request.`);
  }
  const existing = store.get(tenantId, operation, key, now);
  if (existing) {
    if (existing.fingerprint !== fingerprint) {
      fail('idempotency_key_reused', '#/x-idempotency-key', 'This key was used for a different request (path or body); use a new key for a new request.');
    }
    if (!existing.response) throw new MonoError({ code: 'idempotency_request_in_progress', path: '#/x-idempotency-key' }, { headers: { 'retry-after': '1' } });
    return { replayed: true, response: existing.response, alsoUsedBy };
  }
  // In flight, a record does not expire: the clock may pass the TTL while the request waits on
  // Visa (a manual clock advanced, a sped-up one), and a retry then must still not run it twice.
  // Its TTL starts when the answer is stored.
  const record: IdempotencyRecord = { tenantId, operation, key, fingerprint, response: null, expiresAt: Number.POSITIVE_INFINITY };
  store.put(record, now);
  let response: StoredResponse;
  try {
    response = await run();
  } catch (error) {
    store.delete(tenantId, operation, key);
    throw error;
  }
  if (response.status >= 500) {
    store.delete(tenantId, operation, key);
  } else {
    const completedAt = ctx.clock.now();
    store.put({ ...record, response, expiresAt: completedAt + ttlMs }, completedAt);
  }
  return { replayed: false, response, alsoUsedBy };
}
