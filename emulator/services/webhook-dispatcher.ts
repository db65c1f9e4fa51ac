import type { DomainContext } from '../domain/context.js';
import { attemptFaults, duplicateOwed, heldForReorder, isScheduled, tamperedSecret, type AttemptMode } from '../domain/webhook-faults.js';
import { recordAttempt, trimDeliveryLog } from '../domain/webhooks.js';
import type { DeliveryRecord } from '../ports/records.js';
import type { TransportOutcome, WebhookTransport } from '../ports/webhook-transport.js';
import { eventBody } from '../present/webhook-event.js';

/** Attempts to run, one after another: one delivery, or the events of a reorder window, newest first. */
interface Job {
  tenantId: string;
  deliveryIds: string[];
  mode: AttemptMode;
  /** The `t` to sign with, when it is not the attempt's own time (a duplicate with the same signature). */
  signedAt?: number;
  generation: number;
}

export interface DispatcherOptions {
  /** The domain context (a reset clears its stores and renews its ids). */
  domain: DomainContext;
  transport: WebhookTransport;
  /** How long a receiver has to answer an attempt, in wall-clock milliseconds. */
  timeoutMs: number;
  /** Finished deliveries each tenant's log keeps (domain/webhooks.ts trimDeliveryLog). */
  logLimit: number;
  /** Receives an attempt that failed inside the emulator (not at the receiver), which must not stop the process. */
  logError: (error: unknown) => void;
}

/**
 * Attempts under way at once; more wait their turn. Half the transport's 64 kept-alive sockets
 * per host, so a few receivers that hang never hold every socket to one of them.
 */
const CONCURRENCY = 32;

/**
 * Sends deliveries off the request path: an attempt due now runs on the next turn of the event
 * loop, a later one when the emulator's clock reaches it. Signing and sending happen here, so a
 * slow or dead receiver never slows the API.
 */
export class WebhookDispatcher {
  private readonly timers = new Map<string, () => void>();
  private readonly queue: Job[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly finishedSinceTrim = new Map<string, number>();
  private immediate = 0;
  private generation = 0;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {}

  /**
   * Arranges a delivery's next scheduled attempt, if it has one. A first attempt held in a reorder
   * window waits with the window's other events for it to close (domain/webhook-faults.ts).
   */
  schedule(tenantId: string, delivery: DeliveryRecord): void {
    const at = delivery.nextAttemptAt;
    if (at === null || this.stopped) return;
    const windowEndsAt = delivery.faultPlan?.reorderWindowEndsAt ?? null;
    if (windowEndsAt !== null && !delivery.attempts.some(isScheduled)) {
      const key = `${tenantId}/reorder/${delivery.webhookId}/${windowEndsAt}`;
      if (this.timers.has(key)) return;
      this.atTime(key, windowEndsAt, () => {
        const held = heldForReorder(this.options.domain, tenantId, delivery.webhookId, windowEndsAt);
        this.enqueue({ tenantId, deliveryIds: held, mode: 'scheduled', generation: this.generation });
      });
      return;
    }
    this.atTime(`${tenantId}/${delivery.id}`, at, () => this.enqueue({ tenantId, deliveryIds: [delivery.id], mode: 'scheduled', generation: this.generation }));
  }

  /** One more attempt now, outside the schedule. */
  redeliver(tenantId: string, deliveryId: string): void {
    this.enqueue({ tenantId, deliveryIds: [deliveryId], mode: 'manual', generation: this.generation });
  }

  /**
   * Runs `fn` when the emulator's clock reaches `at` (on the next turn of the event loop when that
   * is now), replacing what was arranged under `key`. Every wait of the dispatcher goes through here.
   */
  private atTime(key: string, at: number, fn: () => void): void {
    this.cancel(key);
    const generation = this.generation;
    const run = () => {
      if (generation === this.generation) fn();
    };
    if (at <= this.options.domain.clock.now()) {
      this.immediate++;
      setImmediate(() => {
        this.immediate--;
        run();
      });
      return;
    }
    this.timers.set(
      key,
      this.options.domain.clock.setTimer(at, () => {
        this.timers.delete(key);
        run();
      }),
    );
  }

  private cancel(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  /** Resolves once no attempt is running, queued or due right now. */
  async settled(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.immediate === 0 && this.queue.length === 0 && this.running.size === 0) return;
      await Promise.allSettled([...this.running]);
    }
  }

  /** Forgets scheduled attempts; attempts of the old data that are under way record nothing. */
  reset(): void {
    this.generation++;
    this.cancelTimers();
    this.queue.length = 0;
  }

  /**
   * Stops scheduling, gives the attempts under way `graceMs` to be answered, then cuts them off:
   * each is logged as a failed attempt. Deliveries not attempted stay in the log as pending:
   * nothing is silently dropped.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.cancelTimers();
    this.queue.length = 0;
    const finished = Promise.allSettled([...this.running]);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((resolve) => (grace = setTimeout(resolve, graceMs)))]);
    clearTimeout(grace);
    this.options.transport.close();
    await finished;
  }

  /**
   * Trimming reads the tenant's whole log, so it runs once every tenth of the limit finished
   * deliveries rather than after each: the log then holds at most 10% more than the limit.
   */
  private trimNowAndThen(tenantId: string): void {
    const finished = (this.finishedSinceTrim.get(tenantId) ?? 0) + 1;
    if (finished < Math.max(1, Math.floor(this.options.logLimit / 10))) {
      this.finishedSinceTrim.set(tenantId, finished);
      return;
    }
    this.finishedSinceTrim.set(tenantId, 0);
    trimDeliveryLog(this.options.domain, tenantId, this.options.logLimit);
  }

  private cancelTimers(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  private enqueue(job: Job): void {
    if (this.stopped || job.generation !== this.generation || job.deliveryIds.length === 0) return;
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.running.size < CONCURRENCY && this.queue.length > 0) {
      const attempt: Promise<void> = this.attempt(this.queue.shift()!)
        .catch(this.options.logError)
        .finally(() => {
          this.running.delete(attempt);
          this.pump();
        });
      this.running.add(attempt);
    }
  }

  private async attempt(job: Job): Promise<void> {
    for (const deliveryId of job.deliveryIds) {
      // A window's later events wait for the earlier ones; a stop or a reset meanwhile ends the job.
      if (this.stopped || job.generation !== this.generation) return;
      await this.attemptOne(job, deliveryId);
    }
  }

  private async attemptOne(job: Job, deliveryId: string): Promise<void> {
    const { domain, transport, timeoutMs } = this.options;
    const { tenantId, mode } = job;
    const delivery = domain.stores.deliveries.get(tenantId, deliveryId);
    if (!delivery || (mode === 'scheduled' && delivery.status !== 'pending')) return;
    const webhook = domain.stores.webhooks.get(tenantId, delivery.webhookId);
    const event = domain.stores.webhookEvents.get(tenantId, delivery.eventId);
    if (!webhook || !event) return;

    const at = domain.clock.now();
    const faults = attemptFaults(delivery, mode);
    const signedAt = job.signedAt ?? Math.floor(at / 1000) - faults.staleSeconds;
    const outcome = faults.drop
      ? DROPPED
      : await transport.post({
          url: delivery.url,
          body: eventBody(event),
          secret: faults.tamper ? tamperedSecret(webhook.secret) : webhook.secret,
          signedAt,
          headers: { 'x-emulator-delivery-id': delivery.id },
          timeoutMs,
        });
    if (job.generation !== this.generation) return;
    const updated = recordAttempt(domain, tenantId, deliveryId, { at, ...outcome, manual: mode === 'manual', faults: faults.marks });
    if (!updated) return;
    if (updated.status === 'pending' && mode === 'scheduled') this.schedule(tenantId, updated);
    if (updated.status !== 'pending' && mode !== 'duplicate') {
      this.cancel(`${tenantId}/${updated.id}`);
      this.trimNowAndThen(tenantId);
    }
    const duplicate = mode === 'duplicate' ? null : duplicateOwed(updated);
    if (duplicate) {
      this.atTime(`${tenantId}/${updated.id}/duplicate`, at + duplicate.afterSeconds * 1000, () =>
        this.enqueue({
          tenantId,
          deliveryIds: [updated.id],
          mode: 'duplicate',
          ...(duplicate.signature === 'same' ? { signedAt } : {}),
          generation: this.generation,
        }),
      );
    }
  }
}

/** A first attempt dropped on purpose: never sent, logged as failed, left to the retry schedule. */
const DROPPED: TransportOutcome = { statusCode: null, latencyMs: 0, error: 'not sent: the first attempt was dropped on purpose (webhook fault drop_first_attempt)' };
