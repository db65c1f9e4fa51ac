import type { WebhookSink } from '../webhook-sink.js';
import { checkBaseUrl, checkSandboxAt, startSinkOnPort } from './checks.js';
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
 * registered in Mono's dashboard. With a key, opening it checks once that the sandbox answers and
 * takes the key, and takes `webhookPort` at once (each problem a UsageError before any scenario).
 */
export async function sandboxTarget(options: SandboxTargetOptions): Promise<Target> {
  const { apiKey, secondApiKey, webhookSecret, webhookPort } = options;
  const baseUrl = checkBaseUrl(options.baseUrl ?? SANDBOX_BASE_URL);
  if (apiKey) await checkSandboxAt(baseUrl, apiKey);
  const sink: WebhookSink | undefined =
    apiKey && webhookSecret && webhookPort !== undefined
      ? await startSinkOnPort(webhookPort, 'stop what holds it, or run the receiver on another port and point your tunnel there')
      : undefined;
  return {
    name: 'sandbox',
    kind: 'sandbox',
    baseUrl,
    apiKeys: { ...(apiKey ? { primary: apiKey } : {}), ...(secondApiKey ? { second: secondApiKey } : {}) },
    ...(apiKey ? {} : { unavailable: 'sandbox target skipped: MONO_SANDBOX_API_KEY is not set' }),
    secondTenantMissing: () => (secondApiKey ? undefined : 'needs a second sandbox account: set MONO_SANDBOX_SECOND_API_KEY'),
    beforeScenario: async () => {},
    async prepareWebhooks(): Promise<WebhookSetup> {
      if (!webhookSecret) return { unavailable: 'MONO_WEBHOOK_SECRET is not set (the secret of the webhook URL registered in Mono\'s dashboard)' };
      if (!sink) return { unavailable: 'no --webhook-port: run the receiver on a port you expose and register in Mono\'s dashboard' };
      return { sink, secret: webhookSecret };
    },
    async close() {
      await sink?.close();
    },
  };
}
