import type { Clock } from '../ports/clock.js';
import type { IdSource } from '../ports/id-source.js';
import type { TokenizationOutcomes } from '../ports/tokenization-outcomes.js';
import type { ApiFaults } from '../services/api-faults.js';
import type { LiveFeed } from '../services/live-feed.js';
import type { RateLimiter } from '../services/rate-limiter.js';
import type { TenantRegistry } from '../services/tenant-registry.js';
import type { AccessPolicy } from './access.js';

/**
 * What route tables need from the composition root. There is no domain context here: a handler
 * takes its tenant's from its request (`RequestContext.domain`), so it reads that tenant's clock and ids.
 */
export interface RouteDeps {
  /** Every tenant with its domain context; made, reset and removed here. */
  tenants: TenantRegistry;
  /** The emulator's own clock: the request log's, and the global clock of the control plane. */
  clock: Clock;
  /** `log_` ids of answers that belong to no tenant (refused before a key was known). */
  ids: IdSource;
  /** Who may act on every tenant, and whether an unknown key opens a tenant. */
  access: AccessPolicy;
  /** Signs look-page tokens. */
  lookSecret: Buffer;
  /** Whether what Mono lets through is refused rather than warned about (README: Strict mode). */
  strict: boolean;
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
  /** As at start: every start-up tenant seeded again, tenants made at run time forgotten, fault rules and rate windows as configured. */
  resetAll(): void;
  /** Moves the emulator's manual clock (every tenant's time), letting each webhook attempt that falls due run at its time. */
  advanceClock(milliseconds: number): Promise<void>;
  /** Sends one more attempt of a delivery now, outside the retry schedule. */
  redeliver(tenantId: string, deliveryId: string): void;
  /** Makes a `whsec_…` secret for a webhook registered without one. */
  newWebhookSecret(): string;
  /** Every tenant's API fault rules. */
  faults: ApiFaults;
  /** The emulator's seed: of fault draws that name none, and of the dashboard's fake people. */
  seed: number;
  /** Each tenant's live feed of webhook events and delivery attempts. */
  feed: LiveFeed;
  /** The opt-in rate limit; absent when off. */
  rateLimiter?: RateLimiter | undefined;
}
