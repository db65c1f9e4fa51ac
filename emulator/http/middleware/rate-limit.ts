import type { RequestHandler } from 'express';
import { fail, MonoError } from '../../domain/errors.js';
import type { Tenant } from '../../ports/records.js';
import type { RateLimiter } from '../../services/rate-limiter.js';
import type { TenantRegistry } from '../../services/tenant-registry.js';

/**
 * The opt-in rate limit, per API key (one key, one tenant), after auth, with windows on the
 * tenant's time: 429 with `Retry-After` (errors-and-retries), the only header Mono documents for it.
 */
export function rateLimit(limiter: RateLimiter, tenants: Pick<TenantRegistry, 'contextOf'>): RequestHandler {
  return (_req, res, next) => {
    const tenant = res.locals.tenant as Tenant;
    const ctx = tenants.contextOf(tenant.id) ?? fail('expired_token');
    const decision = limiter.admit(tenant.id, ctx.clock.now());
    if (decision.admitted) return next();
    throw new MonoError({ code: 'too_many_requests' }, { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
  };
}
