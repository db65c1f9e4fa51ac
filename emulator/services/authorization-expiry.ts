import type { DomainContext } from '../domain/context.js';
import { expireAuthorization } from '../domain/card-follow-ups.js';
import type { Tenant } from '../ports/records.js';
import type { DomainEvent } from '../ports/views.js';
import type { EventListener } from './event-hub.js';

/**
 * Expires approved authorizations on their tenant's clock: each one's `card_transaction` event
 * arranges a timer at its expiry, and when the tenant's time gets there the domain releases what
 * is still set aside and sends `authorization_reversed` (nothing, if it was settled or reversed
 * meanwhile). Time is read only through the tenant's context, so that tenant's `clock/advance`
 * makes days pass in a test and no other tenant's does; a tenant's reset or removal forgets its
 * timers (forgetTenant), and a timer of a context since renewed does nothing.
 */
export class AuthorizationExpiry {
  /** Per tenant, the cancel of each pending authorization's timer, by card transaction id. */
  private readonly timers = new Map<string, Map<string, () => void>>();
  private stopped = false;

  constructor(
    private readonly contextOf: (tenantId: string) => DomainContext | undefined,
    private readonly logError: (error: unknown) => void,
  ) {}

  /** The event listener that arranges the timers. */
  readonly listener: EventListener = (tenant: Tenant, event: DomainEvent) => {
    if (event.type !== 'card_transaction' || this.stopped) return;
    const { id, hold } = event.transaction;
    if (hold?.status !== 'pending' || event.transaction.originalTransactionId !== null) return;
    const ctx = this.contextOf(tenant.id);
    if (!ctx) return;
    const { generation } = ctx;
    let timers = this.timers.get(tenant.id);
    if (!timers) this.timers.set(tenant.id, (timers = new Map()));
    timers.set(
      id,
      ctx.clock.setTimer(hold.expiresAt, () => {
        this.timers.get(tenant.id)?.delete(id);
        const current = this.contextOf(tenant.id);
        if (current?.generation !== generation) return;
        try {
          expireAuthorization(current, tenant, id);
        } catch (error) {
          this.logError(error);
        }
      }),
    );
  };

  /** Forgets a tenant's timers: it was reset or removed, and the authorizations they were for are gone. */
  forgetTenant(tenantId: string): void {
    for (const cancel of this.timers.get(tenantId)?.values() ?? []) cancel();
    this.timers.delete(tenantId);
  }

  stop(): void {
    this.stopped = true;
    for (const tenantId of [...this.timers.keys()]) this.forgetTenant(tenantId);
  }
}
