import { documentMagic } from '../domain/sandbox-magic.js';
import { fail } from '../domain/errors.js';
import { CardNetworkError, type ProvisionRequest } from '../ports/card-network.js';
import type { Random } from '../ports/random.js';
import type { TokenizationOutcome, TokenizationOutcomes, TokenizationRule } from '../ports/tokenization-outcomes.js';

export interface TokenizationOutcomesOptions {
  /** The seed of a `fraction` rule sent without one: the emulator's, so a run repeats. */
  defaultSeed: number;
  /** A seeded generator for a rule's draws. */
  randomFor(seed: number): Random;
  /** Waits wall-clock milliseconds (a rule's latency, like `tokenizationLatencyMs`, is real time). */
  wait(ms: number): Promise<void>;
}

interface Decision {
  outcome: TokenizationOutcome;
  latencyMs: number;
}

const DRAW_SCALE = 1_000_000;

/**
 * The Visa step's outcomes per tenant (README: Tokenization outcomes). A tenant's rule decides the
 * calls it covers; the others go by the holder's document number (a magic value fails the call as
 * it names), and otherwise to the network behind. Issue 18's generic fault rules can sit beside it:
 * this one knows only the Visa step.
 */
export function createTokenizationOutcomes(options: TokenizationOutcomesOptions): TokenizationOutcomes {
  const rules = new Map<string, { rule: TokenizationRule; random: Random | null }>();

  const covers = (entry: { rule: TokenizationRule; random: Random | null }) =>
    entry.rule.fraction === null || entry.random!.int(DRAW_SCALE) < entry.rule.fraction * DRAW_SCALE;

  function decide(request: ProvisionRequest): Decision {
    const entry = rules.get(request.tenantId);
    if (entry && covers(entry)) {
      const remaining = entry.rule.remaining === null ? null : entry.rule.remaining - 1;
      if (remaining === 0) rules.delete(request.tenantId);
      else rules.set(request.tenantId, { ...entry, rule: { ...entry.rule, remaining, applied: entry.rule.applied + 1 } });
      return { outcome: entry.rule.outcome, latencyMs: entry.rule.latencyMs };
    }
    const magic = documentMagic(request.holderDocument);
    return { outcome: magic && magic !== 'wallet_otp' ? magic : 'success', latencyMs: 0 };
  }

  return {
    rule: (tenantId) => rules.get(tenantId)?.rule ?? null,
    setRule(tenantId, input) {
      if (input.next !== undefined && input.fraction !== undefined) {
        fail('invalid_value', '#/fraction', 'A rule covers the next N tokenizations or a fraction of them, not both.');
      }
      const seed = input.fraction === undefined ? null : (input.seed ?? options.defaultSeed);
      const rule: TokenizationRule = {
        outcome: input.outcome,
        remaining: input.next ?? null,
        fraction: input.fraction ?? null,
        seed,
        latencyMs: input.latency_ms ?? 0,
        applied: 0,
      };
      rules.set(tenantId, { rule, random: seed === null ? null : options.randomFor(seed) });
      return rule;
    },
    deleteRule: (tenantId) => void rules.delete(tenantId),
    clear: () => rules.clear(),
    wrap: (network) => ({
      async provision(request) {
        const { outcome, latencyMs } = decide(request);
        if (latencyMs > 0) await options.wait(latencyMs);
        if (outcome !== 'success') throw new CardNetworkError(outcome);
        return network.provision(request);
      },
    }),
  };
}
