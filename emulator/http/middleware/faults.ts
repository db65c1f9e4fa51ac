import type { RequestHandler, Response } from 'express';
import { MonoError, type ErrorCode } from '../../domain/errors.js';
import type { FaultStatus } from '../../ports/faults.js';
import type { Tenant } from '../../ports/records.js';
import type { ApiFaults } from '../../services/api-faults.js';

/** Names the rule behind a faulted answer, so a failing CI run shows the failure was asked for. */
export const FAULT_HEADER = 'x-emulator-fault';

/** Mono's codes where it documents them (500, 503); the emulator's for 429, 502 and 504. */
const CODE_OF: Record<FaultStatus, ErrorCode> = {
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_is_unavailable',
  504: 'gateway_timeout',
};

function faultError(ruleId: string, status: FaultStatus, retryAfterSeconds: number | null): MonoError {
  const headers: Record<string, string> = { [FAULT_HEADER]: ruleId };
  if (retryAfterSeconds !== null) headers['retry-after'] = String(retryAfterSeconds);
  return new MonoError({ code: CODE_OF[status] }, { headers });
}

/** Wall-clock time: a client's timeout is. The timer keeps no process alive on its own. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Waits `ms`, or less if the client goes away first; true when the client is still there. */
function hangUnlessClosed(res: Response, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(!res.destroyed), ms);
    timer.unref();
    res.once('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * The API fault rules of the caller's tenant (services/api-faults.ts), applied after auth and the
 * reading of the body: a faulted call never reaches validation, idempotency or its handler, so it
 * changes nothing and leaves its `X-Idempotency-Key` free. Latency is the exception: the call then
 * runs as usual, even if the client gave up meanwhile, as on a slow server (its body is read by
 * then, which is why the rules wait for it).
 */
export function faultGate(faults: ApiFaults, operationId: string): RequestHandler {
  return (req, res, next) => {
    const decision = faults.decide((res.locals.tenant as Tenant).id, operationId);
    if (decision === null) return next();
    const carryOut = async () => {
      if (decision.latencyMs > 0) await pause(decision.latencyMs);
      const { answer } = decision;
      if (answer === null) return next();
      const { ruleId, effect } = answer;
      if (effect.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (effect.kind === 'hang' && !(await hangUnlessClosed(res, effect.ms))) return;
      next(faultError(ruleId, effect.status, effect.retryAfterSeconds));
    };
    carryOut().catch(next);
  };
}
