import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { DomainContext } from './domain/context.js';
import { createApp } from './http/app.js';
import type { RouteDeps } from './http/route-deps.js';
import { resolveEmulatorOptions, type EmulatorOptions, type ResolvedEmulatorOptions } from './options.js';
import type { Clock } from './ports/clock.js';
import { createManualClock, createSystemClock } from './runtime/clocks.js';
import { createFakeVisaNetwork } from './runtime/fake-visa-network.js';
import { createIdSource, randomBase62 } from './runtime/id-source.js';
import { createSeededRandom } from './runtime/seeded-random.js';
import { seedTenant } from './runtime/seed-tenant.js';
import { createStores } from './store/create-stores.js';

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`: where it listens. */
  readonly url: string;
  /** The Express app, for supertest. */
  readonly app: Express;
  /** One key per tenant, in the order given (or the generated key). */
  readonly apiKeys: readonly string[];
  /** The clock it reads; a manual clock can be moved with advance(). */
  readonly clock: Clock;
  /** Forgets every change and seeds every tenant again, as at start. */
  reset(): void;
  /** Stops listening and closes open connections. */
  stop(): Promise<void>;
}

// Separate random streams, so adding a tenant or a card never shifts another stream's values.
const STREAM = { ids: 0x1d5, network: 0x5eed, keys: 0x4e75 } as const;

function createClock(options: ResolvedEmulatorOptions): Clock {
  if (typeof options.clock !== 'string') return options.clock;
  if (options.clock === 'system') return createSystemClock();
  const start = options.clockStart === undefined ? Date.now() : new Date(options.clockStart).getTime();
  return createManualClock(start);
}

function defaultApiKey(seed: number): string {
  return `sandbox_${randomBase62(createSeededRandom(seed ^ STREAM.keys), 32)}`;
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** Starts an emulator in this process: the same thing `npm start` runs. */
export async function createEmulator(input: EmulatorOptions = {}): Promise<Emulator> {
  const options = resolveEmulatorOptions(input);
  const clock = createClock(options);
  const apiKeys = options.apiKeys ?? [defaultApiKey(options.seed)];

  const freshDomain = (): DomainContext => {
    const domain: DomainContext = {
      stores: createStores(),
      clock,
      ids: createIdSource(createSeededRandom(options.seed ^ STREAM.ids)),
      network:
        options.cardNetwork ??
        createFakeVisaNetwork({ random: createSeededRandom(options.seed ^ STREAM.network), clock, latencyMs: options.tokenizationLatencyMs }),
    };
    apiKeys.forEach((key, i) => seedTenant(domain, key, options.seed + i));
    return domain;
  };
  const domain = freshDomain();
  const deps: RouteDeps = {
    domain,
    lookSecret: randomBytes(32),
    idempotencyTtlMs: options.idempotencyTtlSeconds * 1000,
    reset: () => Object.assign(domain, freshDomain()),
  };
  const app = createApp(deps, {
    ...(options.logRequest ? { logRequest: options.logRequest } : {}),
    logError: options.logError ?? ((error) => console.error(error)),
  });
  const server = await listen(app, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${host}:${port}`,
    app,
    apiKeys,
    clock,
    reset: deps.reset,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
