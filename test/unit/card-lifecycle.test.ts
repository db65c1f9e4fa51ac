import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { canTransition, type TransitionCause } from '../../emulator/domain/card-lifecycle.js';
import type { CardState } from '../../emulator/ports/records.js';

/**
 * The card lifecycle as a spec (contracts/mono.openapi.yaml, updateCard's x-emulator note, and
 * activateCard in contracts/emulator.openapi.yaml): PATCH (`update`) allows active <-> frozen and
 * any live state -> canceled; created -> active happens only when the holder activates the card
 * or, for an unfunded virtual prepaid card, with its first top-up (`first_load`); canceled is
 * terminal; nothing ever moves a card (back) to `created`. Asking for the state a card already
 * has is not a transition (updateCard treats it as a no-op before the table).
 */
const STATES: readonly CardState[] = ['created', 'active', 'frozen', 'canceled'];
const CAUSES: readonly TransitionCause[] = ['update', 'holder_activation', 'first_load'];

const ALLOWED = 'allowed';
const REFUSED = 'refused';
type Verdict = typeof ALLOWED | typeof REFUSED;

// prettier-ignore
const TABLE: readonly { from: CardState; to: CardState; cause: TransitionCause; verdict: Verdict }[] = [
  { from: 'created',  to: 'created',  cause: 'update',            verdict: REFUSED },
  { from: 'created',  to: 'created',  cause: 'holder_activation', verdict: REFUSED },
  { from: 'created',  to: 'active',   cause: 'update',            verdict: REFUSED },
  { from: 'created',  to: 'active',   cause: 'holder_activation', verdict: ALLOWED },
  { from: 'created',  to: 'frozen',   cause: 'update',            verdict: REFUSED },
  { from: 'created',  to: 'frozen',   cause: 'holder_activation', verdict: REFUSED },
  { from: 'created',  to: 'canceled', cause: 'update',            verdict: ALLOWED },
  { from: 'created',  to: 'canceled', cause: 'holder_activation', verdict: REFUSED },

  { from: 'active',   to: 'created',  cause: 'update',            verdict: REFUSED },
  { from: 'active',   to: 'created',  cause: 'holder_activation', verdict: REFUSED },
  { from: 'active',   to: 'active',   cause: 'update',            verdict: REFUSED },
  { from: 'active',   to: 'active',   cause: 'holder_activation', verdict: REFUSED },
  { from: 'active',   to: 'frozen',   cause: 'update',            verdict: ALLOWED },
  { from: 'active',   to: 'frozen',   cause: 'holder_activation', verdict: REFUSED },
  { from: 'active',   to: 'canceled', cause: 'update',            verdict: ALLOWED },
  { from: 'active',   to: 'canceled', cause: 'holder_activation', verdict: REFUSED },

  { from: 'frozen',   to: 'created',  cause: 'update',            verdict: REFUSED },
  { from: 'frozen',   to: 'created',  cause: 'holder_activation', verdict: REFUSED },
  { from: 'frozen',   to: 'active',   cause: 'update',            verdict: ALLOWED },
  { from: 'frozen',   to: 'active',   cause: 'holder_activation', verdict: REFUSED },
  { from: 'frozen',   to: 'frozen',   cause: 'update',            verdict: REFUSED },
  { from: 'frozen',   to: 'frozen',   cause: 'holder_activation', verdict: REFUSED },
  { from: 'frozen',   to: 'canceled', cause: 'update',            verdict: ALLOWED },
  { from: 'frozen',   to: 'canceled', cause: 'holder_activation', verdict: REFUSED },

  { from: 'canceled', to: 'created',  cause: 'update',            verdict: REFUSED },
  { from: 'canceled', to: 'created',  cause: 'holder_activation', verdict: REFUSED },
  { from: 'canceled', to: 'active',   cause: 'update',            verdict: REFUSED },
  { from: 'canceled', to: 'active',   cause: 'holder_activation', verdict: REFUSED },
  { from: 'canceled', to: 'frozen',   cause: 'update',            verdict: REFUSED },
  { from: 'canceled', to: 'frozen',   cause: 'holder_activation', verdict: REFUSED },
  { from: 'canceled', to: 'canceled', cause: 'update',            verdict: REFUSED },
  { from: 'canceled', to: 'canceled', cause: 'holder_activation', verdict: REFUSED },

  { from: 'created',  to: 'created',  cause: 'first_load',        verdict: REFUSED },
  { from: 'created',  to: 'active',   cause: 'first_load',        verdict: ALLOWED },
  { from: 'created',  to: 'frozen',   cause: 'first_load',        verdict: REFUSED },
  { from: 'created',  to: 'canceled', cause: 'first_load',        verdict: REFUSED },
  { from: 'active',   to: 'created',  cause: 'first_load',        verdict: REFUSED },
  { from: 'active',   to: 'active',   cause: 'first_load',        verdict: REFUSED },
  { from: 'active',   to: 'frozen',   cause: 'first_load',        verdict: REFUSED },
  { from: 'active',   to: 'canceled', cause: 'first_load',        verdict: REFUSED },
  { from: 'frozen',   to: 'created',  cause: 'first_load',        verdict: REFUSED },
  { from: 'frozen',   to: 'active',   cause: 'first_load',        verdict: REFUSED },
  { from: 'frozen',   to: 'frozen',   cause: 'first_load',        verdict: REFUSED },
  { from: 'frozen',   to: 'canceled', cause: 'first_load',        verdict: REFUSED },
  { from: 'canceled', to: 'created',  cause: 'first_load',        verdict: REFUSED },
  { from: 'canceled', to: 'active',   cause: 'first_load',        verdict: REFUSED },
  { from: 'canceled', to: 'frozen',   cause: 'first_load',        verdict: REFUSED },
  { from: 'canceled', to: 'canceled', cause: 'first_load',        verdict: REFUSED },
];

describe('card lifecycle: the transition table', () => {
  it.each(TABLE)('card lifecycle: $from -> $to by $cause is $verdict', ({ from, to, cause, verdict }) => {
    expect(canTransition(from, to, cause)).toBe(verdict === ALLOWED);
  });

  it('card lifecycle: the table above names every (from, to, cause) triple exactly once', () => {
    const triples = TABLE.map(({ from, to, cause }) => `${from}>${to}>${cause}`);
    expect(new Set(triples).size).toBe(triples.length);
    expect(triples.length).toBe(STATES.length * STATES.length * CAUSES.length);
  });

  it("card lifecycle: the table's states are exactly the contract's CardState enum", () => {
    const contract = parseYaml(readFileSync(fileURLToPath(new URL('../../contracts/mono.openapi.yaml', import.meta.url)), 'utf8')) as {
      components: { schemas: { CardState: { enum: string[] } } };
    };
    expect([...contract.components.schemas.CardState.enum].sort()).toEqual([...STATES].sort());
  });
});
