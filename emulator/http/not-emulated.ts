import { Router, type RequestHandler } from 'express';
import { fail } from '../domain/errors.js';

/**
 * Operations Mono documents (mono-api.md §9, §11, §14) that the emulator does not model yet.
 * They answer 501 rather than 404, so a client learns the call is right but not emulated.
 */
const NOT_EMULATED: readonly (readonly ['get' | 'post' | 'patch', string])[] = [
  ['get', '/v1/cards/activation_links'],
  ['post', '/v1/cards/activation_links'],
  ['get', '/v1/cards/activation_links/:id'],
  ['post', '/v1/cards/activate_plastic_card'],
  ['get', '/v1/cards/:card_id/transactions'],
  ['get', '/v1/cards/:card_id/prepaid/balance'],
  ['get', '/v1/cards/:card_id/prepaid/operations'],
  ['post', '/v1/cards/:card_id/prepaid/operations'],
  ['post', '/v1/cards/:card_id/token-provisioning/apple-pay'],
  ['post', '/v1/cards/:card_id/token-provisioning/google-pay'],
  ['get', '/v1/ledger/account_holders/find_by'],
  ['get', '/v1/ledger/account_holders/:id'],
  ['patch', '/v1/ledger/account_holders/:id'],
  ['patch', '/v1/ledger/accounts/:id'],
  ['get', '/v1/ledger/accounts/:id/transactions'],
  ['get', '/v1/ledger/accounts/:id/transactions/:transaction_id'],
  ['post', '/v1/ledger/transfers'],
  ['get', '/v1/core/fx_rates'],
  ['get', '/v1/ledger/subaccount_operations/find_successful_by'],
];

export function notEmulatedRoutes(authenticate: RequestHandler): Router {
  const router = Router({ caseSensitive: true });
  for (const [method, path] of NOT_EMULATED) {
    router[method](path, authenticate, (req) =>
      fail('not_emulated', null, `${req.method} ${path.replace(/:(\w+)/g, '{$1}')} is a Mono operation the emulator does not model yet (README: Limits).`),
    );
  }
  return router;
}
