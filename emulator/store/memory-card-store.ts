import type { CardRecord } from '../ports/records.js';
import { pageOf, type Collection, type ListQuery, type Page, type PageRequest, type Where } from '../ports/stores.js';
import { CardRows, rowOf, type CardBucket, type CardContent, type TenantCardRows } from './card-rows.js';
import { interned, sharedContent } from './interned.js';
import { matches, matchesQuery, ordered } from './memory-collection.js';

/** The fields every list filter of cards uses (§9 #3: state, type, account). */
const BUCKET_FIELDS: ReadonlySet<string> = new Set(['state', 'type', 'accountId']);

const bucketKey = (card: CardContent) => `${card.state}|${card.type}|${card.accountId}`;

/** The card of an id in `order` (those rows always hold one). */
const cardAt = (cards: TenantCardRows, id: string): CardRecord => cards.byId.get(id)!.card(id);

/**
 * Cards per tenant with counts by every list filter, so listing one tenant's page costs the
 * page, not the number of cards every tenant holds. A card is kept in its row (store/card-rows.ts)
 * as its holder, its mask (pooled: one BIN gives ten thousand masks at most) and a content shared
 * with every card on the same account, group, state and settings; given the secret store's rows
 * (createStores does), its secret sits in the same row.
 */
export class MemoryCardStore implements Collection<CardRecord> {
  constructor(private readonly rows = new CardRows()) {}

  get(tenantId: string, id: string): CardRecord | undefined {
    const row = this.rows.of(tenantId)?.byId.get(id);
    return row?.hasCard() ? row.card(id) : undefined;
  }

  put(tenantId: string, card: CardRecord): void {
    const cards = this.rows.ofOrNew(tenantId);
    const row = rowOf(cards, card.id);
    if (row.hasCard()) this.count(cards, row.content!, -1);
    else cards.order.push(card.id);
    const { id: _id, cardholderId, maskedPan, ...content } = card;
    row.setCard(cardholderId, interned(maskedPan), sharedContent(content));
    this.count(cards, row.content!, 1);
  }

  delete(tenantId: string, id: string): boolean {
    const cards = this.rows.of(tenantId);
    const row = cards?.byId.get(id);
    if (!cards || !row?.hasCard()) return false;
    this.count(cards, row.content!, -1);
    row.deleteCard();
    // A secret of another shape is kept beside the rows: only a packed one needs the row.
    if (!row.hasPackedSecret()) cards.byId.delete(id);
    cards.order.splice(cards.order.indexOf(id), 1);
    return true;
  }

  query(tenantId: string, query: ListQuery<CardRecord> = {}, page?: PageRequest): Page<CardRecord> {
    const cards = this.rows.of(tenantId);
    if (!cards) return { items: [], totalItems: 0 };
    const { where } = query;
    if (query.sort) {
      // A sort needs every match before the first page: the general path.
      const found = cards.order.map((id) => cardAt(cards, id)).filter((card) => matchesQuery(card, query));
      const sorted = ordered(found, query);
      return page ? pageOf(sorted, page) : { items: sorted, totalItems: sorted.length };
    }
    // Filters on the bucket fields alone are counted from the buckets: the walk then stops at the page's end.
    const counted = !query.within && !query.contains && Object.keys(where ?? {}).every((field) => BUCKET_FIELDS.has(field));
    let totalItems: number | undefined;
    if (counted) {
      totalItems = 0;
      for (const bucket of cards.buckets.values()) if (matches(bucket, where as Where<CardBucket>)) totalItems += bucket.count;
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
      const row = cards.byId.get(id)!;
      // The bucket fields are in the shared content: a walk past earlier pages builds no record.
      const card = counted ? undefined : row.card(id);
      if (card ? !matchesQuery(card, query) : !matches(row.content!, where as Where<CardContent>)) continue;
      if (found >= skip && items.length < limit) items.push(card ?? row.card(id));
      found++;
      if (totalItems !== undefined && items.length >= limit) break;
    }
    return { items, totalItems: totalItems ?? found };
  }

  forgetTenant(tenantId: string): void {
    this.rows.forgetTenant(tenantId);
  }

  clear(): void {
    this.rows.clear();
  }

  private count(cards: TenantCardRows, card: CardContent, delta: number): void {
    const key = bucketKey(card);
    let bucket = cards.buckets.get(key);
    if (!bucket) cards.buckets.set(key, (bucket = { state: card.state, type: card.type, accountId: card.accountId, count: 0 }));
    bucket.count += delta;
    if (bucket.count === 0) cards.buckets.delete(key);
  }
}
