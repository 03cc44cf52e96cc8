import type { Backend } from './backend.js';
import { ttlOf } from './backend.js';

/**
 * Compare-and-set in one script: KEYS[1]; ARGV[1] the expected text ('' for absent), ARGV[2] the
 * next ('' to delete), ARGV[3] a time to live in ms ('' for none). 1 when written or already so.
 */
const SWAP = `
local current = redis.call('GET', KEYS[1])
if current == false then current = '' end
if current == ARGV[2] then return 1 end
if current ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
elseif ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1
`;

type Client = {
  isOpen: boolean;
  isReady: boolean;
  connect(): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: Record<string, unknown>): Promise<string | null>;
  del(key: string): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  quit(): Promise<unknown>;
  destroy(): void;
};

const withExpiry = (ttlMs: number | undefined, extra: Record<string, unknown> = {}) => {
  const ttl = ttlOf(ttlMs);
  return ttl === undefined ? extra : { ...extra, expiration: { type: 'PX', value: ttl } };
};

/**
 * redis://host:port/db — keys as @keyv/redis wrote them (`namespace::key`, keyv's JSON values, a
 * PX expiry on each), so a database written by earlier versions is read as it is. No offline
 * queue: while Redis is away, commands fail at once and the store answers from memory; the client
 * keeps reconnecting in the background.
 */
export class RedisBackend implements Backend {
  readonly kind = 'redis' as const;
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;

  constructor(private readonly url: string) {}

  private async make(): Promise<Client> {
    const { createClient } = await import('@keyv/redis');
    const client = createClient({
      url: this.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 1000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
    }) as unknown as Client;
    client.on('error', () => undefined); // surfaced through the operations that fail
    return client;
  }

  /** Resolves once connected; rejects on the first failure (the client keeps trying in the background). */
  async connect(): Promise<void> {
    this.client ??= await this.make();
    const client = this.client;
    if (client.isReady) return;
    if (client.isOpen) {
      // Reconnecting in the background: wait for it or for its next failure.
      await new Promise<void>((resolve, reject) => {
        const ready = () => {
          client.off('error', failed);
          resolve();
        };
        const failed = (error: unknown) => {
          client.off('ready', ready);
          reject(error as Error);
        };
        client.once('ready', ready);
        client.once('error', failed);
      });
      return;
    }
    this.connecting ??= new Promise<void>((resolve, reject) => {
      const failed = (error: unknown) => reject(error as Error);
      client.once('error', failed);
      client.connect().then(
        () => {
          client.off('error', failed);
          resolve();
        },
        (error: unknown) => reject(error as Error),
      );
    }).finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
  }

  private async ready(): Promise<Client> {
    if (!this.client?.isReady) await this.connect();
    return this.client as Client;
  }

  private full = (namespace: string, key: string) => `${namespace}::${key}`;

  async get(namespace: string, key: string): Promise<string | undefined> {
    return (await (await this.ready()).get(this.full(namespace, key))) ?? undefined;
  }

  async set(namespace: string, key: string, raw: string, ttlMs?: number): Promise<void> {
    await (await this.ready()).set(this.full(namespace, key), raw, withExpiry(ttlMs));
  }

  async delete(namespace: string, key: string): Promise<void> {
    await (await this.ready()).del(this.full(namespace, key));
  }

  async insert(namespace: string, key: string, raw: string, ttlMs?: number): Promise<boolean> {
    return (await (await this.ready()).set(this.full(namespace, key), raw, withExpiry(ttlMs, { condition: 'NX' }))) === 'OK';
  }

  async swap(namespace: string, key: string, expected: string | undefined, next: string | undefined, ttlMs?: number): Promise<boolean> {
    const ttl = ttlOf(ttlMs);
    const done = await (
      await this.ready()
    ).eval(SWAP, {
      keys: [this.full(namespace, key)],
      arguments: [expected ?? '', next ?? '', ttl === undefined ? '' : String(ttl)],
    });
    return Number(done) === 1;
  }

  async probe(): Promise<void> {
    await (await this.ready()).set('ftcost:probe', String(Date.now()), { expiration: { type: 'PX', value: 60_000 } });
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      if (client.isReady) await Promise.race([client.quit(), new Promise((_, reject) => setTimeout(reject, 2000).unref())]);
      else if (client.isOpen) client.destroy();
    } catch {
      client.destroy();
    }
  }
}
