import type { DomainContext } from '../domain/context.js';
import { recordAttempt, trimDeliveryLog } from '../domain/webhooks.js';
import type { DeliveryRecord } from '../ports/records.js';
import type { WebhookTransport } from '../ports/webhook-transport.js';
import { eventBody } from '../present/webhook-event.js';

interface Job {
  tenantId: string;
  deliveryId: string;
  manual: boolean;
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
  /** Scheduled attempts per tenant, by delivery id: how to cancel each. */
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

  /** Arranges a delivery's next scheduled attempt, if it has one. */
  schedule(tenantId: string, delivery: DeliveryRecord): void {
    const at = delivery.nextAttemptAt;
    const ctx = this.options.contextOf(tenantId);
    if (at === null || this.stopped || !ctx) return;
    this.cancelTimer(tenantId, delivery.id);
    const job: Job = { tenantId, deliveryId: delivery.id, manual: false, generation: ctx.generation };
    if (at <= ctx.clock.now()) {
      this.begin(tenantId);
      setImmediate(() => this.enqueue(job));
      return;
    }
    let timers = this.timers.get(tenantId);
    if (!timers) this.timers.set(tenantId, (timers = new Map()));
    timers.set(
      delivery.id,
      ctx.clock.setTimer(at, () => {
        this.timers.get(tenantId)?.delete(delivery.id);
        this.begin(tenantId);
        this.enqueue(job);
      }),
    );
  }

  /** One more attempt now, outside the schedule. */
  redeliver(tenantId: string, deliveryId: string): void {
    const ctx = this.options.contextOf(tenantId);
    if (!ctx) return;
    this.begin(tenantId);
    this.enqueue({ tenantId, deliveryId, manual: true, generation: ctx.generation });
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

  /** Forgets every tenant's scheduled and queued attempts; attempts under way record nothing. */
  reset(): void {
    for (const tenantId of new Set([...this.timers.keys(), ...this.queue.map((job) => job.tenantId)])) this.forgetTenant(tenantId);
  }

  /**
   * Stops scheduling, gives the attempts under way `graceMs` to be answered, then cuts them off:
   * each is logged as a failed attempt. Deliveries not attempted stay in the log as pending:
   * nothing is silently dropped.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.reset();
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

  private cancelTimer(tenantId: string, deliveryId: string): void {
    const timers = this.timers.get(tenantId);
    timers?.get(deliveryId)?.();
    timers?.delete(deliveryId);
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
    if (!this.contextFor(job)) return this.end(job.tenantId);
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
    const { transport, timeoutMs } = this.options;
    const ctx = this.contextFor(job);
    if (!ctx) return;
    const delivery = ctx.stores.deliveries.get(job.tenantId, job.deliveryId);
    if (!delivery || (!job.manual && delivery.status !== 'pending')) return;
    const webhook = ctx.stores.webhooks.get(job.tenantId, delivery.webhookId);
    const event = ctx.stores.webhookEvents.get(job.tenantId, delivery.eventId);
    if (!webhook || !event) return;

    const at = ctx.clock.now();
    const outcome = await transport.post({
      url: delivery.url,
      body: eventBody(event),
      secret: webhook.secret,
      signedAt: Math.floor(at / 1000),
      headers: { 'x-emulator-delivery-id': delivery.id },
      timeoutMs,
    });
    // Stopping lets the attempt be recorded (cut off, it is a failure); a reset or a removal does not.
    if (this.options.contextOf(job.tenantId)?.generation !== job.generation) return;
    const updated = recordAttempt(ctx, job.tenantId, job.deliveryId, { at, ...outcome, manual: job.manual });
    if (!updated) return;
    if (updated.status === 'pending' && !job.manual) this.schedule(job.tenantId, updated);
    if (updated.status !== 'pending') {
      this.cancelTimer(job.tenantId, updated.id);
      this.trimNowAndThen(ctx, job.tenantId);
    }
  }
}
