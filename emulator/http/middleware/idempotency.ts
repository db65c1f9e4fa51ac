import type { Request, Response } from 'express';
import type { OperationSpec } from '../../../contracts/index.js';
import { MonoError } from '../../domain/errors.js';
import { executeIdempotently, fingerprintOf, type IdempotentOutcome } from '../../domain/idempotency.js';
import type { StoredResponse } from '../../ports/idempotency-store.js';
import type { OperationId, Reply, RequestContext } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';
import { serializeReply } from '../reply.js';
import { warn } from '../warnings.js';
import { envelopeOf } from './error-handler.js';

/** Marks an answer that repeats a stored one rather than running the request again. */
export const REPLAY_HEADER = 'x-idempotent-replayed';

/**
 * Runs a request under its `X-Idempotency-Key`, kept per operation. Client errors the handler
 * raises (404, 409, 422…) are answers too and are kept like successes; a 5xx or an unexpected
 * error keeps nothing. A key another operation also holds is allowed (as on Mono) with a warning,
 * or refused under `strict`.
 */
export async function runIdempotently(
  deps: RouteDeps,
  op: OperationSpec,
  req: Request,
  res: Response,
  context: RequestContext<OperationId>,
  key: string,
  handle: () => Promise<Reply>,
): Promise<IdempotentOutcome> {
  const fingerprint = fingerprintOf({ method: req.method, path: req.path, body: req.body ?? null });
  const operation = `${op.method.toUpperCase()} ${op.path}`;
  // The tenant's context: its TTLs run on its clock, its error ids come from its stream.
  const { domain, tenant } = context;
  const outcome = await executeIdempotently(
    domain,
    { tenantId: tenant.id, operation, key, fingerprint, ttlMs: deps.idempotencyTtlMs, strict: deps.strict },
    async (): Promise<StoredResponse> => {
      try {
        return serializeReply(await handle());
      } catch (error) {
        if (!(error instanceof MonoError) || error.status >= 500) throw error;
        return serializeReply({ status: error.status, body: envelopeOf(error, domain.ids.next('log')), headers: error.headers });
      }
    },
  );
  for (const other of outcome.alsoUsedBy) warn(res, `x-idempotency-key also used for ${other}; keys are kept per operation`);
  return outcome;
}

/** Mono's replay answers 200 where the first answer was 201 (idempotency-keys guide); everything else is as stored. */
export function replayStatus(outcome: IdempotentOutcome): number {
  return outcome.replayed && outcome.response.status === 201 ? 200 : outcome.response.status;
}
