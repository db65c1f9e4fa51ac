import type { RequestHandler } from 'express';
import { fail } from '../domain/errors.js';

/**
 * Operations Mono documents (mono-api.md §9, §11, §14) that the emulator does not model yet.
 * They answer 501 rather than 404, so a client learns the call is right but not emulated.
 */
const NOT_EMULATED: readonly (readonly ['get' | 'post', string])[] = [
  ['get', '/v1/cards/activation_links'],
  ['post', '/v1/cards/activation_links'],
  ['get', '/v1/cards/activation_links/:id'],
  ['post', '/v1/cards/activate_plastic_card'],
  ['post', '/v1/cards/:card_id/token-provisioning/apple-pay'],
  ['post', '/v1/cards/:card_id/token-provisioning/google-pay'],
];

/**
 * One middleware rather than a route per operation: every request passes here first, and a few
 * regular expressions for its method cost less than Express walking a route per operation.
 */
export function notEmulated(authenticate: RequestHandler): RequestHandler {
  const byMethod = new Map<string, { template: string; pattern: RegExp }[]>();
  for (const [method, path] of NOT_EMULATED) {
    const list = byMethod.get(method.toUpperCase()) ?? [];
    list.push({ template: path.replace(/:(\w+)/g, '{$1}'), pattern: new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}/?$`) });
    byMethod.set(method.toUpperCase(), list);
  }
  return (req, res, next) => {
    const match = byMethod.get(req.method)?.find(({ pattern }) => pattern.test(req.path));
    if (!match) return next();
    authenticate(req, res, () =>
      fail('not_emulated', null, `${req.method} ${match.template} is a Mono operation the emulator does not model yet (README: Limits).`),
    );
  };
}
