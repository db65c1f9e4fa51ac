import type { DomainContext } from '../domain/context.js';
import type { TokenizationOutcomes } from '../ports/tokenization-outcomes.js';
import type { ApiFaults } from '../services/api-faults.js';
import type { RateLimiter } from '../services/rate-limiter.js';

/** What route tables need from the composition root. */
export interface RouteDeps {
  /** The domain context; a reset renews its ids and network, so handlers read them on every call. */
  domain: DomainContext;
  /** Signs look-page tokens. */
  lookSecret: Buffer;
  /** Signs the tokens of the holder's activation page. */
  activationSecret: Buffer;
  /** The tenants' chosen outcomes of the Visa tokenization step. */
  tokenization: TokenizationOutcomes;
  /** How long an `X-Idempotency-Key` answer is kept. */
  idempotencyTtlMs: number;
  /** How long an approved card authorization waits for settlement before it expires. */
  authorizationExpiryMs: number;
  /** Finished deliveries each tenant's log keeps. */
  deliveryLogLimit: number;
  /** Forgets all data and seeds every tenant again. */
  reset(): void;
  /** Moves a manual clock, letting each webhook attempt that falls due run at its time. */
  advanceClock(milliseconds: number): Promise<void>;
  /** Sends one more attempt of a delivery now, outside the retry schedule. */
  redeliver(tenantId: string, deliveryId: string): void;
  /** Makes a `whsec_…` secret for a webhook registered without one. */
  newWebhookSecret(): string;
  /** Every tenant's API fault rules. */
  faults: ApiFaults;
  /** The seed of fault draws that name none: the emulator's. */
  faultSeed: number;
  /** The opt-in rate limit; absent when off. */
  rateLimiter?: RateLimiter | undefined;
}
