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
        return new Keyv({ store: adapter, namespace });
      },
      close: async () => {
        await Promise.all(adapters.map((a) => a.disconnect?.().catch(() => undefined)));
      },
    };
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    const { default: KeyvRedis, createClient } = await import('@keyv/redis');
    // No offline queue: when Redis is down, operations fail fast and the bot uses memory.
    const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 1000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) } });
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
      make: (namespace) => new Keyv({ store: new KeyvRedis(client as never, { namespace, throwOnConnectError: true, throwOnErrors: true }), namespace, useKeyPrefix: false }),
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
  throw new Error(`STORE_URL: unsupported scheme in ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))}; use memory://, sqlite://<path> or redis://host:port`);
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
 * state. When the backing store fails or hangs, each namespace carries on in memory (reads fall back
 * to what was written during the outage), logs once per outage, and tries the store again later.
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
    if (!down) logger.warn('store unavailable; answering from memory until it recovers', { store: backend.kind, error: (error as Error).message });
    down = true;
    downSince = now();
  };
  const recovered = () => {
    if (down) logger.info('store recovered', { store: backend.kind });
    down = false;
  };

  const namespaces = new Map<Namespace, KV<unknown>>();
  const make = <T>(namespace: Namespace): KV<T> => {
    const keyv = backend.make(namespace);
    keyv.on('error', () => undefined);
    const fallback = new Keyv({ namespace });
    return {
      async get(key) {
        if (available()) {
          try {
            const value = (await withTimeout(keyv.get(key), timeoutMs)) as T | undefined;
            recovered();
            if (value !== undefined) return value;
          } catch (error) {
            failed(error);
          }
        }
        return (await fallback.get(key)) as T | undefined;
      },
      async set(key, value, ttlMs) {
        await fallback.set(key, value, ttlMs);
        if (!available()) return;
        try {
          await withTimeout(keyv.set(key, value, ttlMs), timeoutMs);
          recovered();
          await fallback.delete(key);
        } catch (error) {
          failed(error);
        }
      },
      async delete(key) {
        await fallback.delete(key);
        if (!available()) return;
        try {
          await withTimeout(keyv.delete(key), timeoutMs);
          recovered();
        } catch (error) {
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
