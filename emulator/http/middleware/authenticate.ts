import type { RequestHandler } from 'express';
import { MonoError } from '../../domain/errors.js';
import { tenantByApiKey } from '../../domain/tenants.js';
import type { RouteDeps } from '../route-deps.js';

const CHALLENGE = { headers: { 'www-authenticate': 'Bearer' } };

/** `Authorization: Bearer <key>` (§3): each key is its own tenant. */
export function authenticate({ domain }: RouteDeps): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) throw new MonoError({ code: 'missing_authorization_header' }, CHALLENGE);
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match) {
      throw new MonoError(
        { code: 'missing_authorization_header', message: 'The `Authorization` header must be `Bearer <API key>`.' },
        CHALLENGE,
      );
    }
    const tenant = tenantByApiKey(domain, match[1]!);
    if (!tenant) throw new MonoError({ code: 'expired_token' }, CHALLENGE);
    res.locals.tenant = tenant;
    next();
  };
}
