import type { EmulatorComponents } from '../../contracts/index.js';
import type { TokenizationRule } from '../ports/tokenization-outcomes.js';

/** The control plane's answer about a tenant's tokenization rule (null: none in force). */
export function presentTokenizationRule(rule: TokenizationRule | null): EmulatorComponents['schemas']['TokenizationRuleAnswer'] {
  if (!rule) return { rule: null };
  return {
    rule: { outcome: rule.outcome, remaining: rule.remaining, fraction: rule.fraction, seed: rule.seed, latency_ms: rule.latencyMs, applied: rule.applied },
  };
}
