import { internedRecord, sharedContent } from './interned.js';
import { pageOf, type Collection, type KeyedCollection, type ListQuery, type Page, type PageRequest, type Where } from '../ports/stores.js';

/** Whether an item has every value `where` asks for (an array: any of its values). */
export function matches<T>(item: T, where: Where<T> | undefined): boolean {
  if (!where) return true;
  for (const field in where) {
    const wanted = where[field];
    if (wanted === undefined) continue;
    const value = item[field];
    if (Array.isArray(wanted) ? !wanted.includes(value) : value !== wanted) return false;
  }
  return true;
}

/** Whether an item passes every filter of a query: values, bounds and contained text. */
export function matchesQuery<T>(item: T, query: ListQuery<T>): boolean {
  if (!matches(item, query.where)) return false;
  for (const [field, bounds] of Object.entries(query.within ?? {}) as [keyof T, { from?: number; until?: number } | undefined][]) {
    if (!bounds) continue;
    const value = item[field] as number;
    if ((bounds.from !== undefined && value < bounds.from) || (bounds.until !== undefined && value > bounds.until)) return false;
  }
  for (const [field, text] of Object.entries(query.contains ?? {}) as [keyof T, string | undefined][]) {
    if (text === undefined) continue;
    const value = item[field] as string | null;
    if (value === null || !value.toLowerCase().includes(text.toLowerCase())) return false;
  }
  return true;
}

/** Items (oldest first) in the order a query asks for: sorted by a field, else by insertion. */
export function ordered<T>(items: T[], query: ListQuery<T>): T[] {
  const { sort } = query;
  if (!sort) return query.order === 'newest' ? items.reverse() : items;
  const sign = sort.direction === 'asc' ? 1 : -1;
  // Reversing first makes the stable sort keep ties newest first when descending.
  if (sign < 0) items.reverse();
  return items.sort((a, b) => sign * ((a[sort.field] as number) - (b[sort.field] as number)));
}

export interface MemoryCollectionOptions {
  /** Keep one copy of each repeated string (for records that repeat text, such as people). */
  intern?: boolean;
  /**
   * Keep one copy of what records equal but for their id hold (sharedContent in interned.ts):
   * each record then costs its id and its map entry. For records that repeat whole (a fixture
   * holder); not for ones that carry their own times, which would make every content new.
   */
  share?: boolean;
}

/** What a collection keeps of an item: the item, or, when shared, what it holds beside its id. */
type Stored<T> = T | Omit<T, 'id'>;

/** Items per tenant in a Map, which keeps insertion order and keeps a replaced item's place. */
export class MemoryCollection<T extends { id: string }> implements Collection<T> {
  private readonly tenants = new Map<string, Map<string, Stored<T>>>();

  constructor(private readonly options: MemoryCollectionOptions = {}) {}

  get(tenantId: string, id: string): T | undefined {
    const stored = this.tenants.get(tenantId)?.get(id);
    return stored === undefined ? undefined : this.restore(id, stored);
  }

  put(tenantId: string, item: T): void {
    let items = this.tenants.get(tenantId);
    if (!items) this.tenants.set(tenantId, (items = new Map()));
    items.set(item.id, this.keep(item));
  }

  delete(tenantId: string, id: string): boolean {
    return this.tenants.get(tenantId)?.delete(id) ?? false;
  }

  query(tenantId: string, query: ListQuery<T> = {}, page?: PageRequest): Page<T> {
    const found: T[] = [];
    for (const [id, stored] of this.tenants.get(tenantId) ?? []) {
      const item = this.restore(id, stored);
      if (matchesQuery(item, query)) found.push(item);
    }
    const sorted = ordered(found, query);
    return page ? pageOf(sorted, page) : { items: sorted, totalItems: sorted.length };
  }

  forgetTenant(tenantId: string): void {
    this.tenants.delete(tenantId);
  }

  clear(): void {
    this.tenants.clear();
  }

  private keep(item: T): Stored<T> {
    if (this.options.share) {
      const { id: _id, ...content } = item;
      return sharedContent(content);
    }
    return this.options.intern ? internedRecord(item) : item;
  }

  private restore(id: string, stored: Stored<T>): T {
    // A fresh object each time; its nested objects are the shared content's, which nothing changes in place.
    return this.options.share ? ({ id, ...stored } as T) : (stored as T);
  }
}
/** A collection that also finds items by a unique key of theirs. */
export class MemoryKeyedCollection<T extends { id: string }> extends MemoryCollection<T> implements KeyedCollection<T> {
  private readonly keys = new Map<string, Map<string, string>>();

  constructor(
    private readonly keyOf: (item: T) => string,
    options: MemoryCollectionOptions = {},
  ) {
    super(options);
  }

  getByKey(tenantId: string, key: string): T | undefined {
    const id = this.keys.get(tenantId)?.get(key);
    return id === undefined ? undefined : this.get(tenantId, id);
  }

  override put(tenantId: string, item: T): void {
    const previous = this.get(tenantId, item.id);
    let keys = this.keys.get(tenantId);
    if (!keys) this.keys.set(tenantId, (keys = new Map()));
    if (previous) keys.delete(this.keyOf(previous));
    keys.set(this.keyOf(item), item.id);
    super.put(tenantId, item);
  }

  override delete(tenantId: string, id: string): boolean {
    const previous = this.get(tenantId, id);
    if (previous) this.keys.get(tenantId)?.delete(this.keyOf(previous));
    return super.delete(tenantId, id);
  }

  override forgetTenant(tenantId: string): void {
    this.keys.delete(tenantId);
    super.forgetTenant(tenantId);
  }

  override clear(): void {
    this.keys.clear();
    super.clear();
  }
}
