import type { CardRecord } from '../ports/records.js';
import { pageOf, type Collection, type ListQuery, type Page, type PageRequest, type Where } from '../ports/stores.js';
import { interned, sharedContent } from './interned.js';
import { matches, matchesQuery, ordered } from './memory-collection.js';

/** What cards rarely share: their holder and their number's mask. Everything else repeats from card to card. */
type CardContent = Omit<CardRecord, 'id' | 'cardholderId' | 'maskedPan'>;

/**
 * A card as kept: its holder, its mask (pooled: one BIN gives ten thousand masks at most) and a
 * content shared with every card on the same account, group, state and settings. A third of the
 * size of the record it stands for, which counts at a hundred thousand cards.
 */
class StoredCard {
  constructor(
    readonly cardholderId: string,
    readonly maskedPan: string,
    readonly content: CardContent,
  ) {}

  static of(card: CardRecord): StoredCard {
    const { id: _id, cardholderId, maskedPan, ...content } = card;
    return new StoredCard(cardholderId, interned(maskedPan), sharedContent(content));
  }

  record(id: string): CardRecord {
    return { id, cardholderId: this.cardholderId, maskedPan: this.maskedPan, ...this.content };
  }
}

interface Bucket {
  state: string;
  type: string;
  accountId: string;
  count: number;
}

interface TenantCards {
  byId: Map<string, StoredCard>;
  /** Ids oldest first; walked from the end, it gives the newest-first order lists use. */
  order: string[];
  /** Counts per (state, type, account): a list's total never needs a scan. */
  buckets: Map<string, Bucket>;
}

/** The fields every list filter of cards uses (§9 #3: state, type, account). */
const BUCKET_FIELDS: ReadonlySet<string> = new Set(['state', 'type', 'accountId']);

const bucketKey = (card: CardContent) => `${card.state}|${card.type}|${card.accountId}`;

/**
 * Cards per tenant with counts by every list filter, so listing one tenant's page costs the
 * page, not the number of cards every tenant holds.
 */
export class MemoryCardStore implements Collection<CardRecord> {
  private readonly tenants = new Map<string, TenantCards>();

  get(tenantId: string, id: string): CardRecord | undefined {
    return this.tenants.get(tenantId)?.byId.get(id)?.record(id);
  }

  put(tenantId: string, card: CardRecord): void {
    const cards = this.tenantCards(tenantId);
    const previous = cards.byId.get(card.id);
    if (previous) this.count(cards, previous.content, -1);
    else cards.order.push(card.id);
    const stored = StoredCard.of(card);
    cards.byId.set(card.id, stored);
    this.count(cards, stored.content, 1);
  }

  delete(tenantId: string, id: string): boolean {
    const cards = this.tenants.get(tenantId);
    const previous = cards?.byId.get(id);
    if (!cards || !previous) return false;
    this.count(cards, previous.content, -1);
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
      const found = cards.order.map((id) => cards.byId.get(id)!.record(id)).filter((card) => matchesQuery(card, query));
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
      const id = order[newest ? order.length - 1 - n : n]!;
      const stored = cards.byId.get(id)!;
      // The bucket fields are in the shared content: a walk past earlier pages builds no record.
      const card = counted ? undefined : stored.record(id);
      if (card ? !matchesQuery(card, query) : !matches(stored.content, where as Where<CardContent>)) continue;
      if (found >= skip && items.length < limit) items.push(card ?? stored.record(id));
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

  private count(cards: TenantCards, card: CardContent, delta: number): void {
    const key = bucketKey(card);
    let bucket = cards.buckets.get(key);
    if (!bucket) cards.buckets.set(key, (bucket = { state: card.state, type: card.type, accountId: card.accountId, count: 0 }));
    bucket.count += delta;
    if (bucket.count === 0) cards.buckets.delete(key);
  }
}
