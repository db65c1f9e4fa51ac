import { createHash } from 'node:crypto';
import type { IdempotencyRecord, StoredResponse } from '../ports/idempotency-store.js';
import type { DomainContext } from './context.js';
import { fail, MonoError } from './errors.js';

/** §5 leaves the TTL undocumented; the emulator keeps a key for 24 hours unless told otherwise. */
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

/** A digest, not the body itself: records stay small however large the requests were. */
export function fingerprintOf(request: RequestFingerprint): string {
  return createHash('sha256').update(`${request.method.toUpperCase()} ${request.path}\n${canonicalJson(request.body)}`).digest('base64url');
}

export interface IdempotentOutcome {
  replayed: boolean;
  response: StoredResponse;
}

export interface IdempotentRequest {
  tenantId: string;
  key: string;
  fingerprint: string;
  ttlMs: number;
}

/**
 * `X-Idempotency-Key` (§5): the one service every idempotent operation goes through.
 * - Scope is (tenant, key): two tenants never share a key.
 * - A key first marks the request in flight; the same key meanwhile answers 409 and never runs twice.
 * - A completed answer with a status below 500 is kept for the TTL and replayed as it was sent.
 * - A 5xx or a thrown error keeps nothing, so a retry with the same key runs again.
 * - The same key with another method, path or body answers 409.
 */
export async function executeIdempotently(
  ctx: Pick<DomainContext, 'stores' | 'clock'>,
  request: IdempotentRequest,
  run: () => Promise<StoredResponse>,
): Promise<IdempotentOutcome> {
  const store = ctx.stores.idempotency;
  const { tenantId, key, fingerprint, ttlMs } = request;
  const now = ctx.clock.now();
  const existing = store.get(tenantId, key, now);
  if (existing) {
    if (existing.fingerprint !== fingerprint) {
      fail('idempotency_key_reused', '#/x-idempotency-key', 'This key was used for a different request (method, path or body); use a new key for a new request.');
    }
    if (!existing.response) throw new MonoError({ code: 'idempotency_request_in_progress', path: '#/x-idempotency-key' }, { headers: { 'retry-after': '1' } });
    return { replayed: true, response: existing.response };
  }
  // In flight, a record does not expire: the clock may pass the TTL while the request waits on
  // Visa (a manual clock advanced, a sped-up one), and a retry then must still not run it twice.
  // Its TTL starts when the answer is stored.
  const record: IdempotencyRecord = { tenantId, key, fingerprint, response: null, expiresAt: Number.POSITIVE_INFINITY };
  store.put(record, now);
  let response: StoredResponse;
  try {
    response = await run();
  } catch (error) {
    store.delete(tenantId, key);
    throw error;
  }
  if (response.status >= 500) {
    store.delete(tenantId, key);
  } else {
    const completedAt = ctx.clock.now();
    store.put({ ...record, response, expiresAt: completedAt + ttlMs }, completedAt);
  }
  return { replayed: false, response };
}
