import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { DomainContext } from './domain/context.js';
import { undeliveredDeliveries, type UndeliveredDelivery } from './domain/webhooks.js';
import { createApp } from './http/app.js';
import { answerClientError } from './http/client-error.js';
import { gracefulCloser } from './http/graceful-close.js';
import type { RouteDeps } from './http/route-deps.js';
import { monoOperationIds, resolveEmulatorOptions, type EmulatorOptions, type ResolvedEmulatorOptions } from './options.js';
import type { CardNetwork } from './ports/card-network.js';
import type { Clock } from './ports/clock.js';
import type { IdSource } from './ports/id-source.js';
import { createManualClock, createSystemClock } from './runtime/clocks.js';
import { createFakeVisaNetwork } from './runtime/fake-visa-network.js';
import { createHttpWebhookTransport } from './runtime/http-webhook-transport.js';
import { createIdSource, randomBase62 } from './runtime/id-source.js';
import { createSeededRandom } from './runtime/seeded-random.js';
import { ApiFaults } from './services/api-faults.js';
import { AuthorizationExpiry } from './services/authorization-expiry.js';
import { createClockMover } from './services/clock-mover.js';
import { createEventHub } from './services/event-hub.js';
import { RateLimiter } from './services/rate-limiter.js';
import { seedTenants, type SeedPlan } from './services/seed-tenant.js';
import { createTokenizationOutcomes } from './services/tokenization-outcomes.js';
import { WebhookDispatcher } from './services/webhook-dispatcher.js';
import { webhookOutbox } from './services/webhook-outbox.js';
import { createStores } from './store/create-stores.js';

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`: where it listens. */
  readonly url: string;
  /** The Express app, for supertest. */
  readonly app: Express;
  /** One key per tenant, in the order given (or the generated key). */
  readonly apiKeys: readonly string[];
  /** The clock it reads; a manual clock can be moved with advanceClock(). */
  readonly clock: Clock;
  /** The secret of the `webhookUrl` option's registrations, when that option is set. */
  readonly webhookSecret: string | undefined;
  /**
   * Moves a manual clock forward. Each webhook attempt that falls due runs at its own time, and
   * the promise resolves once they have all been answered (or timed out).
   */
  advanceClock(milliseconds: number): Promise<void>;
  /** Resolves once no webhook attempt is running or due now. */
  settled(): Promise<void>;
  /** Forgets every change and seeds every tenant again, as at start. */
  reset(): void;
  /**
   * Stops taking connections; requests being answered and webhook attempts under way get two
   * seconds to finish, then are cut off (an attempt cut off is logged as failed). Resolves with
   * the deliveries left pending, so a caller can report them. Calling it again waits for the same stop.
   */
  stop(): Promise<StopReport>;
}

/** What stop() leaves undone. */
export interface StopReport {
  /** Deliveries still pending: events that did not reach their receiver (none is dropped silently). */
  undelivered: UndeliveredDelivery[];
}

/** How long stop() waits for requests being answered and receivers to answer attempts already sent. */
export const STOP_GRACE_MS = 2_000;

// Ids (log ids included), card numbers and the default key draw from separate seeded streams:
// a change in how many ids a run uses never changes the card numbers or the key.
const STREAM = { ids: 0x1d5, network: 0x5eed, keys: 0x4e75, faults: 0xfa17, outcomes: 0x0c75 } as const;

function createClock(options: ResolvedEmulatorOptions): Clock {
  if (typeof options.clock !== 'string') return options.clock;
  if (options.clock === 'system') return createSystemClock(options.clockSpeed);
  const start = options.clockStart === undefined ? Date.now() : new Date(options.clockStart).getTime();
  return createManualClock(start);
}

function defaultApiKey(seed: number): string {
  return `sandbox_${randomBase62(createSeededRandom(seed ^ STREAM.keys), 32)}`;
}

/** Mono's example secrets read `whsec_…` (§15). */
const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

function listen(app: Express, port: number, host: string, domain: DomainContext): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.on('clientError', answerClientError(() => domain.ids));
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** Starts an emulator in this process: the same thing `npm start` runs. */
export async function createEmulator(input: EmulatorOptions = {}): Promise<Emulator> {
  const options = resolveEmulatorOptions(input);
  const clock = createClock(options);
  const apiKeys = options.apiKeys ?? [defaultApiKey(options.seed)];
  const webhookSecret = options.webhookUrl ? (options.webhookSecret ?? newWebhookSecret()) : undefined;
  const seeding: SeedPlan = { apiKeys, seed: options.seed, webhook: options.webhookUrl && webhookSecret ? { url: options.webhookUrl, secret: webhookSecret } : undefined };
  const logError = options.logError ?? ((error: unknown) => console.error(error));

  // Ids and card numbers start their seeded streams again at each reset, so a reset run repeats a fresh one.
  const freshIds = (): IdSource => createIdSource(createSeededRandom(options.seed ^ STREAM.ids));
  // The tenants' tokenization outcomes stand in front of whichever network is used, the library's `cardNetwork` included.
  const tokenization = createTokenizationOutcomes({
    defaultSeed: options.seed,
    randomFor: (seed) => createSeededRandom(seed ^ STREAM.outcomes),
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  const freshNetwork = (): CardNetwork =>
    tokenization.wrap(
      options.cardNetwork ?? createFakeVisaNetwork({ random: createSeededRandom(options.seed ^ STREAM.network), clock, latencyMs: options.tokenizationLatencyMs }),
    );
  const events = createEventHub(logError);
  const domain: DomainContext = { stores: createStores(), clock, ids: freshIds(), network: freshNetwork(), events, generation: 0 };
  const dispatcher = new WebhookDispatcher({ domain, transport: createHttpWebhookTransport(), timeoutMs: options.webhookTimeoutMs, logLimit: options.webhookLogLimit, logError });
  events.subscribe(webhookOutbox(domain, dispatcher));
  const expiry = new AuthorizationExpiry(domain, logError);
  events.subscribe(expiry.listener);
  seedTenants(domain, seeding, newWebhookSecret);

  // Fault rule ids have a stream of their own: adding a rule shifts no resource's id.
  const freshFaultIds = () => {
    const ids = createIdSource(createSeededRandom(options.seed ^ STREAM.faults));
    return () => ids.next('flt');
  };
  const faults = new ApiFaults({ monoOperations: monoOperationIds(), configured: options.faults, defaultSeed: options.seed, newId: freshFaultIds() });
  const rateLimiter = options.rateLimit ? new RateLimiter(clock, options.rateLimit) : undefined;

  const reset = () => {
    dispatcher.reset();
    expiry.reset();
    faults.reset(freshFaultIds());
    rateLimiter?.reset();
    domain.stores.clear();
    domain.generation++;
    domain.ids = freshIds();
    tokenization.clear();
    domain.network = freshNetwork();
    seedTenants(domain, seeding, newWebhookSecret);
  };
  const advanceClock = createClockMover(clock, () => dispatcher.settled());

  const deps: RouteDeps = {
    domain,
    lookSecret: randomBytes(32),
    activationSecret: randomBytes(32),
    tokenization,
    idempotencyTtlMs: options.idempotencyTtlSeconds * 1000,
    authorizationExpiryMs: options.authorizationExpiryDays * 24 * 60 * 60 * 1000,
    deliveryLogLimit: options.webhookLogLimit,
    reset,
    advanceClock,
    redeliver: (tenantId, deliveryId) => dispatcher.redeliver(tenantId, deliveryId),
    newWebhookSecret,
    faults,
    faultSeed: options.seed,
    rateLimiter,
  };
  const app = createApp(deps, {
    ...(options.logRequest ? { logRequest: options.logRequest } : {}),
    logError,
  });
  const server = await listen(app, options.port, options.host, domain);
  const closeServer = gracefulCloser(server);
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let stopping: Promise<StopReport> | undefined;

  return {
    url: `http://${host}:${port}`,
    app,
    apiKeys,
    clock,
    webhookSecret,
    advanceClock,
    settled: () => dispatcher.settled(),
    reset,
    stop() {
      stopping ??= (async () => {
        expiry.stop();
        await Promise.all([closeServer(STOP_GRACE_MS), dispatcher.stop(STOP_GRACE_MS)]);
        return { undelivered: undeliveredDeliveries(domain) };
      })();
      return stopping;
    },
  };
}
