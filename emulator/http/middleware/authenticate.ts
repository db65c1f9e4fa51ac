import type { RequestHandler } from 'express';
import { MonoError } from '../../domain/errors.js';
import type { Tenant } from '../../ports/records.js';
import { isAdminToken, requireAdmin } from '../access.js';
import type { Caller } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

const CHALLENGE = { headers: { 'www-authenticate': 'Bearer' } };

/** What `--any-key` takes for a key: Mono's sandbox keys read `sandbox_…` (§3; their exact format is not public). */
const ANY_KEY_PATTERN = /^sandbox_[A-Za-z0-9_.-]{8,120}$/;

function bearerKey(header: string): string {
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) {
    throw new MonoError({ code: 'missing_authorization_header', message: 'The `Authorization` header must be `Bearer <API key>`.' }, CHALLENGE);
  }
  return match[1]!;
}

const unknownKey = (message?: string) => new MonoError({ code: 'expired_token', ...(message ? { message } : {}) }, CHALLENGE);

/** The tenant a key opens; with `--any-key`, a well-formed unknown key opens a fresh one (LocalStack-style). */
function tenantOf({ tenants, access }: RouteDeps, key: string): Tenant {
  const tenant = tenants.byApiKey(key);
  if (tenant) return tenant;
  if (!access.anyKey || isAdminToken(access, key)) throw unknownKey();
  if (!ANY_KEY_PATTERN.test(key)) {
    throw unknownKey('With --any-key, a key opens a tenant of its own when it reads `sandbox_` and 8-120 letters, digits, "_", "." or "-".');
  }
  try {
    return tenants.create({ apiKey: key }).tenant;
  } catch (error) {
    // A client of Mono's API expects 401 for a key that opens nothing; the message says why.
    if (error instanceof MonoError && error.details[0]!.code === 'tenant_limit_reached') throw unknownKey(error.message);
    throw error;
  }
}

function setCaller(res: { locals: Record<string, unknown> }, caller: Caller, tenant?: Tenant): void {
  res.locals.caller = caller;
  if (tenant) res.locals.tenant = tenant;
}

/** `Authorization: Bearer <key>` (§3): each key is its own tenant. */
export function authenticate(deps: RouteDeps): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) throw new MonoError({ code: 'missing_authorization_header' }, CHALLENGE);
    setCaller(res, 'tenant', tenantOf(deps, bearerKey(header)));
    next();
  };
}

/**
 * Control operations that act on every tenant, and what a tenant's key does there: `tenant` acts
 * on that tenant alone (reset, the clock, removing itself); `ignored` changes nothing (making a
 * tenant is the admin's, whoever's key comes along).
 */
export type EveryTenantGuard = 'tenant' | 'ignored';

/**
 * The caller of a control operation whose key is optional: the admin token, a tenant's key (an
 * unknown one is a 401, as anywhere), or no key. Calls on every tenant from anyone but the admin
 * are refused here, before the body is read, when the emulator asks for its token (`guard`: the
 * operation acts on every tenant).
 */
export function identifyCaller(deps: RouteDeps, guard: EveryTenantGuard | undefined): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    const key = header ? bearerKey(header) : undefined;
    if (key !== undefined && isAdminToken(deps.access, key)) {
      setCaller(res, 'admin');
      return next();
    }
    const tenant = key === undefined ? undefined : tenantOf(deps, key);
    if (guard === 'ignored' || (guard === 'tenant' && !tenant)) requireAdmin(deps.access);
    if (tenant && guard !== 'ignored') setCaller(res, 'tenant', tenant);
    else setCaller(res, 'anyone');
    next();
  };
}
