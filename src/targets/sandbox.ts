import { startWebhookSink, type WebhookSink } from '../webhook-sink.js';
import type { Target, WebhookSetup } from './target.js';

export const SANDBOX_BASE_URL = 'https://api.sandbox.cuentamono.com';

export interface SandboxTargetOptions {
  baseUrl?: string;
  /** MONO_SANDBOX_API_KEY in the CLI. Without it the whole target is skipped. */
  apiKey?: string;
  /** MONO_SANDBOX_SECOND_API_KEY: a key of a second sandbox account, for cross-tenant scenarios. */
  secondApiKey?: string;
  /** MONO_WEBHOOK_SECRET: the secret Mono's dashboard shows for the registered webhook URL. */
  webhookSecret?: string;
  /** The local port of the receiver that the user exposes (a tunnel) and registers in Mono's dashboard. */
  webhookPort?: number;
}

/**
 * Mono's real sandbox. Nothing can be reset there, so scenarios valid for it discover their ids
 * and use fresh idempotency keys; webhooks reach a local receiver only through a URL the user
 * registered in Mono's dashboard.
 */
export function sandboxTarget(options: SandboxTargetOptions): Target {
  const { apiKey, secondApiKey, webhookSecret, webhookPort } = options;
  let sink: Promise<WebhookSink> | undefined;
  return {
    name: 'sandbox',
    kind: 'sandbox',
    baseUrl: (options.baseUrl ?? SANDBOX_BASE_URL).replace(/\/$/, ''),
    apiKeys: { ...(apiKey ? { primary: apiKey } : {}), ...(secondApiKey ? { second: secondApiKey } : {}) },
    ...(apiKey ? {} : { unavailable: 'sandbox target skipped: MONO_SANDBOX_API_KEY is not set' }),
    secondTenantMissing: () => (secondApiKey ? undefined : 'needs a second sandbox account: set MONO_SANDBOX_SECOND_API_KEY'),
    beforeScenario: async () => {},
    async prepareWebhooks(): Promise<WebhookSetup> {
      if (!webhookSecret) return { unavailable: 'MONO_WEBHOOK_SECRET is not set (the secret of the webhook URL registered in Mono\'s dashboard)' };
      if (webhookPort === undefined) return { unavailable: 'no --webhook-port: run the receiver on a port you expose and register in Mono\'s dashboard' };
      sink ??= startWebhookSink({ port: webhookPort });
      return { sink: await sink, secret: webhookSecret };
    },
    async close() {
      if (sink) await (await sink).close();
    },
  };
}
