import type { CardRecord } from '../ports/records.js';
import { pageOf, type Collection, type ListQuery, type Page, type PageRequest, type Where } from '../ports/stores.js';
import { matches, matchesQuery, ordered } from './memory-collection.js';

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

/** The fields every list filter of cards uses (§9 #3: state, type, account). */
const BUCKET_FIELDS: ReadonlySet<string> = new Set(['state', 'type', 'accountId']);

const bucketKey = (card: CardRecord) => `${card.state}|${card.type}|${card.accountId}`;

/**
 * Cards per tenant with counts by every list filter, so listing one tenant's page costs the
 * page, not the number of cards every tenant holds.
 */
export class MemoryCardStore implements Collection<CardRecord> {
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

  query(tenantId: string, query: ListQuery<CardRecord> = {}, page?: PageRequest): Page<CardRecord> {
    const cards = this.tenants.get(tenantId);
    if (!cards) return { items: [], totalItems: 0 };
    const { where } = query;
    if (query.sort) {
      // A sort needs every match before the first page: the general path.
      const found = cards.order.map((id) => cards.byId.get(id)!).filter((card) => matchesQuery(card, query));
      const sorted = ordered(found, query);
      return page ? pageOf(sorted, page) : { items: sorted, totalItems: sorted.length };
    }
    // Filters on the bucket fields alone are counted from the buckets: the walk then stops at the page's end.
    const counted = !query.within && !query.contains && Object.keys(where ?? {}).every((field) => BUCKET_FIELDS.has(field));
    let totalItems: number | undefined;
    if (counted) {
      totalItems = 0;
      for (const bucket of cards.buckets.values()) if (matches(bucket, where as Where<Bucket>)) totalItems += bucket.count;
    }
    const items: CardRecord[] = [];
    const skip = page ? (page.pageNumber - 1) * page.pageSize : 0;
    const limit = page ? page.pageSize : Number.POSITIVE_INFINITY;
    if (totalItems !== undefined && skip >= totalItems) return { items, totalItems };
    const { order } = cards;
    const newest = query.order === 'newest';
    let found = 0;
    for (let n = 0; n < order.length; n++) {
      const card = cards.byId.get(order[newest ? order.length - 1 - n : n]!)!;
      if (!matchesQuery(card, query)) continue;
      if (found >= skip && items.length < limit) items.push(card);
      found++;
      if (totalItems !== undefined && items.length >= limit) break;
    }
    return { items, totalItems: totalItems ?? found };
  }

  forgetTenant(tenantId: string): void {
    this.tenants.delete(tenantId);
  }

  clear(): void {
    this.tenants.clear();
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
