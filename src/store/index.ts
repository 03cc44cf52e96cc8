import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Keyv from 'keyv';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';

/** One namespace of the store. Values are JSON-serializable. */
export interface KV<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export const NAMESPACES = ['context', 'pins', 'settings', 'cache', 'events', 'installations'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface Store {
  kind: 'memory' | 'sqlite' | 'redis';
  ns<T>(namespace: Namespace): KV<T>;
  /**
   * Claims a key once: true for the first caller, false for every later one until it expires.
   * Atomic across instances on Redis (SET NX); within one process elsewhere. For event dedupe.
   */
  claim(namespace: Namespace, key: string, ttlMs: number): Promise<boolean>;
  /** True while the backing store answers; false during an outage (memory is used meanwhile). */
  healthy(): boolean;
  close(): Promise<void>;
}

interface Options {
  logger?: Logger;
  /** Longest a store operation may take before the bot stops waiting and uses memory. */
  timeoutMs?: number;
  /** After a failure, how long to use memory before trying the backing store again. */
  retryAfterMs?: number;
  now?: () => number;
}

type Backend = {
  kind: Store['kind'];
  make: (namespace: Namespace) => Keyv;
  close: () => Promise<void>;
  /** Atomic set-if-absent where the backend has one. */
  setIfAbsent?: (key: string, ttlMs: number) => Promise<boolean>;
};

async function backendFor(url: string): Promise<Backend> {
  if (url === 'memory://' || url === 'memory') {
    return { kind: 'memory', make: (namespace) => new Keyv({ namespace }), close: async () => {} };
  }
  if (url.startsWith('sqlite://')) {
    const path = url.slice('sqlite://'.length);
    if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const { default: KeyvSqlite } = await import('@keyv/sqlite');
    const adapters: Array<{ disconnect?: () => Promise<void> }> = [];
    return {
      kind: 'sqlite',
      make: (namespace) => {
        const adapter = new KeyvSqlite({ uri: url, busyTimeout: 2000 });
        adapters.push(adapter as unknown as { disconnect?: () => Promise<void> });
        // Write-ahead logging: readers do not wait for writers, and a write is one append, not a
        // journal rewrite with two fsyncs (synchronous=NORMAL is safe with WAL; a power cut can lose
        // the last writes, never corrupt the file).
        const query = (adapter as unknown as { query?: (sql: string) => Promise<unknown> }).query;
        if (query)
          void query
            .call(adapter, 'PRAGMA journal_mode=WAL')
            .then(() => query.call(adapter, 'PRAGMA synchronous=NORMAL'))
            .catch(() => undefined);
        return new Keyv({ store: adapter, namespace, throwOnErrors: true });
      },
      close: async () => {
        await Promise.all(adapters.map((a) => a.disconnect?.().catch(() => undefined)));
      },
    };
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    const { default: KeyvRedis, createClient } = await import('@keyv/redis');
    // No offline queue: when Redis is down, operations fail fast and the bot uses memory.
    const client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 1000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) },
    });
    client.on('error', () => undefined); // surfaced through the operations that fail
    let connecting: Promise<unknown> | undefined;
    const connected = async () => {
      if (client.isReady) return;
      connecting ??= client.connect().finally(() => {
        connecting = undefined;
      });
      await connecting;
    };
    return {
      kind: 'redis',
      setIfAbsent: async (key, ttlMs) => {
        await connected();
        return (await client.set(`ftcost:claim:${key}`, '1', { NX: true, PX: ttlMs })) === 'OK';
      },
      make: (namespace) =>
        new Keyv({
          store: new KeyvRedis(client as never, { namespace, throwOnConnectError: true, throwOnErrors: true }),
          namespace,
          useKeyPrefix: false,
          throwOnErrors: true,
        }),
      close: async () => {
        try {
          if (client.isReady) await withTimeout(client.quit(), 2000);
          else if (client.isOpen) client.destroy();
        } catch {
          client.destroy();
        }
      },
    };
  }
  throw new Error(
    `STORE_URL: unsupported scheme in ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))}; use memory://, sqlite://<path> or redis://host:port`,
  );
}

/** How many recent values each namespace keeps in memory for reads during an outage. */
const MEMORY_COPY_ENTRIES = 10_000;

/** A least-recently-used map with expiry: the memory copy behind a namespace. */
class MemoryCopy<T> {
  private readonly entries = new Map<string, { value: T; expires: number | undefined }>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires !== undefined && entry.expires <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T, ttlMs: number | undefined): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: ttlMs ? this.now() + ttlMs : undefined });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
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
        reject(error);
      },
    );
  });

/**
 * keyv from STORE_URL (memory://, sqlite://path, redis://host:port) with one namespace per kind of
 * state. When the backing store fails or hangs, each namespace carries on in memory (reads answer
 * with the last value seen or written), logs once per outage, tries the store again later, and on
 * recovery writes back what changed meanwhile.
 */
export async function createStore(url: string, options: Options = {}): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 750;
  const retryAfterMs = options.retryAfterMs ?? 5000;
  const now = options.now ?? Date.now;
  const backend = await backendFor(url);
  let down = false;
  let downSince = 0;

  const available = () => !down || now() - downSince >= retryAfterMs;
  const failed = (error: unknown) => {
    if (!down)
      logger.warn('store unavailable; answering from memory until it recovers', { store: backend.kind, error: (error as Error).message });
    down = true;
    downSince = now();
  };
  let flushing: Promise<void> | undefined;
  const recovered = () => {
    if (!down) return;
    down = false;
    logger.info('store recovered; writing back what changed during the outage', { store: backend.kind });
    flushing ??= (async () => {
      try {
        for (const flush of flushers) await flush();
      } catch (error) {
        failed(error);
      } finally {
        flushing = undefined;
      }
    })();
  };

  const namespaces = new Map<Namespace, KV<unknown>>();
  const flushers: Array<() => Promise<void>> = [];
  const make = <T>(namespace: Namespace): KV<T> => {
    const keyv = backend.make(namespace);
    keyv.on('error', () => undefined);
    // The last value seen for each key, for reads during an outage; and the writes the backing
    // store has not taken yet, written back when it recovers, so an outage loses nothing.
    const copy = new MemoryCopy<T>(MEMORY_COPY_ENTRIES, now);
    const pending = new Map<string, { value: T | undefined; expires: number | undefined }>();
    const remember = (key: string, value: T | undefined, ttlMs: number | undefined) =>
      pending.set(key, { value, expires: ttlMs ? now() + ttlMs : undefined });
    const local = (key: string): T | undefined => {
      const waiting = pending.get(key);
      if (waiting) return waiting.expires !== undefined && waiting.expires <= now() ? undefined : waiting.value;
      return copy.get(key);
    };
    flushers.push(async () => {
      for (const [key, entry] of [...pending]) {
        if (!pending.has(key) || pending.get(key) !== entry) continue;
        const left = entry.expires === undefined ? undefined : entry.expires - now();
        if (entry.value === undefined || (left !== undefined && left <= 0)) await withTimeout(keyv.delete(key), timeoutMs);
        else await withTimeout(keyv.set(key, entry.value, left), timeoutMs);
        if (pending.get(key) === entry) pending.delete(key);
      }
    });
    return {
      async get(key) {
        if (pending.has(key) || !available()) return local(key);
        try {
          const value = (await withTimeout(keyv.get(key), timeoutMs)) as T | undefined;
          recovered();
          if (value === undefined) copy.delete(key);
          else copy.set(key, value, undefined);
          return value;
        } catch (error) {
          failed(error);
          return local(key);
        }
      },
      async set(key, value, ttlMs) {
        copy.set(key, value, ttlMs);
        if (!available()) return void remember(key, value, ttlMs);
        try {
          await withTimeout(keyv.set(key, value, ttlMs), timeoutMs);
          pending.delete(key);
          recovered();
        } catch (error) {
          remember(key, value, ttlMs);
          failed(error);
        }
      },
      async delete(key) {
        copy.delete(key);
        if (!available()) return void remember(key, undefined, undefined);
        try {
          await withTimeout(keyv.delete(key), timeoutMs);
          pending.delete(key);
          recovered();
        } catch (error) {
          remember(key, undefined, undefined);
          failed(error);
        }
      },
    };
  };

  const nsFor = <T>(namespace: Namespace): KV<T> => {
    let kv = namespaces.get(namespace);
    if (!kv) {
      kv = make<unknown>(namespace);
      namespaces.set(namespace, kv);
    }
    return kv as KV<T>;
  };

  const claimed = new Map<string, number>();
  async function claim(namespace: Namespace, key: string, ttlMs: number): Promise<boolean> {
    const full = `${namespace}:${key}`;
    if (backend.setIfAbsent && available()) {
      try {
        const first = await withTimeout(backend.setIfAbsent(full, ttlMs), timeoutMs);
        recovered();
        return first;
      } catch (error) {
        failed(error);
      }
    }
    // In-process: memory, SQLite (one writer), or a store that is down.
    const t = now();
    for (const [k, until] of claimed) if (until <= t) claimed.delete(k);
    if (claimed.has(full)) return false;
    const kv = nsFor<number>(namespace);
    if (!backend.setIfAbsent && (await kv.get(key)) !== undefined) return false;
    claimed.set(full, t + ttlMs);
    if (!backend.setIfAbsent) await kv.set(key, t, ttlMs);
    return true;
  }

  return {
    kind: backend.kind,
    claim,
    ns: nsFor,
    healthy: () => !down,
    close: () => backend.close(),
  };
}
