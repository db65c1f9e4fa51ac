import { randomBytes } from 'node:crypto';
import { prepareRequest, send } from '../http.js';
import { startWebhookSink, type WebhookSink } from '../webhook-sink.js';
import { checkBaseUrl, checkEmulatorAt, startSinkOnPort } from './checks.js';
import type { Target, TargetName, WebhookSetup } from './target.js';

export interface UrlTargetOptions {
  baseUrl: string;
  /** The first key is the scenario's tenant; a second one enables cross-tenant scenarios. */
  apiKeys: readonly string[];
  /** Port of the local webhook receiver; a free one when absent. */
  webhookPort?: number;
}

/**
 * Any running emulator, reached over HTTP: reset through `POST /_emulator/reset` before each
 * scenario, webhook receivers registered through `POST /_emulator/webhooks` (and the last one
 * removed when the target closes, so the user's emulator does not keep retrying a receiver that
 * is gone). Opening it checks the emulator once (health, keys) and takes `webhookPort` at once:
 * each problem is a UsageError before any scenario runs.
 */
export async function urlTarget(options: UrlTargetOptions, name: TargetName = 'url', onClose: () => Promise<void> = async () => {}): Promise<Target> {
  const [primary, second] = options.apiKeys;
  const baseUrl = checkBaseUrl(options.baseUrl);
  await checkEmulatorAt(baseUrl, options.apiKeys);
  let sink: Promise<WebhookSink> | undefined =
    options.webhookPort === undefined ? undefined : Promise.resolve(await startSinkOnPort(options.webhookPort, 'pick another, or leave --webhook-port out for a free one'));
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
    ...(primary ? {} : { unavailable: 'no API key for the emulator: pass --api-key (the emulator prints its key when it starts)' }),
    secondTenantMissing: () => (second ? undefined : 'needs a second tenant: pass a second --api-key, and start the emulator with both keys'),
    async beforeScenario() {
      const answer = await send(prepareRequest(baseUrl, 'POST', '/_emulator/reset', {}));
      if (answer.status !== 204) throw new Error(`POST /_emulator/reset answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      registered = undefined;
    },
    async prepareWebhooks(): Promise<WebhookSetup> {
      sink ??= startWebhookSink();
      const receiver = await sink;
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const request = prepareRequest(baseUrl, 'POST', '/_emulator/webhooks', { apiKey: primary, body: { url: `${receiver.url}/webhooks`, secret } });
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
      } finally {
        await onClose();
      }
    },
  };
}
