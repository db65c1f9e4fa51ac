import type { CardRecord } from '../domain/model.js';
import type { CardQuery, CardStore, Page, PageRequest } from '../ports/stores.js';

interface Bucket {
  state: string;
  type: string;
  accountId: string;
  count: number;
}

interface TenantCards {
  byId: Map<string, CardRecord>;
  /** Ids oldest first; walked from the end, it gives the newest-first order lists use. */
  order: string[];
  /** Counts per (state, type, account): a list's total never needs a scan. */
  buckets: Map<string, Bucket>;
}

const bucketKey = (card: CardRecord) => `${card.state}|${card.type}|${card.accountId}`;

/**
 * Cards per tenant with counts by every list filter, so listing one tenant's page costs the
 * page, not the number of cards every tenant holds.
 */
export class MemoryCardStore implements CardStore {
  private readonly tenants = new Map<string, TenantCards>();

  get(tenantId: string, id: string): CardRecord | undefined {
    return this.tenants.get(tenantId)?.byId.get(id);
  }

  put(tenantId: string, card: CardRecord): void {
    const cards = this.tenantCards(tenantId);
    const previous = cards.byId.get(card.id);
    if (previous) this.count(cards, previous, -1);
    else cards.order.push(card.id);
    cards.byId.set(card.id, card);
    this.count(cards, card, 1);
  }

  delete(tenantId: string, id: string): boolean {
    const cards = this.tenants.get(tenantId);
    const previous = cards?.byId.get(id);
    if (!cards || !previous) return false;
    this.count(cards, previous, -1);
    cards.byId.delete(id);
    cards.order.splice(cards.order.indexOf(id), 1);
    return true;
  }

  all(tenantId: string): readonly CardRecord[] {
    const cards = this.tenants.get(tenantId);
    return cards ? cards.order.map((id) => cards.byId.get(id)!) : [];
  }

  query(tenantId: string, query: CardQuery, page: PageRequest): Page<CardRecord> {
    const cards = this.tenants.get(tenantId);
    if (!cards) return { items: [], totalItems: 0 };
    const states = new Set<string>(query.states);
    const types = query.types?.length ? new Set<string>(query.types) : undefined;
    const accounts = query.accountIds?.length ? new Set(query.accountIds) : undefined;
    const matches = (state: string, type: string, accountId: string) =>
      states.has(state) && (!types || types.has(type)) && (!accounts || accounts.has(accountId));

    let totalItems = 0;
    for (const bucket of cards.buckets.values()) {
      if (matches(bucket.state, bucket.type, bucket.accountId)) totalItems += bucket.count;
    }
    const items: CardRecord[] = [];
    let skip = (page.pageNumber - 1) * page.pageSize;
    if (skip >= totalItems) return { items, totalItems };
    for (let i = cards.order.length - 1; i >= 0 && items.length < page.pageSize; i--) {
      const card = cards.byId.get(cards.order[i]!)!;
      if (!matches(card.state, card.type, card.accountId)) continue;
      if (skip > 0) skip--;
      else items.push(card);
    }
    return { items, totalItems };
  }

  private tenantCards(tenantId: string): TenantCards {
    let cards = this.tenants.get(tenantId);
    if (!cards) this.tenants.set(tenantId, (cards = { byId: new Map(), order: [], buckets: new Map() }));
    return cards;
  }

  private count(cards: TenantCards, card: CardRecord, delta: number): void {
    const key = bucketKey(card);
    let bucket = cards.buckets.get(key);
    if (!bucket) cards.buckets.set(key, (bucket = { state: card.state, type: card.type, accountId: card.accountId, count: 0 }));
    bucket.count += delta;
    if (bucket.count === 0) cards.buckets.delete(key);
  }
}
