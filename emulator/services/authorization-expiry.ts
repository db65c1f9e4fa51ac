import type { DomainContext } from '../domain/context.js';
import { expireAuthorization } from '../domain/card-follow-ups.js';
import type { Tenant } from '../ports/records.js';
import type { DomainEvent } from '../ports/views.js';
import type { EventListener } from './event-hub.js';

/**
 * Expires approved authorizations on the emulator's clock: each one's `card_transaction` event
 * arranges a timer at its expiry, and when the clock gets there the domain releases what is
 * still set aside and sends `authorization_reversed` (nothing, if it was settled or reversed
 * meanwhile). Time is read only through the context's clock, so `clock/advance` makes days pass
 * in a test; a reset forgets the timers of the data it replaced.
 */
export class AuthorizationExpiry {
  private readonly timers = new Map<string, () => void>();
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly domain: DomainContext,
    private readonly logError: (error: unknown) => void,
  ) {}

  /** The event listener that arranges the timers. */
  readonly listener: EventListener = (tenant: Tenant, event: DomainEvent) => {
    if (event.type !== 'card_transaction' || this.stopped) return;
    const { id, hold } = event.transaction;
    if (hold?.status !== 'pending' || event.transaction.originalTransactionId !== null) return;
    const key = `${tenant.id}/${id}`;
    const generation = this.generation;
    this.timers.set(
      key,
      this.domain.clock.setTimer(hold.expiresAt, () => {
        this.timers.delete(key);
        if (generation !== this.generation) return;
        try {
          expireAuthorization(this.domain, tenant, id);
        } catch (error) {
          this.logError(error);
        }
      }),
    );
  };

  /** Forgets every timer: the authorizations they were for are gone. */
  reset(): void {
    this.generation++;
    this.cancelAll();
  }

  stop(): void {
    this.stopped = true;
    this.cancelAll();
  }

  private cancelAll(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }
}
