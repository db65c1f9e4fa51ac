import type { Answer, SentRequest } from '../http.js';
import type { ScenarioTarget } from '../scenario/schema.js';
import type { WebhookSink } from '../webhook-sink.js';

export type TargetName = 'emulator' | 'url' | 'sandbox';

/** Where webhook deliveries for a scenario arrive, and the secret that signs them. */
export type WebhookSetup =
  | {
      sink: WebhookSink;
      secret: string;
      /** The request that registered the sink with the target, when the harness made one. */
      registration?: { request: SentRequest; answer: Answer };
    }
  | { unavailable: string };

/** A server scenarios run against: one switch between the emulator and Mono's sandbox. */
export interface Target {
  readonly name: TargetName;
  /** Which scenarios apply: the `url` target is an emulator too. */
  readonly kind: ScenarioTarget;
  readonly baseUrl: string;
  readonly apiKeys: { primary?: string; second?: string };
  /** Set when nothing can run here (no key): every scenario is reported skipped with it. */
  readonly unavailable?: string;
  /** Why the target lacks a second tenant's key, or undefined when it has one. */
  secondTenantMissing(): string | undefined;
  /** Puts the target back in a known state before a scenario; a no-op where that is impossible. */
  beforeScenario(): Promise<void>;
  /** Makes this scenario's webhook deliveries reach a local sink. */
  prepareWebhooks(): Promise<WebhookSetup>;
  close(): Promise<void>;
}
