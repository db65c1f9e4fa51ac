import type { RequestHandler } from 'express';
import { MonoError } from '../../domain/errors.js';
import type { Tenant } from '../../ports/records.js';
import type { RateLimiter } from '../../services/rate-limiter.js';

/** The opt-in rate limit, per API key, after auth: 429 with `Retry-After` (errors-and-retries), the only header Mono documents for it. */
export function rateLimit(limiter: RateLimiter): RequestHandler {
  return (_req, res, next) => {
    const decision = limiter.admit((res.locals.tenant as Tenant).apiKey);
    if (decision.admitted) return next();
    throw new MonoError({ code: 'too_many_requests' }, { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
  };
}
