import type { RequestHandler } from 'express';
import { fail } from '../domain/errors.js';

type Method = 'get' | 'post';

/**
 * Operations Mono documents (docs/mono-reference.md §9), or its SDK and client code call (§21),
 * that the emulator does not model (README: Limits). They answer 501 rather than 404, so a client
 * learns the call is right but not emulated; a path of theirs asked with another method answers 405.
 */
const NOT_EMULATED: readonly (readonly [Method, string])[] = [
  // Banking beyond the bank accounts cards draw on: banks, transfers, collection links.
  ['get', '/v1/banks'],
  ['get', '/v1/transfers'],
  ['post', '/v1/transfers'],
  ['post', '/v1/transfers/prepare'],
  ['get', '/v1/collection_links'],
  ['post', '/v1/collection_links'],
  ['get', '/v1/collection_links/:id'],
  ['get', '/v1/collection_links/:id/intents/:intent_id'],
];

interface Template {
  method: string;
  template: string;
  pattern: RegExp;
}

const TEMPLATES: readonly Template[] = NOT_EMULATED.map(([method, path]) => ({
  method: method.toUpperCase(),
  template: path.replace(/:(\w+)/g, '{$1}'),
  pattern: new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}/?$`),
}));

/** The methods a not-emulated operation takes at a path, for the 405's `Allow`. */
export function notEmulatedMethodsFor(path: string): string[] {
  return TEMPLATES.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method);
}

/**
 * One middleware rather than a router of a route per operation: every request passes here first,
 * and a few regular expressions for its method cost less than Express walking a route each.
 */
export function notEmulated(authenticate: RequestHandler): RequestHandler {
  const byMethod = new Map<string, Template[]>();
  for (const template of TEMPLATES) byMethod.set(template.method, [...(byMethod.get(template.method) ?? []), template]);
  return (req, res, next) => {
    const match = byMethod.get(req.method)?.find(({ pattern }) => pattern.test(req.path));
    if (!match) return next();
    authenticate(req, res, () =>
      fail('not_emulated', null, `${req.method} ${match.template} is a Mono operation the emulator does not model yet (README: Limits).`),
    );
  };
}
