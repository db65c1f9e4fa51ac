import type { Collection, KeyedCollection } from '../ports/stores.js';

/** Items per tenant in a Map, which keeps insertion order and keeps a replaced item's place. */
export class MemoryCollection<T extends { id: string }> implements Collection<T> {
  private readonly tenants = new Map<string, Map<string, T>>();

  get(tenantId: string, id: string): T | undefined {
    return this.tenants.get(tenantId)?.get(id);
  }

  put(tenantId: string, item: T): void {
    let items = this.tenants.get(tenantId);
    if (!items) this.tenants.set(tenantId, (items = new Map()));
    items.set(item.id, item);
  }

  delete(tenantId: string, id: string): boolean {
    return this.tenants.get(tenantId)?.delete(id) ?? false;
  }

  all(tenantId: string): readonly T[] {
    const items = this.tenants.get(tenantId);
    return items ? [...items.values()] : [];
  }
}

/** A collection that also finds items by a unique key of theirs. */
export class MemoryKeyedCollection<T extends { id: string }> extends MemoryCollection<T> implements KeyedCollection<T> {
  private readonly keys = new Map<string, Map<string, string>>();

  constructor(private readonly keyOf: (item: T) => string) {
    super();
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
}
