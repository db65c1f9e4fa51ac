import type { CardState } from '../ports/records.js';

/** How a card changes state: through PATCH /v1/cards/{id}, or by its holder activating it. */
export type TransitionCause = 'update' | 'holder_activation';

/**
 * The lifecycle, as one table. Virtual cards are born active and plastic cards created (flow
 * page); the holder activates a plastic card (Banking guide); freeze and unfreeze are PATCH state
 * frozen/active [S]; canceled is terminal [I]. Mono publishes no rule for the rest (§10), so the
 * emulator refuses created -> frozen and any PATCH to `created`.
 */
const TRANSITIONS: Record<CardState, Partial<Record<CardState, TransitionCause>>> = {
  created: { active: 'holder_activation', canceled: 'update' },
  active: { frozen: 'update', canceled: 'update' },
  frozen: { active: 'update', canceled: 'update' },
  canceled: {},
};

export function canTransition(from: CardState, to: CardState, cause: TransitionCause): boolean {
  return TRANSITIONS[from][to] === cause;
}
