import type { DomainContext } from '../domain/context.js';

/** What route tables need from the composition root. */
export interface RouteDeps {
  /** The live domain context; reset() swaps its stores, so handlers read it on every call. */
  domain: DomainContext;
  /** Signs look-page tokens. */
  lookSecret: Buffer;
  /** How long an `X-Idempotency-Key` answer is kept. */
  idempotencyTtlMs: number;
  /** Forgets all data and seeds every tenant again. */
  reset(): void;
}
