import { createClient } from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';

/**
 * What a store file or database holds, read without ftcost's store code: through @keyv/sqlite's
 * connection and a plain Redis client, in keyv's format (`{"value":…,"expires":…}`; SQLite key
 * `namespace:key`, Redis key `namespace::key`). Expired entries read as undefined.
 */
const valueOf = (raw: unknown): unknown => {
  if (typeof raw !== 'string') return undefined;
  const stored = JSON.parse(raw) as { value: unknown; expires?: number };
  return stored.expires !== undefined && stored.expires <= Date.now() ? undefined : stored.value;
};

/** `key`: `namespace:rest`, e.g. `settings:slack:T1:C1`. */
export async function readSqliteValue(file: string, key: string): Promise<unknown> {
  const rows = await sqliteQuery(file, 'SELECT value FROM keyv WHERE key = ?', key);
  return valueOf(rows[0]?.value);
}

export async function sqliteQuery(file: string, sql: string, ...params: unknown[]): Promise<Array<Record<string, unknown>>> {
  const db = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 });
  db.on('error', () => undefined);
  try {
    return (await db.query(sql, ...params)) as Array<Record<string, unknown>>;
  } finally {
    await db.disconnect().catch(() => undefined);
  }
}

/** `key`: `namespace:rest`, stored in Redis as `namespace::rest`. */
export async function readRedisValue(url: string, key: string): Promise<unknown> {
  const split = key.indexOf(':');
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return valueOf(await client.get(`${key.slice(0, split)}::${key.slice(split + 1)}`));
  } finally {
    await client.quit();
  }
}
