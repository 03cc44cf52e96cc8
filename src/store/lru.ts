interface Entry<V> {
  value: V;
  expires: number | undefined;
  bytes: number;
}

/**
 * A map that forgets: entries expire after their time to live, and past `maxBytes` (keys and values
 * as measured by `sizeOf`) the least recently used go first. Every operation is synchronous, so a
 * check and a write in one call are atomic within the process.
 */
export class Lru<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private used = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (key: string, value: V) => number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }

  /** The live entry, which becomes the most recently used. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires !== undefined && entry.expires <= this.now()) {
      this.used -= entry.bytes;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.expires !== undefined && entry.expires <= this.now()) {
      this.delete(key);
      return false;
    }
    return true;
  }

  set(key: string, value: V, ttlMs?: number): void {
    this.delete(key);
    const bytes = this.sizeOf(key, value);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, expires: ttlMs !== undefined && ttlMs > 0 ? this.now() + ttlMs : undefined, bytes });
    this.used += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.used -= entry.bytes;
    return true;
  }

  /** Drops every expired entry; returns how many. */
  sweep(): number {
    const t = this.now();
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expires !== undefined && entry.expires <= t) {
        this.entries.delete(key);
        this.used -= entry.bytes;
        dropped += 1;
      }
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}

/** Bytes a string key and value take, roughly (one byte per character, plus the entry's bookkeeping). */
export const textBytes = (key: string, value: string | null) => key.length + (value?.length ?? 0) + 64;
