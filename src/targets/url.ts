import { randomBytes } from 'node:crypto';
import { prepareRequest, send } from '../http.js';
import { startWebhookSink, type WebhookSink } from '../webhook-sink.js';
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
 * scenario, webhook receivers registered through `POST /_emulator/webhooks`.
 */
export function urlTarget(options: UrlTargetOptions, name: TargetName = 'url', onClose: () => Promise<void> = async () => {}): Target {
  const [primary, second] = options.apiKeys;
  let sink: Promise<WebhookSink> | undefined;
  const baseUrl = options.baseUrl.replace(/\/$/, '');
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
    },
    async prepareWebhooks(): Promise<WebhookSetup> {
      sink ??= startWebhookSink(options.webhookPort === undefined ? {} : { port: options.webhookPort });
      const receiver = await sink;
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      // Scenarios valid for the emulator only may expect its own card events, which Mono never sends: the receiver asks for them.
      const body = { url: `${receiver.url}/webhooks`, secret, emulator_events: ['card_created', 'card_state_changed'] };
      const request = prepareRequest(baseUrl, 'POST', '/_emulator/webhooks', { apiKey: primary, body });
      const answer = await send(request);
      // Before the control plane exists the route is unknown: the scenario is skipped, never passed.
      if (answer.status === 404) return { unavailable: 'the target has no webhook control plane (POST /_emulator/webhooks answered 404)' };
      const shown = (answer.body as { secret?: unknown } | undefined)?.secret;
      return { sink: receiver, secret: typeof shown === 'string' ? shown : secret, registration: { request, answer } };
    },
    async close() {
      if (sink) await (await sink).close();
      await onClose();
    },
  };
}
