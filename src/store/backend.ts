/**
 * What a backing store offers, on stored text (see codec.ts) under a namespace and a key. Expired
 * entries count as absent everywhere. Each method is atomic on its own: across processes for
 * SQLite (one statement) and across instances for Redis (one command or one script).
 */
export interface Backend {
  kind: 'memory' | 'sqlite' | 'redis';
  /** Opens the store. Rejects with StoreUnusableError when it cannot work as configured (no retry helps). */
  connect(): Promise<void>;
  get(namespace: string, key: string): Promise<string | undefined>;
  set(namespace: string, key: string, raw: string, ttlMs?: number): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
  /** Writes only when the key is absent; true when this call wrote it. */
  insert(namespace: string, key: string, raw: string, ttlMs?: number): Promise<boolean>;
  /**
   * Compare-and-set: writes `next` (undefined: deletes) only when the key holds `expected`
   * (undefined: absent). True when written, or when the key already holds `next`.
   */
  swap(namespace: string, key: string, expected: string | undefined, next: string | undefined, ttlMs?: number): Promise<boolean>;
  /** A write round trip (connecting first if needed): how recovery is told from a store that only reads. */
  probe(): Promise<void>;
  /** Deletes expired entries where the store does not do it itself; returns how many. */
  purge?(): Promise<number>;
  close(): Promise<void>;
}

/** The store cannot work as configured (a corrupt or read-only SQLite file, say): what it is and what to do. */
export class StoreUnusableError extends Error {
  override name = 'StoreUnusableError';
}

export const ttlOf = (ttlMs: number | undefined) => (ttlMs !== undefined && ttlMs > 0 ? Math.max(1, Math.ceil(ttlMs)) : undefined);
