import type { Request } from 'express';
import { MonoError } from '../../domain/errors.js';
import { executeIdempotently, fingerprintOf, type IdempotentOutcome } from '../../domain/idempotency.js';
import type { StoredResponse } from '../../ports/idempotency-store.js';
import type { OperationId, Reply, RequestContext } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';
import { serializeReply } from '../reply.js';
import { envelopeOf } from './error-handler.js';

/** Marks an answer that repeats a stored one rather than running the request again. */
export const REPLAY_HEADER = 'x-idempotent-replayed';

/**
 * Runs a request under its `X-Idempotency-Key`. Client errors the handler raises (404, 409,
 * 422…) are answers too and are kept like successes; a 5xx or an unexpected error keeps nothing.
 */
export function runIdempotently(
  deps: RouteDeps,
  req: Request,
  context: RequestContext<OperationId>,
  key: string,
  handle: () => Promise<Reply>,
): Promise<IdempotentOutcome> {
  const fingerprint = fingerprintOf({ method: req.method, path: req.path, body: req.body ?? null });
  // The tenant's context: its TTLs run on its clock, its error ids come from its stream.
  const { domain, tenant } = context;
  return executeIdempotently(domain, { tenantId: tenant.id, key, fingerprint, ttlMs: deps.idempotencyTtlMs }, async (): Promise<StoredResponse> => {
    try {
      return serializeReply(await handle());
    } catch (error) {
      if (!(error instanceof MonoError) || error.status >= 500) throw error;
      return serializeReply({ status: error.status, body: envelopeOf(error, domain.ids.next('log')), headers: error.headers });
    }
  });
}

/** Mono's replay answers 200 where the first answer was 201 (§5); everything else is as stored. */
export function replayStatus(outcome: IdempotentOutcome): number {
  return outcome.replayed && outcome.response.status === 201 ? 200 : outcome.response.status;
}
