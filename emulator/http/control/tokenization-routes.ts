import { presentTokenizationRule } from '../../present/tokenization-rule.js';
import { noContent, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/** `/_emulator/tokenization`: how the tenant's next Visa tokenizations end. */
export function tokenizationRoutes({ tokenization }: RouteDeps) {
  return {
    getTokenizationRule: ({ tenant }) => ok(presentTokenizationRule(tokenization.rule(tenant.id))),
    setTokenizationRule: ({ tenant, body }) => ok(presentTokenizationRule(tokenization.setRule(tenant.id, body))),
    deleteTokenizationRule: ({ tenant }) => {
      tokenization.deleteRule(tenant.id);
      return noContent();
    },
  } satisfies Partial<HandlerTable>;
}
