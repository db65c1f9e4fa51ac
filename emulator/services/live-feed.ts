import { MonoError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryRecord, Tenant } from '../ports/records.js';
import type { DeliveryView, DomainEvent } from '../ports/views.js';
import { presentFeedEvent } from '../present/live-feed.js';
import { presentDelivery } from '../present/webhook.js';

/** One message of the feed: its name and what its `data:` line carries. */
export interface FeedMessage {
  event: 'webhook_event' | 'delivery' | 'reset';
  data: unknown;
}

/** One open stream: how to send it a message, and how to end it. */
interface FeedSubscriber {
  send(message: FeedMessage): void;
  end(): void;
}

/**
 * Streams a browser tab keeps open per tenant: each holds a socket, so a tenant cannot pile them
 * up; a dashboard needs one per tab.
 */
const MAX_FEEDS_PER_TENANT = 8;
/** Streams open in all, whatever the tenants: the sockets one emulator process gives to feeds. */
const MAX_FEEDS = 128;

/**
 * The live feed of each tenant's webhook events and delivery attempts (the dashboard's, or any
 * client's): told by the webhook outbox what each event queued, and by the dispatcher what each
 * attempt came to. It presents them only while the tenant has a stream open, so a tenant nobody
 * watches pays one map lookup per event.
 */
export class LiveFeed {
  private readonly open = new Map<string, Set<FeedSubscriber>>();
  private count = 0;

  /** `clockOf` gives a tenant's clock: an event sent nowhere is stamped with the tenant's time. */
  constructor(private readonly clockOf: (tenantId: string) => Clock | undefined) {}

  /** Adds a stream of the tenant; returns what removes it. Past the bounds, a 429 the client retries later. */
  private subscribe(tenantId: string, subscriber: FeedSubscriber): () => void {
    const mine = this.open.get(tenantId) ?? new Set<FeedSubscriber>();
    if (mine.size >= MAX_FEEDS_PER_TENANT || this.count >= MAX_FEEDS) {
      const message =
        mine.size >= MAX_FEEDS_PER_TENANT
          ? `This tenant already has ${MAX_FEEDS_PER_TENANT} feeds open; close one (a dashboard tab) first.`
          : `The emulator already has ${MAX_FEEDS} feeds open; close one first.`;
      throw new MonoError({ code: 'too_many_requests', message }, { headers: { 'retry-after': '5' } });
    }
    mine.add(subscriber);
    this.open.set(tenantId, mine);
    this.count++;
    return () => this.remove(tenantId, subscriber);
  }

  /**
   * Takes a place for a stream of the tenant now (a 429 past the bounds, before anything is
   * written) and hands it what to send through once the stream is open.
   */
  stream(tenantId: string): { open(send: FeedSubscriber['send'], end: FeedSubscriber['end']): () => void } {
    let target: FeedSubscriber | undefined;
    const leave = this.subscribe(tenantId, { send: (message) => target?.send(message), end: () => target?.end() });
    return {
      open(send, end) {
        target = { send, end };
        return leave;
      },
    };
  }

  /** The webhook outbox queued an event's deliveries (none when no URL takes it). */
  queued(tenant: Tenant, event: DomainEvent, deliveries: readonly DeliveryRecord[]): void {
    const mine = this.open.get(tenant.id);
    const clock = mine && this.clockOf(tenant.id);
    if (mine && clock) this.broadcast(mine, { event: 'webhook_event', data: presentFeedEvent(event, deliveries, clock.now()) });
  }

  /** The dispatcher recorded an attempt: the delivery as the log now shows it. */
  attempted(tenantId: string, view: DeliveryView): void {
    const mine = this.open.get(tenantId);
    if (mine) this.broadcast(mine, { event: 'delivery', data: presentDelivery(view) });
  }

  /** The tenant was reset or removed: what its streams showed is gone, so they say so and end. */
  forgetTenant(tenantId: string): void {
    for (const subscriber of [...(this.open.get(tenantId) ?? [])]) {
      subscriber.send({ event: 'reset', data: {} });
      subscriber.end();
      this.remove(tenantId, subscriber);
    }
  }

  /** Ends every stream: the emulator is stopping, and an open stream would hold its close. */
  stop(): void {
    for (const tenantId of [...this.open.keys()]) {
      for (const subscriber of [...this.open.get(tenantId)!]) {
        subscriber.end();
        this.remove(tenantId, subscriber);
      }
    }
  }

  private broadcast(subscribers: ReadonlySet<FeedSubscriber>, message: FeedMessage): void {
    for (const subscriber of subscribers) subscriber.send(message);
  }

  private remove(tenantId: string, subscriber: FeedSubscriber): void {
    const mine = this.open.get(tenantId);
    if (!mine?.delete(subscriber)) return;
    this.count--;
    if (mine.size === 0) this.open.delete(tenantId);
  }
}
