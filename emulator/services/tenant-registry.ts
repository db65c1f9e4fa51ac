import { createHash } from 'node:crypto';
import type { DomainContext } from '../domain/context.js';
import { fail, notFound } from '../domain/errors.js';
import type { WebhookInput } from '../domain/webhooks.js';
import type { CardNetwork } from '../ports/card-network.js';
import type { Clock, TenantClock } from '../ports/clock.js';
import type { EventSink } from '../ports/event-sink.js';
import type { IdSource } from '../ports/id-source.js';
import type { Tenant } from '../ports/records.js';
import type { Stores } from '../ports/stores.js';
import type { SeededTenantView } from '../ports/views.js';
import { createClockMover } from './clock-mover.js';
import { seedTenant } from './seed-tenant.js';

/** A webhook registration made with the tenant: its secret chosen once, kept across resets. */
type TenantWebhook = WebhookInput & { secret: string };

/** The runtime pieces a tenant gets, made by the composition root from the runtime adapters. */
export interface TenantRuntimeFactory {
  /** The tenant's id stream from its start: the same salt gives the same ids. */
  ids(salt: number): IdSource;
  /** The tenant's card network (card numbers from its own stream), reading the tenant's clock. */
  network(salt: number, clock: Clock): CardNetwork;
  /** A clock of the tenant's own over the emulator's. */
  clock(): TenantClock;
  /** A fresh API key for a tenant made without one. */
  apiKey(): string;
}

/** How a tenant is made, kept so that a reset makes it again the same way. */
interface TenantRecipe {
  apiKey: string;
  /** Salts the tenant's streams and its data seed. */
  salt: number;
  webhook: TenantWebhook | undefined;
  /** Made at start: a reset of the whole emulator makes it again; one made at run time is forgotten. */
  atStart: boolean;
}

interface TenantEntry {
  id: string;
  recipe: TenantRecipe;
  /** The tenant's domain context: the same object for the tenant's whole life, renewed in place by its resets. */
  ctx: DomainContext;
  clock: TenantClock;
  move(milliseconds: number): Promise<void>;
}

interface TenantRegistryOptions {
  stores: Stores;
  events: EventSink;
  runtime: TenantRuntimeFactory;
  /** The run's seed: a tenant's data is seeded with seed + its salt. */
  seed: number;
  /** How many tenants may exist at once (each holds its data and its streams in memory). */
  maxTenants: number;
  /** Resolves once none of the tenant's webhook attempts is running or due now. */
  settled(tenantId: string): Promise<void>;
  /** Forgets what services keep for the tenant beside the stores: its webhook attempts to come, its fault rules, its rate-limit window, its tokenization rule. */
  forgetKept(tenantId: string): void;
}

interface NewTenant {
  apiKey?: string | undefined;
  webhook?: TenantWebhook | undefined;
}

/** A run-time tenant's salt comes from its key, so the same key gets the same ids and data in every run. */
const saltOf = (apiKey: string) => createHash('sha256').update(apiKey).digest().readUInt32BE(0);

/**
 * Every tenant with what is its alone: its domain context (the stores every tenant shares, its own
 * clock, id stream, card network and generation), made at start or at run time, reset or removed
 * one at a time or all at once. A route or a service that acts for a tenant takes the tenant's
 * context from here, so the domain reads the tenant's time and ids through `ctx` as it always has.
 */
export class TenantRegistry {
  private readonly entries = new Map<string, TenantEntry>();
  private readonly madeAtStart: TenantRecipe[] = [];
  /** Generations are unique across tenants, so work of a removed tenant never passes for a later one's. */
  private generations = 0;

  constructor(private readonly options: TenantRegistryOptions) {}

  /**
   * Makes the tenants of the start-up keys. The i-th key's streams are salted with i: with one key,
   * ids and card numbers are those a run had before tenants had streams of their own.
   */
  start(apiKeys: readonly string[], webhook: TenantRecipe['webhook']): void {
    apiKeys.forEach((apiKey, salt) => {
      const recipe = { apiKey, salt, webhook, atStart: true };
      this.madeAtStart.push(recipe);
      this.open(recipe);
    });
  }

  /** The tenant's context (hot path: one lookup), or undefined when no such tenant exists. */
  contextOf(tenantId: string): DomainContext | undefined {
    return this.entries.get(tenantId)?.ctx;
  }

  /** A tenant by its id or by its API key. */
  find(idOrKey: string): Tenant | undefined {
    return this.options.stores.tenants.byId(idOrKey) ?? this.options.stores.tenants.byApiKey(idOrKey);
  }

  byApiKey(apiKey: string): Tenant | undefined {
    return this.options.stores.tenants.byApiKey(apiKey);
  }

  /** A new tenant, seeded like the start-up ones; its key is made when none is asked for. */
  create(input: NewTenant = {}): SeededTenantView {
    const { maxTenants, stores, runtime } = this.options;
    if (this.entries.size >= maxTenants) fail('tenant_limit_reached', null, `The emulator holds its maximum of ${maxTenants} tenants; remove one first.`);
    if (input.apiKey !== undefined && stores.tenants.byApiKey(input.apiKey)) fail('api_key_taken', '#/api_key');
    const apiKey = input.apiKey ?? runtime.apiKey();
    return this.open({ apiKey, salt: saltOf(apiKey), webhook: input.webhook, atStart: false });
  }

  /** Forgets a tenant and everything it holds; its key opens nothing any more. */
  remove(tenantId: string): void {
    const entry = this.entries.get(tenantId) ?? notFound('#/tenant', 'tenant');
    this.retire(entry);
    this.options.forgetKept(tenantId);
    this.options.stores.forgetTenant(tenantId);
    this.entries.delete(tenantId);
  }

  /** Seeds one tenant again as when it was made: the same data with the same ids, at the emulator's time. */
  reset(tenantId: string): void {
    this.renew(this.entries.get(tenantId) ?? notFound('#/tenant', 'tenant'));
  }

  /** As at start: every start-up tenant seeded again, every tenant made at run time forgotten. */
  resetAll(): void {
    const startUp = new Map<string, TenantEntry>();
    for (const entry of this.entries.values()) {
      this.retire(entry);
      this.options.forgetKept(entry.id);
      if (entry.recipe.atStart) startUp.set(entry.recipe.apiKey, entry);
    }
    this.options.stores.clear();
    this.entries.clear();
    for (const recipe of this.madeAtStart) {
      const entry = startUp.get(recipe.apiKey);
      if (!entry) {
        this.open(recipe);
        continue;
      }
      this.entries.set(entry.id, entry);
      this.renew(entry);
    }
  }

  /** Moves one tenant's clock, letting each of its timers that falls due run at its time. */
  advance(tenantId: string, milliseconds: number): Promise<void> {
    return (this.entries.get(tenantId) ?? notFound('#/tenant', 'tenant')).move(milliseconds);
  }

  private nextGeneration(): number {
    return ++this.generations;
  }

  /** Work of the tenant's past (a card creation waiting for Visa, a webhook attempt) writes nothing from now on. */
  private retire(entry: TenantEntry): void {
    entry.ctx.generation = this.nextGeneration();
    entry.clock.reset();
  }

  /** The tenant's streams from their start; its own id comes first in its id stream. */
  private streams(salt: number, clock: Clock): { id: string; ids: IdSource; network: CardNetwork } {
    const ids = this.options.runtime.ids(salt);
    return { id: ids.next('ten'), ids, network: this.options.runtime.network(salt, clock) };
  }

  private open(recipe: TenantRecipe): SeededTenantView {
    const { runtime, stores, events } = this.options;
    // Two keys whose streams would start alike (a salt taken) would get one tenant id: the next salt is free.
    let salt = recipe.salt;
    while (this.entries.has(runtime.ids(salt).next('ten'))) salt = (salt + 1) >>> 0;
    const clock = runtime.clock();
    const { id, ids, network } = this.streams(salt, clock);
    const ctx: DomainContext = { stores, clock, ids, network, events, generation: this.nextGeneration() };
    const entry: TenantEntry = { id, recipe: { ...recipe, salt }, ctx, clock, move: createClockMover(clock, () => this.options.settled(id)) };
    this.entries.set(id, entry);
    return this.seed(entry);
  }

  private renew(entry: TenantEntry): SeededTenantView {
    this.retire(entry);
    this.options.forgetKept(entry.id);
    this.options.stores.forgetTenant(entry.id);
    const { ids, network } = this.streams(entry.recipe.salt, entry.clock);
    entry.ctx.ids = ids;
    entry.ctx.network = network;
    return this.seed(entry);
  }

  private seed({ id, recipe, ctx }: TenantEntry): SeededTenantView {
    return seedTenant(ctx, { id, apiKey: recipe.apiKey, dataSeed: (this.options.seed + recipe.salt) >>> 0, webhook: recipe.webhook });
  }
}
