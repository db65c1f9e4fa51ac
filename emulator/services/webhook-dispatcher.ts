import type { DomainContext } from '../domain/context.js';
import { attemptFaults, duplicateOwed, heldForReorder, isScheduled, tamperedSecret, type AttemptMode } from '../domain/webhook-faults.js';
import { recordAttempt, trimDeliveryLog } from '../domain/webhooks.js';
import type { DeliveryRecord } from '../ports/records.js';
import type { DeliveryView } from '../ports/views.js';
import type { TransportOutcome, WebhookTransport } from '../ports/webhook-transport.js';
import { eventBody } from '../present/webhook-event.js';

/** Attempts to run, one after another: one delivery, or the events of a reorder window, newest first. */
interface Job {
  tenantId: string;
  deliveryIds: string[];
  mode: AttemptMode;
  /** The `t` to sign with, when it is not the attempt's own time (a duplicate with the same signature). */
  signedAt?: number;
  /** The tenant's generation when the job was made: a job from before a reset records nothing. */
  generation: number;
}

export interface DispatcherOptions {
  /** A tenant's domain context (its stores, clock and generation), or undefined once it is gone. */
  contextOf: (tenantId: string) => DomainContext | undefined;
  transport: WebhookTransport;
  /** How long a receiver has to answer an attempt, in wall-clock milliseconds. */
  timeoutMs: number;
  /** Finished deliveries each tenant's log keeps (domain/webhooks.ts trimDeliveryLog). */
  logLimit: number;
  /** Receives an attempt that failed inside the emulator (not at the receiver), which must not stop the process. */
  logError: (error: unknown) => void;
  /** Told each attempt once it is in the log (the live feed). */
  attempted?: (tenantId: string, view: DeliveryView) => void;
}

/**
 * Attempts under way at once; more wait their turn. Half the transport's 64 kept-alive sockets
 * per host, so a few receivers that hang never hold every socket to one of them.
 */
const CONCURRENCY = 32;

/**
 * Sends deliveries off the request path: an attempt due now runs on the next turn of the event
 * loop, a later one when its tenant's clock reaches it. Signing and sending happen here, so a
 * slow or dead receiver never slows the API. Work is counted per tenant, so one tenant can wait
 * for its own attempts (a move of its clock) while others keep sending.
 */
export class WebhookDispatcher {
  /** What is arranged for later, per tenant, by key: how to cancel each. */
  private readonly timers = new Map<string, Map<string, () => void>>();
  private readonly queue: Job[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly finishedSinceTrim = new Map<string, number>();
  /** Jobs due now, queued or running, per tenant and in all; settled() waits for them to end. */
  private readonly busy = new Map<string, number>();
  private busyInAll = 0;
  private readonly waiting = new Set<() => void>();
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
      const key = `reorder/${delivery.webhookId}/${windowEndsAt}`;
      if (this.timers.get(tenantId)?.has(key)) return;
      this.atTime(tenantId, key, windowEndsAt, (ctx) => ({
        tenantId,
        deliveryIds: heldForReorder(ctx, tenantId, delivery.webhookId, windowEndsAt),
        mode: 'scheduled',
        generation: ctx.generation,
      }));
      return;
    }
    this.atTime(tenantId, delivery.id, at, (ctx) => ({ tenantId, deliveryIds: [delivery.id], mode: 'scheduled', generation: ctx.generation }));
  }

  /** One more attempt now, outside the schedule. */
  redeliver(tenantId: string, deliveryId: string): void {
    const ctx = this.options.contextOf(tenantId);
    if (!ctx) return;
    this.begin(tenantId);
    this.enqueue({ tenantId, deliveryIds: [deliveryId], mode: 'manual', generation: ctx.generation });
  }

  /**
   * Makes the job when the tenant's clock reaches `at` (on the next turn of the event loop when
   * that is now), replacing what was arranged under `key`, unless the tenant was reset or removed
   * meanwhile. Every wait of the dispatcher goes through here.
   */
  private atTime(tenantId: string, key: string, at: number, makeJob: (ctx: DomainContext) => Job): void {
    const ctx = this.options.contextOf(tenantId);
    if (!ctx || this.stopped) return;
    this.cancel(tenantId, key);
    const { generation } = ctx;
    const run = () => {
      const current = this.options.contextOf(tenantId);
      if (current?.generation === generation) this.enqueue(makeJob(current));
      else this.end(tenantId);
    };
    if (at <= ctx.clock.now()) {
      this.begin(tenantId);
      setImmediate(run);
      return;
    }
    let timers = this.timers.get(tenantId);
    if (!timers) this.timers.set(tenantId, (timers = new Map()));
    timers.set(
      key,
      ctx.clock.setTimer(at, () => {
        this.timers.get(tenantId)?.delete(key);
        this.begin(tenantId);
        run();
      }),
    );
  }

  private cancel(tenantId: string, key: string): void {
    const timers = this.timers.get(tenantId);
    timers?.get(key)?.();
    timers?.delete(key);
  }

  /** Resolves once no attempt (of this tenant, or of any when none is named) is running, queued or due right now. */
  async settled(tenantId?: string): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if ((tenantId === undefined ? this.busyInAll : (this.busy.get(tenantId) ?? 0)) === 0) return;
      await new Promise<void>((resolve) => this.waiting.add(resolve));
    }
  }

  /** Forgets a tenant's scheduled and queued attempts (it was reset or removed); its attempts under way record nothing. */
  forgetTenant(tenantId: string): void {
    for (const cancel of this.timers.get(tenantId)?.values() ?? []) cancel();
    this.timers.delete(tenantId);
    this.finishedSinceTrim.delete(tenantId);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]!.tenantId !== tenantId) continue;
      this.queue.splice(i, 1);
      this.end(tenantId);
    }
  }

  /** Forgets every tenant's scheduled and queued attempts. */
  private forgetEveryTenant(): void {
    for (const tenantId of new Set([...this.timers.keys(), ...this.queue.map((job) => job.tenantId)])) this.forgetTenant(tenantId);
  }

  /**
   * Stops scheduling, gives the attempts under way `graceMs` to be answered, then cuts them off:
   * each is logged as a failed attempt. Deliveries not attempted stay in the log as pending:
   * nothing is silently dropped.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.forgetEveryTenant();
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
  private trimNowAndThen(ctx: DomainContext, tenantId: string): void {
    const finished = (this.finishedSinceTrim.get(tenantId) ?? 0) + 1;
    if (finished < Math.max(1, Math.floor(this.options.logLimit / 10))) {
      this.finishedSinceTrim.set(tenantId, finished);
      return;
    }
    this.finishedSinceTrim.set(tenantId, 0);
    trimDeliveryLog(ctx, tenantId, this.options.logLimit);
  }

  private begin(tenantId: string): void {
    this.busy.set(tenantId, (this.busy.get(tenantId) ?? 0) + 1);
    this.busyInAll++;
  }

  /** A job ended (attempted or dropped): whoever waits for quiet looks again. */
  private end(tenantId: string): void {
    const left = (this.busy.get(tenantId) ?? 1) - 1;
    if (left > 0) this.busy.set(tenantId, left);
    else this.busy.delete(tenantId);
    this.busyInAll--;
    for (const wake of this.waiting) wake();
    this.waiting.clear();
  }

  /** The tenant's context while the job still belongs to it: not stopped, not reset, not removed. */
  private contextFor(job: Job): DomainContext | undefined {
    const ctx = this.options.contextOf(job.tenantId);
    return !this.stopped && ctx?.generation === job.generation ? ctx : undefined;
  }

  private enqueue(job: Job): void {
    if (!this.contextFor(job) || job.deliveryIds.length === 0) return this.end(job.tenantId);
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.running.size < CONCURRENCY && this.queue.length > 0) {
      const job = this.queue.shift()!;
      const attempt: Promise<void> = this.attempt(job)
        .catch(this.options.logError)
        .finally(() => {
          this.running.delete(attempt);
          this.end(job.tenantId);
          this.pump();
        });
      this.running.add(attempt);
    }
  }

  private async attempt(job: Job): Promise<void> {
    for (const deliveryId of job.deliveryIds) {
      // A window's later events wait for the earlier ones; a stop or a reset meanwhile ends the job.
      const ctx = this.contextFor(job);
      if (!ctx) return;
      await this.attemptOne(ctx, job, deliveryId);
    }
  }

  private async attemptOne(ctx: DomainContext, job: Job, deliveryId: string): Promise<void> {
    const { transport, timeoutMs } = this.options;
    const { tenantId, mode } = job;
    const delivery = ctx.stores.deliveries.get(tenantId, deliveryId);
    if (!delivery || (mode === 'scheduled' && delivery.status !== 'pending')) return;
    const webhook = ctx.stores.webhooks.get(tenantId, delivery.webhookId);
    const event = ctx.stores.webhookEvents.get(tenantId, delivery.eventId);
    if (!webhook || !event) return;

    const at = ctx.clock.now();
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
    // Stopping lets the attempt be recorded (cut off, it is a failure); a reset or a removal does not.
    if (this.options.contextOf(tenantId)?.generation !== job.generation) return;
    const updated = recordAttempt(ctx, tenantId, deliveryId, { at, ...outcome, manual: mode === 'manual', faults: faults.marks });
    if (!updated) return;
    if (updated.status === 'pending' && mode === 'scheduled') this.schedule(tenantId, updated);
    if (updated.status !== 'pending' && mode !== 'duplicate') {
      this.cancel(tenantId, updated.id);
      this.trimNowAndThen(ctx, tenantId);
    }
    const duplicate = mode === 'duplicate' ? null : duplicateOwed(updated);
    if (duplicate) {
      this.atTime(tenantId, `${updated.id}/duplicate`, at + duplicate.afterSeconds * 1000, (current) => ({
        tenantId,
        deliveryIds: [updated.id],
        mode: 'duplicate',
        ...(duplicate.signature === 'same' ? { signedAt } : {}),
        generation: current.generation,
      }));
    }
    this.options.attempted?.(tenantId, { delivery: updated, event });
  }
}

/** A first attempt dropped on purpose: never sent, logged as failed, left to the retry schedule. */
const DROPPED: TransportOutcome = { statusCode: null, latencyMs: 0, error: 'not sent: the first attempt was dropped on purpose (webhook fault drop_first_attempt)' };
