import type { Backend } from './backend.js';
import { Lru, textBytes } from './lru.js';

export interface MemoryOptions {
  /** Per namespace: past this, the least recently used entries are forgotten. */
  maxBytes: number;
  now: () => number;
}

/** memory:// — one LRU map with expiry per namespace; nothing survives the process. */
export class MemoryBackend implements Backend {
  readonly kind = 'memory' as const;
  private readonly spaces = new Map<string, Lru<string>>();

  constructor(private readonly options: MemoryOptions) {}

  private space(namespace: string): Lru<string> {
    let space = this.spaces.get(namespace);
    if (!space) {
      space = new Lru<string>(this.options.maxBytes, textBytes, this.options.now);
      this.spaces.set(namespace, space);
    }
    return space;
  }

  async connect(): Promise<void> {}

  async get(namespace: string, key: string): Promise<string | undefined> {
    return this.space(namespace).get(key);
  }

  async set(namespace: string, key: string, raw: string, ttlMs?: number): Promise<void> {
    this.space(namespace).set(key, raw, ttlMs);
  }

  async delete(namespace: string, key: string): Promise<void> {
    this.space(namespace).delete(key);
  }

  async insert(namespace: string, key: string, raw: string, ttlMs?: number): Promise<boolean> {
    return this.insertNow(namespace, key, raw, ttlMs);
  }

  /** insert, synchronously: for in-process claims and locks. */
  insertNow(namespace: string, key: string, raw: string, ttlMs?: number): boolean {
    const space = this.space(namespace);
    if (space.has(key)) return false;
    space.set(key, raw, ttlMs);
    return true;
  }

  async swap(namespace: string, key: string, expected: string | undefined, next: string | undefined, ttlMs?: number): Promise<boolean> {
    return this.swapNow(namespace, key, expected, next, ttlMs);
  }

  swapNow(namespace: string, key: string, expected: string | undefined, next: string | undefined, ttlMs?: number): boolean {
    const space = this.space(namespace);
    const current = space.get(key);
    if (current === next) return true;
    if (current !== expected) return false;
    if (next === undefined) space.delete(key);
    else space.set(key, next, ttlMs);
    return true;
  }

  async probe(): Promise<void> {}

  async purge(): Promise<number> {
    let dropped = 0;
    for (const space of this.spaces.values()) dropped += space.sweep();
    return dropped;
  }

  /** Entries and approximate bytes held, for tests and benchmarks. */
  usage(): { entries: number; bytes: number } {
    let entries = 0;
    let bytes = 0;
    for (const space of this.spaces.values()) {
      entries += space.size;
      bytes += space.bytes;
    }
    return { entries, bytes };
  }

  async close(): Promise<void> {
    this.spaces.clear();
  }
}
