import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { DomainContext } from './domain/context.js';
import { fail } from './domain/errors.js';
import { undeliveredDeliveries, type UndeliveredDelivery } from './domain/webhooks.js';
import { isLoopback } from './http/access.js';
import { createApp } from './http/app.js';
import { answerClientError } from './http/client-error.js';
import { gracefulCloser } from './http/graceful-close.js';
import type { RouteDeps } from './http/route-deps.js';
import { monoOperationIds, resolveEmulatorOptions, type EmulatorOptions, type ResolvedEmulatorOptions } from './options.js';
import { isManualClock, type Clock } from './ports/clock.js';
import type { IdSource } from './ports/id-source.js';
import { EMULATOR_EVENT_TYPES } from './ports/views.js';
import { createManualClock, createSystemClock } from './runtime/clocks.js';
import { createFakeVisaNetwork } from './runtime/fake-visa-network.js';
import { createHttpWebhookTransport } from './runtime/http-webhook-transport.js';
import { createIdSource, randomBase62 } from './runtime/id-source.js';
import { createSeededRandom } from './runtime/seeded-random.js';
import { createTenantClock } from './runtime/tenant-clock.js';
import { ApiFaults } from './services/api-faults.js';
import { AuthorizationExpiry } from './services/authorization-expiry.js';
import { createClockMover } from './services/clock-mover.js';
import { createEventHub } from './services/event-hub.js';
import { LiveFeed } from './services/live-feed.js';
import { RateLimiter } from './services/rate-limiter.js';
import { TenantRegistry, type TenantRuntimeFactory } from './services/tenant-registry.js';
import { createTokenizationOutcomes } from './services/tokenization-outcomes.js';
import { WebhookDispatcher } from './services/webhook-dispatcher.js';
import { webhookOutbox } from './services/webhook-outbox.js';
import { createStores } from './store/create-stores.js';

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`: where it listens. */
  readonly url: string;
  /** `<url>/_emulator/dashboard`: the demo dashboard's page (README: Demo). */
  readonly dashboardUrl: string;
  /** The Express app, for supertest. */
  readonly app: Express;
  /** One key per start-up tenant, in the order given (or the generated key); tenants made at run time are not listed. */
  readonly apiKeys: readonly string[];
  /** The emulator's clock, every tenant's time is read over it; a manual clock can be moved with advanceClock(). */
  readonly clock: Clock;
  /** Whether it listens on a loopback address only; otherwise calls on every tenant need the admin token. */
  readonly loopbackOnly: boolean;
  /** The secret of the `webhookUrl` option's registrations, when that option is set. */
  readonly webhookSecret: string | undefined;
  /**
   * Moves a manual clock forward, and every tenant's time with it. Each webhook attempt that
   * falls due runs at its own time, and the promise resolves once they have all been answered
   * (or timed out).
   */
  advanceClock(milliseconds: number): Promise<void>;
  /** Resolves once no webhook attempt is running or due now. */
  settled(): Promise<void>;
  /** As at start: forgets every change and tenants made at run time, and seeds every start-up tenant again. */
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

// Ids, card numbers, the default key, fault rule ids, tokenization-outcome draws and the ids of
// answers outside any tenant draw from separate seeded streams: a change in how many ids a run
// uses never changes the card numbers or the key.
const STREAM = { ids: 0x1d5, network: 0x5eed, keys: 0x4e75, faults: 0xfa17, outcomes: 0x0c75, emulatorIds: 0x7a9 } as const;

/**
 * A tenant's own stream of a kind: salt 0 (the first start-up key) gives the stream a one-tenant
 * run always had; other salts give independent ones.
 */
const tenantStream = (seed: number, salt: number) => createSeededRandom((seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0);

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

/** A key nobody can guess: on a shared emulator, a tenant's key is all that keeps its data its own. */
const newApiKey = () => `sandbox_${randomBytes(24).toString('base64url')}`;

function listen(app: Express, port: number, host: string, ids: () => IdSource): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.on('clientError', answerClientError(ids));
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
  const webhook = options.webhookUrl && webhookSecret
    ? { url: options.webhookUrl, secret: webhookSecret, emulator_events: options.webhookEmulatorEvents ? EMULATOR_EVENT_TYPES : [] }
    : undefined;
  const logError = options.logError ?? ((error: unknown) => console.error(error));

  // The tenants' tokenization outcomes stand in front of whichever network is used, the library's `cardNetwork` included.
  const tokenization = createTokenizationOutcomes({
    defaultSeed: options.seed,
    randomFor: (seed) => createSeededRandom(seed ^ STREAM.outcomes),
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  // Each tenant has its own clock over the emulator's and its own seeded streams (runtime/tenant-clock.ts, services/tenant-registry.ts).
  const runtime: TenantRuntimeFactory = {
    ids: (salt) => createIdSource(tenantStream(options.seed ^ STREAM.ids, salt)),
    network: (salt, tenantClock) =>
      tokenization.wrap(
        options.cardNetwork ??
          createFakeVisaNetwork({ random: tenantStream(options.seed ^ STREAM.network, salt), clock: tenantClock, latencyMs: options.tokenizationLatencyMs }),
      ),
    clock: () => createTenantClock(clock),
    apiKey: newApiKey,
  };
  const freshEmulatorIds = (): IdSource => createIdSource(createSeededRandom(options.seed ^ STREAM.emulatorIds));
  let emulatorIds = freshEmulatorIds();
  // Fault rule ids have a stream of their own: adding a rule shifts no resource's id.
  const freshFaultIds = () => {
    const ids = createIdSource(createSeededRandom(options.seed ^ STREAM.faults));
    return () => ids.next('flt');
  };
  const faults = new ApiFaults({ monoOperations: monoOperationIds(), configured: options.faults, defaultSeed: options.seed, newId: freshFaultIds() });
  const rateLimiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
  const events = createEventHub(logError);
  const stores = createStores();
  const contextOf = (tenantId: string): DomainContext | undefined => tenants.contextOf(tenantId);
  const feed = new LiveFeed((tenantId) => contextOf(tenantId)?.clock);
  const dispatcher: WebhookDispatcher = new WebhookDispatcher({
    contextOf,
    transport: createHttpWebhookTransport(),
    timeoutMs: options.webhookTimeoutMs,
    logLimit: options.webhookLogLimit,
    logError,
    attempted: (tenantId, view) => feed.attempted(tenantId, view),
  });
  const tenants = new TenantRegistry({
    stores,
    events,
    runtime,
    seed: options.seed,
    maxTenants: options.maxTenants,
    settled: (tenantId) => dispatcher.settled(tenantId),
    forgetKept: (tenantId) => {
      dispatcher.forgetTenant(tenantId);
      feed.forgetTenant(tenantId);
      faults.forgetTenant(tenantId);
      rateLimiter?.forget(tenantId);
      tokenization.deleteRule(tenantId);
      expiry.forgetTenant(tenantId);
    },
  });
  // The live feed hears each event from the outbox, with what the outbox queued for it.
  events.subscribe(webhookOutbox(contextOf, dispatcher, (tenant, event, deliveries) => feed.queued(tenant, event, deliveries)));
  const expiry = new AuthorizationExpiry(contextOf, logError);
  events.subscribe(expiry.listener);
  tenants.start(apiKeys, webhook);

  const reset = () => {
    tenants.resetAll();
    emulatorIds = freshEmulatorIds();
    faults.reset(freshFaultIds());
    rateLimiter?.reset();
    tokenization.clear();
  };
  const moveManualClock = isManualClock(clock) ? createClockMover(clock, () => dispatcher.settled()) : undefined;
  const advanceClock = async (milliseconds: number) => (moveManualClock ? moveManualClock(milliseconds) : fail('clock_not_manual'));
  const loopbackOnly = isLoopback(options.host);

  const deps: RouteDeps = {
    tenants,
    clock,
    get ids() {
      return emulatorIds;
    },
    access: { adminToken: options.adminToken, adminRequired: options.adminToken !== undefined || !loopbackOnly, anyKey: options.anyKey },
    lookSecret: randomBytes(32),
    strict: options.strict,
    activationSecret: randomBytes(32),
    tokenization,
    idempotencyTtlMs: options.idempotencyTtlSeconds * 1000,
    authorizationExpiryMs: options.authorizationExpiryDays * 24 * 60 * 60 * 1000,
    deliveryLogLimit: options.webhookLogLimit,
    resetAll: reset,
    advanceClock,
    redeliver: (tenantId, deliveryId) => dispatcher.redeliver(tenantId, deliveryId),
    newWebhookSecret,
    faults,
    seed: options.seed,
    feed,
    rateLimiter,
  };
  const app = createApp(deps, {
    ...(options.logRequest ? { logRequest: options.logRequest } : {}),
    logError,
  });
  const server = await listen(app, options.port, options.host, () => emulatorIds);
  const closeServer = gracefulCloser(server);
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let stopping: Promise<StopReport> | undefined;

  const url = `http://${host}:${port}`;
  return {
    url,
    dashboardUrl: `${url}/_emulator/dashboard`,
    app,
    apiKeys,
    clock,
    loopbackOnly,
    webhookSecret,
    advanceClock,
    settled: () => dispatcher.settled(),
    reset,
    stop() {
      stopping ??= (async () => {
        // An open feed would hold the server's close for the whole grace period.
        feed.stop();
        expiry.stop();
        await Promise.all([closeServer(STOP_GRACE_MS), dispatcher.stop(STOP_GRACE_MS)]);
        return { undelivered: undeliveredDeliveries({ stores }) };
      })();
      return stopping;
    },
  };
}
