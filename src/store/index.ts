import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { StoreUnusableError, type Backend } from './backend.js';
import { decode, encode, expiresAt, live } from './codec.js';
import { Lru, textBytes } from './lru.js';
import { MemoryBackend } from './memory.js';
import { RedisBackend } from './redis.js';
import { SqliteBackend, describeSqliteError } from './sqlite.js';

export { StoreUnusableError } from './backend.js';

/** One namespace of the store. Values are JSON-serializable. */
export interface KV<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Writes only when the key holds no value; true when this call wrote it. Atomic across instances
   * on Redis (SET NX), across processes on one SQLite file (one INSERT … ON CONFLICT statement),
   * within the process on memory:// and during an outage.
   */
  setIfAbsent(key: string, value: T, ttlMs?: number): Promise<boolean>;
}

/** A lock held until `release()` or until its time to live runs out. */
export interface Lock {
  release(): Promise<void>;
}

export const NAMESPACES = ['context', 'pins', 'settings', 'cache', 'events', 'installations'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface StoreStatus {
  state: 'connecting' | 'up' | 'down';
  /** Why the store is down (one line, with what to do), while it is. */
  reason?: string;
  /** Writes made during an outage that wait to be written back. */
  pendingWrites: number;
}

export interface Store {
  kind: 'memory' | 'sqlite' | 'redis';
  ns<T>(namespace: Namespace): KV<T>;
  /**
   * Claims a key once: true for the first caller, false for every later one until it expires. One
   * key per claim with a time to live. Atomic across instances on Redis (SET NX PX), across
   * processes on one SQLite file, within the process on memory:// and during an outage. For event
   * dedupe.
   */
  claim(namespace: Namespace, key: string, ttlMs: number): Promise<boolean>;
  /**
   * A short-lived lock: undefined when someone holds it. Exclusive within the process always, and
   * across instances (Redis: SET NX PX with a random token, released by compare-and-delete) or
   * processes (SQLite: one row with an expiry) while the store is up. Held at most `ttlMs`.
   */
  lock(namespace: Namespace, key: string, ttlMs: number): Promise<Lock | undefined>;
  /**
   * Waits until the store answers (up to `connectTimeoutMs`) — before listening, so the first
   * traffic does not run from memory. Rejects with StoreUnusableError when it never will as
   * configured (a corrupt or read-only SQLite file); resolves otherwise, `ready()` telling whether
   * it is connected.
   */
  connect(): Promise<void>;
  /** True while the backing store answers: what an operator's readiness check reports. */
  ready(): boolean;
  /** The same as ready(), kept for existing callers. */
  healthy(): boolean;
  status(): StoreStatus;
  /** Writes back what an outage left pending, if the store is up; returns the keys still not written. */
  flush(): Promise<string[]>;
  close(): Promise<void>;
}

export interface StoreOptions {
  logger?: Logger;
  /** Longest a store operation may take before the bot stops waiting and uses memory (default 750 ms). */
  timeoutMs?: number;
  /** After a failure, the first pause before trying the store again; it doubles on each failure (default 5,000 ms). */
  retryAfterMs?: number;
  /** The longest pause between tries (default 30,000 ms). */
  maxRetryAfterMs?: number;
  /** How long connect() waits for the store (default 10,000 ms). */
  connectTimeoutMs?: number;
  /** memory://: bytes of keys and values kept per namespace before the least recently used go (default 8 MiB). */
  memoryMaxBytes?: number;
  /** The copy of recent values kept for reads during an outage, per namespace (default 4 MiB). */
  copyMaxBytes?: number;
  /** Outage writes kept per namespace; past this the oldest are dropped, and counted (default 20,000). */
  maxPendingWrites?: number;
  /** How often expired entries are deleted (SQLite rows, memory:// entries; Redis expires keys itself) (default 10 min). */
  purgeIntervalMs?: number;
  /** SQLite: extra PRAGMA statements after opening (tests use `max_page_count` to fill the file as a full disk would). */
  sqlitePragmas?: string[];
  now?: () => number;
}

const UNKNOWN = Symbol('unknown');
/** A write made while the store was down: `raw` undefined deletes; `base` is what the store held before it, as far as known. */
interface Pending {
  raw: string | undefined;
  ttlMs: number | undefined;
  base: string | null | typeof UNKNOWN;
}

/** Per namespace: the last text seen in the store for each key (null: known absent), and the outage writes. */
interface Space {
  copy: Lru<string | null>;
  pending: Map<string, Pending>;
  dropped: number;
}

function backendFor(url: string, options: StoreOptions, now: () => number): Backend {
  if (url === 'memory://' || url === 'memory') return new MemoryBackend({ maxBytes: options.memoryMaxBytes ?? 8 * 1024 * 1024, now });
  if (url.startsWith('sqlite://'))
    return new SqliteBackend(url.slice('sqlite://'.length), { now, ...(options.sqlitePragmas ? { pragmas: options.sqlitePragmas } : {}) });
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return new RedisBackend(url);
  throw new Error(
    `STORE_URL: unsupported scheme in ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))}; use memory://, sqlite://<path> or redis://host:port`,
  );
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`store operation exceeded ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });

/** After staying up this long, a new failure starts the pauses between tries afresh. */
const STABLE_MS = 60_000;

/**
 * The store from STORE_URL (memory://, sqlite://path, redis://host:port/db), one namespace per kind
 * of state. When the backing store fails or hangs, it carries on in memory: reads answer with the
 * last value seen, writes are kept; the outage is logged once; the store is tried again after
 * pauses that double (a store that fails again right after recovering does not flip up and down);
 * and on recovery only the keys written during the outage are written back, each only if the store
 * still holds what it held before (compare-and-set), so a value another instance wrote meanwhile
 * is never overwritten.
 */
export async function createStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 750;
  const retryAfterMs = options.retryAfterMs ?? 5000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const copyMaxBytes = options.copyMaxBytes ?? 4 * 1024 * 1024;
  const maxPending = options.maxPendingWrites ?? 20_000;
  const now = options.now ?? Date.now;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const backend = backendFor(url, options, now);
  const where = url.startsWith('sqlite://') ? url.slice('sqlite://'.length) : backend.kind;
  const describe = (error: unknown) =>
    error instanceof StoreUnusableError
      ? error.message
      : backend.kind === 'sqlite'
        ? describeSqliteError(where, error)
        : (error as Error)?.message || String(error);

  let state: StoreStatus['state'] = 'connecting';
  let reason: string | undefined;
  let unusable: StoreUnusableError | undefined;
  let failures = 0;
  let upSince = 0;
  let everUp = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  const recoveryWaiters = new Set<() => void>();
  // In-process claims and locks: the fallback during an outage, and the first gate for locks always.
  const local = new MemoryBackend({ maxBytes: 4 * 1024 * 1024, now });
  const spaces = new Map<Namespace, Space>();
  const spaceOf = (namespace: Namespace): Space => {
    let space = spaces.get(namespace);
    if (!space) {
      space = { copy: new Lru<string | null>(copyMaxBytes, textBytes, now), pending: new Map(), dropped: 0 };
      spaces.set(namespace, space);
    }
    return space;
  };
  const pendingCount = () => [...spaces.values()].reduce((n, s) => n + s.pending.size, 0);

  const scheduleRetry = () => {
    if (closed || retryTimer) return;
    const pause = Math.min(retryAfterMs * 2 ** Math.max(0, failures - 1), maxRetryAfterMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void probe();
    }, pause);
    retryTimer.unref();
  };

  const markDown = (error: unknown) => {
    if (closed) return;
    if (error instanceof StoreUnusableError) unusable = error;
    if (state !== 'down') {
      reason = describe(error);
      // A failure soon after recovering continues the growing pauses instead of starting them again.
      failures = everUp && now() - upSince >= STABLE_MS ? 1 : failures + 1;
      if (error instanceof StoreUnusableError && state === 'connecting')
        logger.error('store unusable as configured', { store: backend.kind, reason });
      else
        logger.warn(
          state === 'connecting'
            ? 'store unavailable at start; answering from memory (not ready) until it answers'
            : 'store unavailable; answering from memory until it recovers',
          { store: backend.kind, reason },
        );
      state = 'down';
    }
    scheduleRetry();
  };

  const markUp = () => {
    if (closed || state === 'up') return;
    const was = state;
    state = 'up';
    reason = undefined;
    unusable = undefined;
    upSince = now();
    everUp = true;
    if (was === 'down')
      logger.info('store recovered; writing back what changed during the outage', { store: backend.kind, pending: pendingCount() });
    for (const wake of recoveryWaiters) wake();
    recoveryWaiters.clear();
    if (pendingCount() > 0) void flushPending();
  };

  /**
   * One try of the store: a write round trip, then the first outage write if there is one (a disk
   * with room for the probe's few bytes only is still full). `scheduled`: one of the growing pauses' tries.
   */
  async function probe(scheduled = true): Promise<void> {
    if (closed || state === 'up') return;
    try {
      await withTimeout(backend.probe(), connectTimeoutMs);
      const first = firstPending();
      if (first) await writeBack(...first);
      markUp();
    } catch (error) {
      if (error instanceof StoreUnusableError) unusable = error;
      if (!scheduled) return;
      failures += 1;
      scheduleRetry();
    }
  }

  const firstPending = (): [Namespace, Space, string, Pending] | undefined => {
    for (const [namespace, space] of spaces) for (const [key, entry] of space.pending) return [namespace, space, key, entry];
    return undefined;
  };

  // The first connection: every operation waits for its outcome, so a cold start never answers
  // from memory just because traffic came before the connection.
  const initial: Promise<void> = withTimeout(backend.connect(), connectTimeoutMs).then(markUp, markDown);

  let flushing: Promise<void> | undefined;
  const flushPending = (): Promise<void> => {
    flushing ??= (async () => {
      try {
        while (state === 'up' && pendingCount() > 0) {
          for (const [namespace, space] of spaces) {
            for (const [key, entry] of [...space.pending]) {
              if (state !== 'up') return;
              try {
                await writeBack(namespace, space, key, entry);
              } catch (error) {
                markDown(error);
                return;
              }
            }
          }
        }
      } finally {
        flushing = undefined;
      }
    })();
    return flushing;
  };

  /** One outage write, written only if the store still holds what it held before the outage. Throws when the store fails. */
  async function writeBack(namespace: Namespace, space: Space, key: string, entry: Pending): Promise<void> {
    const t = now();
    const base = entry.base === UNKNOWN || entry.base === null || live(entry.base, t) === undefined ? undefined : entry.base;
    const expires = entry.raw === undefined ? undefined : decode(entry.raw)?.expires;
    const left = expires === undefined ? undefined : expires - t;
    let written: boolean;
    if (entry.raw !== undefined && left !== undefined && left <= 0)
      written = true; // expired meanwhile: nothing to write
    else if (entry.raw === undefined && entry.base === UNKNOWN)
      written = false; // never seen: a delete could remove newer state
    else written = await withTimeout(backend.swap(namespace, key, base, entry.raw, left), timeoutMs);
    const current = space.pending.get(key);
    if (!written) {
      logger.warn('outage write not written back: the store holds a value written meanwhile (kept)', { namespace, key });
      if (current === entry) space.pending.delete(key);
      space.copy.delete(key);
      return;
    }
    if (current === entry) {
      space.pending.delete(key);
      space.copy.set(key, entry.raw ?? null);
    } else if (current) current.base = entry.raw ?? null; // written again meanwhile: compare with what was just written
  }

  /** Keeps a write for later (store down, or this key still waiting to be written back). */
  const keep = (space: Space, key: string, raw: string | undefined, ttlMs: number | undefined) => {
    const waiting = space.pending.get(key);
    const base = waiting ? waiting.base : space.copy.has(key) ? (space.copy.get(key) as string | null) : UNKNOWN;
    space.pending.delete(key);
    space.pending.set(key, { raw, ttlMs, base });
    if (space.pending.size > maxPending) {
      space.pending.delete(space.pending.keys().next().value as string);
      space.dropped += 1;
      if (space.dropped === 1) logger.warn('outage writes over the limit: the oldest are dropped', { limit: maxPending });
    }
    if (state === 'up') void flushPending();
  };

  /** What this process knows of a key without the store: its outage write, else the last value seen. */
  const known = (space: Space, key: string): string | null | undefined => {
    const waiting = space.pending.get(key);
    if (waiting) return waiting.raw ?? null;
    return space.copy.get(key);
  };

  const kvs = new Map<Namespace, KV<unknown>>();
  const make = <T>(namespace: Namespace): KV<T> => {
    const space = spaceOf(namespace);
    return {
      async get(key) {
        await initial;
        if (state !== 'up' || space.pending.has(key)) return live<T>(known(space, key), now());
        try {
          const raw = await withTimeout(backend.get(namespace, key), timeoutMs);
          space.copy.set(key, raw ?? null);
          return live<T>(raw, now());
        } catch (error) {
          markDown(error);
          return live<T>(known(space, key), now());
        }
      },
      async set(key, value, ttlMs) {
        await initial;
        const raw = encode(value, expiresAt(now(), ttlMs));
        if (state !== 'up' || space.pending.has(key)) return keep(space, key, raw, ttlMs);
        try {
          await withTimeout(backend.set(namespace, key, raw, ttlMs), timeoutMs);
          space.copy.set(key, raw);
        } catch (error) {
          keep(space, key, raw, ttlMs);
          markDown(error);
        }
      },
      async delete(key) {
        await initial;
        if (state !== 'up' || space.pending.has(key)) return keep(space, key, undefined, undefined);
        try {
          await withTimeout(backend.delete(namespace, key), timeoutMs);
          space.copy.set(key, null);
        } catch (error) {
          keep(space, key, undefined, undefined);
          markDown(error);
        }
      },
      async setIfAbsent(key, value, ttlMs) {
        await initial;
        const raw = encode(value, expiresAt(now(), ttlMs));
        if (state === 'up' && !space.pending.has(key)) {
          try {
            const wrote = await withTimeout(backend.insert(namespace, key, raw, ttlMs), timeoutMs);
            if (wrote) space.copy.set(key, raw);
            else space.copy.delete(key);
            return wrote;
          } catch (error) {
            markDown(error); // the write may have happened: the write-back below finds it there
          }
        }
        if (live(known(space, key), now()) !== undefined) return false;
        keep(space, key, raw, ttlMs);
        return true;
      },
    };
  };

  const ns = <T>(namespace: Namespace): KV<T> => {
    let kv = kvs.get(namespace);
    if (!kv) {
      kv = make<unknown>(namespace);
      kvs.set(namespace, kv);
    }
    return kv as KV<T>;
  };

  async function claim(namespace: Namespace, key: string, ttlMs: number): Promise<boolean> {
    await initial;
    const raw = encode(randomUUID(), expiresAt(now(), ttlMs));
    if (state === 'up') {
      try {
        return await withTimeout(backend.insert(`claim:${namespace}`, key, raw, ttlMs), timeoutMs);
      } catch (error) {
        markDown(error);
      }
    }
    return local.insertNow(`claim:${namespace}`, key, raw, ttlMs);
  }

  async function lock(namespace: Namespace, key: string, ttlMs: number): Promise<Lock | undefined> {
    await initial;
    const raw = encode(randomUUID(), expiresAt(now(), ttlMs));
    const space = `lock:${namespace}`;
    if (!local.insertNow(space, key, raw, ttlMs)) return undefined;
    let remote = false;
    if (state === 'up') {
      try {
        remote = true;
        if (!(await withTimeout(backend.insert(space, key, raw, ttlMs), timeoutMs))) {
          local.swapNow(space, key, raw, undefined);
          return undefined;
        }
      } catch (error) {
        markDown(error); // it may be held in the store too: release() deletes it there if so
      }
    }
    let released = false;
    return {
      async release() {
        if (released) return;
        released = true;
        local.swapNow(space, key, raw, undefined);
        if (remote) await withTimeout(backend.swap(space, key, raw, undefined), timeoutMs).catch(() => undefined);
      },
    };
  }

  let purging = false;
  const purge = async () => {
    if (!backend.purge || state !== 'up' || purging) return;
    purging = true;
    try {
      const removed = await withTimeout(backend.purge(), Math.max(timeoutMs, 10_000));
      if (removed > 0) logger.debug('expired entries deleted', { store: backend.kind, removed });
    } catch (error) {
      markDown(error);
    } finally {
      purging = false;
      local.purge().catch(() => undefined);
    }
  };
  const purgeTimer = setInterval(() => void purge(), options.purgeIntervalMs ?? 10 * 60 * 1000);
  purgeTimer.unref();

  const pendingKeys = () => [...spaces].flatMap(([namespace, space]) => [...space.pending.keys()].map((key) => `${namespace}:${key}`));

  return {
    kind: backend.kind,
    ns,
    claim,
    lock,
    async connect() {
      await initial;
      const up = () => state === 'up';
      if (!up() && !unusable) {
        // Keep trying until the deadline, more often than the background pauses.
        const deadline = Date.now() + connectTimeoutMs;
        while (!up() && !unusable && !closed && Date.now() < deadline) {
          const wait = new Promise<void>((resolve) => {
            recoveryWaiters.add(resolve);
            setTimeout(resolve, Math.min(500, Math.max(0, deadline - Date.now()))).unref();
          });
          void probe(false);
          await wait;
        }
      }
      if (unusable && !up()) throw unusable;
    },
    ready: () => state === 'up',
    healthy: () => state === 'up',
    status: () => ({ state, ...(reason ? { reason } : {}), pendingWrites: pendingCount() }),
    async flush() {
      await initial;
      if (state === 'up') await withTimeout(flushPending(), Math.max(timeoutMs * 4, 5000)).catch(() => undefined);
      return pendingKeys();
    },
    async close() {
      if (closed) return;
      await initial.catch(() => undefined);
      if (state === 'up' && pendingCount() > 0) await withTimeout(flushPending(), Math.max(timeoutMs * 4, 5000)).catch(() => undefined);
      closed = true;
      clearInterval(purgeTimer);
      if (retryTimer) clearTimeout(retryTimer);
      for (const wake of recoveryWaiters) wake();
      await backend.close();
      await local.close();
    },
  };
}
