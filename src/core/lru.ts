/**
 * A map that keeps at most `capacity` entries and forgets the least recently used one first. For
 * caches that would otherwise grow with every new input shape (jit traces, compiled pipelines).
 * A Map iterates in insertion order, so re-inserting an entry on each hit keeps the oldest first.
 * @example const c = new LruCache<string, number>(2); c.set('a', 1); c.set('b', 2); c.get('a'); c.set('c', 3); c.has('b'); // false
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  /** @param onEvict called with each entry the cache drops to stay within capacity (not on delete/clear). */
  constructor(readonly capacity: number, private readonly onEvict?: (key: K, value: V) => void) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LruCache: capacity must be a positive integer, got ${capacity}.`);
  }

  get size(): number { return this.map.size; }

  /** The value, marking the entry most recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  has(key: K): boolean { return this.map.has(key); }

  /** Inserts or replaces as most recently used, evicting the least recently used past capacity. */
  set(key: K, value: V): this {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const [oldKey, oldValue] = this.map.entries().next().value as [K, V];
      this.map.delete(oldKey);
      this.onEvict?.(oldKey, oldValue);
    }
    return this;
  }

  delete(key: K): boolean { return this.map.delete(key); }
  clear(): void { this.map.clear(); }
  keys(): IterableIterator<K> { return this.map.keys(); }
}
