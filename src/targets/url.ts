import { randomBytes } from 'node:crypto';
import { prepareRequest, send } from '../http.js';
import { UsageError } from '../usage-error.js';
import { startWebhookSink, type WebhookSink } from '../webhook-sink.js';
import { checkBaseUrl, checkEmulatorAt, startSinkOnPort } from './checks.js';
import type { Target, TargetName, WebhookSetup } from './target.js';

export interface UrlTargetOptions {
  baseUrl: string;
  /**
   * Keys of tenants the emulator has: the first is the scenario's tenant, a second one enables
   * cross-tenant scenarios. Without keys the target makes two tenants of its own.
   */
  apiKeys?: readonly string[];
  /** The emulator's admin token, for making and removing tenants where it asks for one (MONO_EMULATOR_ADMIN_TOKEN). */
  adminToken?: string;
  /** Port of the local webhook receiver; a free one when absent. */
  webhookPort?: number;
}

/** How many tenants the target makes for itself: the scenario's, and a second for cross-tenant scenarios. */
const OWN_TENANTS = 2;

/** A tenant removes itself with its own key: no admin token needed. */
async function removeTenants(baseUrl: string, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => send(prepareRequest(baseUrl, 'DELETE', `/_emulator/tenants/${encodeURIComponent(key)}`, { apiKey: key }))));
}

/** Makes the target's tenants through `POST /_emulator/tenants`; an emulator that cannot stops the run before any scenario. */
async function makeTenants(baseUrl: string, adminToken: string | undefined): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < OWN_TENANTS; i++) {
    const answer = await send(prepareRequest(baseUrl, 'POST', '/_emulator/tenants', adminToken ? { apiKey: adminToken } : {}));
    const key = (answer.body as { api_key?: unknown } | undefined)?.api_key;
    if (answer.status !== 201 || typeof key !== 'string') {
      await removeTenants(baseUrl, keys);
      const hint = answer.status === 401 ? "pass the emulator's admin token (--admin-token), or --api-key with keys it has" : 'pass --api-key with keys it has';
      throw new UsageError(`the emulator at ${baseUrl} made no tenant for the run: POST /_emulator/tenants answered ${answer.status}; ${hint}`);
    }
    keys.push(key);
  }
  return keys;
}

/**
 * Any running emulator, reached over HTTP, shared or not: the scenarios run on tenants of the
 * target's own (made through the control plane, removed when it closes) unless keys are given;
 * each tenant is reset with its own key before each scenario (`POST /_emulator/reset`), so other
 * users of the emulator are never touched. Webhook receivers are registered through
 * `POST /_emulator/webhooks` (and the last one removed when the target closes, so the user's
 * emulator does not keep retrying a receiver that is gone). Opening it checks the emulator once
 * (health, keys) and takes `webhookPort` at once: each problem is a UsageError before any
 * scenario runs.
 */
export async function urlTarget(options: UrlTargetOptions, name: TargetName = 'url', onClose: () => Promise<void> = async () => {}): Promise<Target> {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const given = options.apiKeys ?? [];
  await checkEmulatorAt(baseUrl, given);
  let sink: Promise<WebhookSink> | undefined =
    options.webhookPort === undefined ? undefined : Promise.resolve(await startSinkOnPort(options.webhookPort, 'pick another, or leave --webhook-port out for a free one'));
  const ownTenants = given.length === 0;
  let keys: readonly string[];
  try {
    keys = ownTenants ? await makeTenants(baseUrl, options.adminToken) : given;
  } catch (error) {
    if (sink) await (await sink).close();
    throw error;
  }
  const [primary, second] = keys;
  /** The registration the run made since the last reset (a reset forgets the earlier ones). */
  let registered: string | undefined;
  const unregister = async () => {
    if (!registered) return;
    const id = registered;
    registered = undefined;
    await send(prepareRequest(baseUrl, 'DELETE', `/_emulator/webhooks/${id}`, { apiKey: primary }));
  };
  return {
    name,
    kind: 'emulator',
    baseUrl,
    apiKeys: { ...(primary ? { primary } : {}), ...(second ? { second } : {}) },
    secondTenantMissing: () => (second ? undefined : 'needs a second tenant: pass a second --api-key, and start the emulator with both keys'),
    async beforeScenario() {
      for (const key of [primary, second]) {
        if (!key) continue;
        const answer = await send(prepareRequest(baseUrl, 'POST', '/_emulator/reset', { apiKey: key }));
        if (answer.status !== 204) throw new Error(`POST /_emulator/reset answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      }
      registered = undefined;
    },
    async prepareWebhooks(): Promise<WebhookSetup> {
      sink ??= startWebhookSink();
      const receiver = await sink;
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      // Scenarios valid for the emulator only may expect its own card events, which Mono never sends: the receiver asks for them.
      const registration = { url: `${receiver.url}/webhooks`, secret, emulator_events: ['card_created', 'card_state_changed'] };
      const request = prepareRequest(baseUrl, 'POST', '/_emulator/webhooks', { apiKey: primary, body: registration });
      const answer = await send(request);
      // Before the control plane exists the route is unknown: the scenario is skipped, never passed.
      if (answer.status === 404) return { unavailable: 'the target has no webhook control plane (POST /_emulator/webhooks answered 404)' };
      const body = answer.body as { id?: unknown; secret?: unknown } | undefined;
      if (answer.status === 201 && typeof body?.id === 'string') registered = body.id;
      return { sink: receiver, secret: typeof body?.secret === 'string' ? body.secret : secret, registration: { request, answer } };
    },
    async close() {
      try {
        await unregister().catch(() => {});
        if (sink) await (await sink).close();
        if (ownTenants) await removeTenants(baseUrl, keys);
      } finally {
        await onClose();
      }
    },
  };
}
