import type { CardBalanceOperationRecord, Money, Tenant } from '../ports/records.js';
import type { DomainContext } from './context.js';

export interface PrepaidOperationEntry {
  amount: Money;
  operation: CardBalanceOperationRecord['operation'];
  description?: string | null | undefined;
  entityId?: string | null | undefined;
}

/** Writes one line of a prepaid card's operations history (`cbo_`, §9 #10), performed now. */
export function recordPrepaidOperation(ctx: DomainContext, tenant: Tenant, cardId: string, entry: PrepaidOperationEntry): CardBalanceOperationRecord {
  const record: CardBalanceOperationRecord = {
    id: ctx.ids.next('cbo'),
    cardId,
    amount: entry.amount,
    operation: entry.operation,
    description: entry.description ?? null,
    entityId: entry.entityId ?? null,
    performedAt: ctx.clock.now(),
  };
  ctx.stores.cardBalanceOperations.put(tenant.id, record);
  return record;
}
