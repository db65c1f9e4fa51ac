import type { CardNetwork } from './card-network.js';

/** How a tokenization ends: issued, or Visa declining (502), unavailable (503) or too slow (504). */
export type TokenizationOutcome = 'success' | 'declined' | 'unavailable' | 'timeout';

/** A tenant's choice of outcome for its tokenizations, as set over the control plane. */
export interface TokenizationRuleInput {
  outcome: TokenizationOutcome;
  /** Covers the next N tokenizations, then goes away. */
  next?: number;
  /** Covers each tokenization with this probability. */
  fraction?: number;
  /** Seeds the draws of `fraction`. */
  seed?: number;
  /** Wall-clock milliseconds each covered tokenization takes. */
  latency_ms?: number;
}

/** A rule in force. */
export interface TokenizationRule {
  outcome: TokenizationOutcome;
  /** Tokenizations still covered; null when the rule is not counted. */
  remaining: number | null;
  fraction: number | null;
  seed: number | null;
  latencyMs: number;
  /** Tokenizations covered so far. */
  applied: number;
}

/**
 * The outcomes of the Visa step, chosen per tenant: a rule set over HTTP, else the cardholder's
 * document magic values, else success. `wrap` puts them in front of any card network.
 */
export interface TokenizationOutcomes {
  rule(tenantId: string): TokenizationRule | null;
  setRule(tenantId: string, input: TokenizationRuleInput): TokenizationRule;
  deleteRule(tenantId: string): void;
  /** Forgets every tenant's rule (a reset). */
  clear(): void;
  wrap(network: CardNetwork): CardNetwork;
}
