import type { CardState } from '../ports/records.js';

/** How a card changes state: through PATCH /v1/cards/{id}, by its holder activating it, or by the first money loaded onto an unfunded virtual prepaid card. */
export type TransitionCause = 'update' | 'holder_activation' | 'first_load';

/**
 * The lifecycle, as one table. Virtual cards are born active and plastic cards created (flow
 * page); the holder activates a plastic card (Banking guide); an unfunded prepaid card "won't be
 * activated" until money is loaded onto it (cards guide), so a virtual one is born created and
 * its first top-up activates it; freeze and unfreeze are PATCH state frozen/active [S]; canceled
 * is terminal [I]. Mono publishes no rule for the rest (§10), so the emulator refuses
 * created -> frozen and any PATCH to `created`.
 */
const TRANSITIONS: Record<CardState, Partial<Record<CardState, readonly TransitionCause[]>>> = {
  created: { active: ['holder_activation', 'first_load'], canceled: ['update'] },
  active: { frozen: ['update'], canceled: ['update'] },
  frozen: { active: ['update'], canceled: ['update'] },
  canceled: {},
};

export function canTransition(from: CardState, to: CardState, cause: TransitionCause): boolean {
  return TRANSITIONS[from][to]?.includes(cause) ?? false;
}
