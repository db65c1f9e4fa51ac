import type { DomainContext } from '../domain/context.js';
import { recordAttempt, trimDeliveryLog } from '../domain/webhooks.js';
import type { DeliveryRecord } from '../ports/records.js';
import type { WebhookTransport } from '../ports/webhook-transport.js';
import { eventBody } from '../present/webhook-event.js';

interface Job {
  tenantId: string;
  deliveryId: string;
  manual: boolean;
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

  /** Arranges a delivery's next scheduled attempt, if it has one. */
  schedule(tenantId: string, delivery: DeliveryRecord): void {
    const at = delivery.nextAttemptAt;
    if (at === null || this.stopped) return;
    const key = `${tenantId}/${delivery.id}`;
    this.timers.get(key)?.();
    this.timers.delete(key);
    const job: Job = { tenantId, deliveryId: delivery.id, manual: false, generation: this.generation };
    const { clock } = this.options.domain;
    if (at <= clock.now()) {
      this.immediate++;
      setImmediate(() => {
        this.immediate--;
        this.enqueue(job);
      });
    } else {
      this.timers.set(
        key,
        clock.setTimer(at, () => {
          this.timers.delete(key);
          this.enqueue(job);
        }),
      );
    }
  }

  /** One more attempt now, outside the schedule. */
  redeliver(tenantId: string, deliveryId: string): void {
    this.enqueue({ tenantId, deliveryId, manual: true, generation: this.generation });
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
    if (this.stopped || job.generation !== this.generation) return;
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
    const { domain, transport, timeoutMs } = this.options;
    const delivery = domain.stores.deliveries.get(job.tenantId, job.deliveryId);
    if (!delivery || (!job.manual && delivery.status !== 'pending')) return;
    const webhook = domain.stores.webhooks.get(job.tenantId, delivery.webhookId);
    const event = domain.stores.webhookEvents.get(job.tenantId, delivery.eventId);
    if (!webhook || !event) return;

    const at = domain.clock.now();
    const outcome = await transport.post({
      url: delivery.url,
      body: eventBody(event),
      secret: webhook.secret,
      signedAt: Math.floor(at / 1000),
      headers: { 'x-emulator-delivery-id': delivery.id },
      timeoutMs,
    });
    if (job.generation !== this.generation) return;
    const updated = recordAttempt(domain, job.tenantId, job.deliveryId, { at, ...outcome, manual: job.manual });
    if (!updated) return;
    if (updated.status === 'pending' && !job.manual) this.schedule(job.tenantId, updated);
    if (updated.status !== 'pending') {
      this.timers.get(`${job.tenantId}/${updated.id}`)?.();
      this.timers.delete(`${job.tenantId}/${updated.id}`);
      this.trimNowAndThen(job.tenantId);
    }
  }
}
