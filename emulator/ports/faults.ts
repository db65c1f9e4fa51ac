import type { EpochMs } from './records.js';

/**
 * Faults are data: rules saying which calls or deliveries misbehave and how. The domain and the
 * services decide with them; the HTTP layer and the dispatcher carry the decisions out.
 */

/** Which of the calls (or events) a fault hits. */
export type FaultTrigger =
  /** Every one. */
  | { kind: 'every' }
  /** The next `remaining` ones, then none. */
  | { kind: 'next'; remaining: number }
  /** Each with probability `fraction`, drawn from `seed` and the call's number: a run repeats. */
  | { kind: 'fraction'; fraction: number; seed: number };

/** The API statuses a fault can answer (Mono lists 429 and 500-504 as retryable, errors-and-retries). */
export type FaultStatus = 429 | 500 | 502 | 503 | 504;

/** What a faulted API call does instead of running. */
export type ApiFaultEffect =
  /** Answers the status in Mono's envelope; `Retry-After` when retryAfterSeconds is set. */
  | { kind: 'status'; status: FaultStatus; retryAfterSeconds: number | null }
  /** Answers nothing for `ms` wall-clock milliseconds, then `status`. */
  | { kind: 'hang'; ms: number; status: FaultStatus; retryAfterSeconds: number | null }
  /** Drops the connection without an answer. */
  | { kind: 'drop' }
  /** Waits `ms` wall-clock milliseconds, then runs the call as usual. */
  | { kind: 'latency'; ms: number };

/** One API fault rule of a tenant. */
export interface ApiFaultRule {
  id: string;
  /** A Mono operationId, or `*` for every Mono operation. */
  operation: string;
  effect: ApiFaultEffect;
  trigger: FaultTrigger;
  /** Calls of the operation this rule has seen. */
  matched: number;
  /** Calls it faulted. */
  applied: number;
}

/** The webhook faults a registered URL is given, and what each has used up. */
export interface WebhookFaultSettings {
  /** The seed of the `fraction` draws. */
  seed: number;
  /** The same event sent again after the attempt that delivered it. */
  duplicate: { trigger: FaultTrigger; signature: 'same' | 'new'; afterSeconds: number } | null;
  /** Events held for a window, then sent newest first. */
  reorder: { windowSeconds: number } | null;
  /** An event's first attempt held back on the emulator's clock. */
  delay: { trigger: FaultTrigger; seconds: number } | null;
  /** The first attempt sent is signed with a wrong secret. */
  tamperedSignature: { trigger: FaultTrigger } | null;
  /** The first attempt sent carries a timestamp `ageSeconds` old. */
  staleTimestamp: { trigger: FaultTrigger; ageSeconds: number } | null;
  /** The first attempt is never sent; the retry schedule then delivers. */
  dropFirstAttempt: { trigger: FaultTrigger } | null;
  /** Events this URL has been sent since the faults were set: the number each draw is made for. */
  eventsSeen: number;
  /** When the reorder window open now closes; null when none is open. */
  reorderWindowEndsAt: EpochMs | null;
}

/** What was decided, when an event was queued, for its delivery to one URL. */
export interface DeliveryFaultPlan {
  /** The first attempt was held until then. */
  delayedUntil: EpochMs | null;
  /** Held in the reorder window closing then. */
  reorderWindowEndsAt: EpochMs | null;
  duplicate: { signature: 'same' | 'new'; afterSeconds: number } | null;
  tamperedSignature: boolean;
  /** The age of the first attempt's timestamp, in seconds; null when it is fresh. */
  staleSeconds: number | null;
  dropFirstAttempt: boolean;
}

/** How one attempt was faulted, as the delivery log shows it. */
export type AttemptFault = 'delayed' | 'reordered' | 'dropped' | 'tampered_signature' | 'stale_timestamp' | 'duplicate';
