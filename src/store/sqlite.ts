import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Backend } from './backend.js';
import { StoreUnusableError } from './backend.js';
import { encode } from './codec.js';

export interface SqliteOptions {
  now: () => number;
  /** Extra `PRAGMA` statements run on the connection after opening (e.g. `max_page_count = 64`). */
  pragmas?: string[];
  /** How long one statement waits for another process's write lock (default 2,000 ms). */
  busyTimeoutMs?: number;
}

type Query = (sql: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>;
interface Connection {
  query: Query;
  disconnect(): Promise<void>;
}

/** When an entry expires (ms since epoch), read from keyv's JSON; NULL for none. Indexed (keyv_expires). */
const EXPIRES = `(CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END)`;
const PURGE_BATCH = 5000;

/** SQLite result codes no retry fixes, with what the operator should do. */
const UNUSABLE = new Map<string, (path: string) => string>([
  [
    'SQLITE_READONLY',
    (p) =>
      `${p} is read-only for this process (SQLITE_READONLY): give the user the bot runs as write access to the file and its directory (SQLite writes ${p}-wal and ${p}-shm beside it), or point STORE_URL at a writable path`,
  ],
  [
    'SQLITE_CORRUPT',
    (p) =>
      `${p} is damaged (SQLITE_CORRUPT): stop the bot, move the file aside (with its -wal and -shm files), and start again (a new file is created) or restore a backup`,
  ],
  [
    'SQLITE_NOTADB',
    (p) =>
      `${p} is not an SQLite database (SQLITE_NOTADB): point STORE_URL at another path, or move the file aside and start again (a new file is created)`,
  ],
  [
    'SQLITE_CANTOPEN',
    (p) => `${p} cannot be opened (SQLITE_CANTOPEN): check that its directory exists and the bot's user may create files in it`,
  ],
  ['SQLITE_PERM', (p) => `${p}: access denied (SQLITE_PERM): check the file's owner and permissions`],
  ['SQLITE_AUTH', (p) => `${p}: access denied (SQLITE_AUTH)`],
  ['EACCES', (p) => `cannot create the directory for ${p} (EACCES): create it and give the bot's user write access`],
  ['EROFS', (p) => `${p} is on a read-only file system (EROFS): point STORE_URL at a writable path`],
  ['ENOTDIR', (p) => `a part of ${p} is not a directory (ENOTDIR): point STORE_URL at another path`],
  ['EEXIST', (p) => `a part of ${p} is a file, not a directory (EEXIST): point STORE_URL at another path`],
]);

const codeOf = (error: unknown) => String((error as { code?: unknown })?.code ?? '');

/** One line on an SQLite failure: what it is and what to do. */
export function describeSqliteError(path: string, error: unknown): string {
  const code = codeOf(error);
  const unusable = UNUSABLE.get(code);
  if (unusable) return unusable(path);
  if (code === 'SQLITE_FULL')
    return `the disk holding ${path} is full, or the file reached its size limit (SQLITE_FULL): free space; meanwhile writes are kept in memory and tried again with growing pauses`;
  if (code === 'SQLITE_BUSY') return `${path} is locked by another process for too long (SQLITE_BUSY)`;
  return `${path}: ${(error as Error)?.message ?? String(error)}`;
}

/**
 * sqlite://path — one connection (through @keyv/sqlite, whose `keyv(key, value)` table and value
 * format it keeps, so files written by earlier versions are read as they are), write-ahead logging,
 * an index on expiry, and expired rows deleted at start and on `purge()`. The atomic operations
 * are single statements (INSERT … ON CONFLICT … WHERE … RETURNING), so two processes sharing the
 * file agree on who wrote first.
 */
export class SqliteBackend implements Backend {
  readonly kind = 'sqlite' as const;
  private connection: Connection | undefined;
  private opening: Promise<Connection> | undefined;

  constructor(
    private readonly path: string,
    private readonly options: SqliteOptions,
  ) {}

  private fail(error: unknown): Error {
    if (error instanceof StoreUnusableError) return error;
    if (UNUSABLE.has(codeOf(error))) return new StoreUnusableError(`STORE_URL: ${describeSqliteError(this.path, error)}`, { cause: error });
    return error as Error;
  }

  private async open(): Promise<Connection> {
    try {
      if (this.path !== ':memory:' && this.path !== '') mkdirSync(dirname(this.path), { recursive: true });
      const { default: KeyvSqlite } = await import('@keyv/sqlite');
      const adapter = new KeyvSqlite({ uri: `sqlite://${this.path}`, busyTimeout: this.options.busyTimeoutMs ?? 2000 });
      adapter.on('error', () => undefined); // the failure reaches us through the first query
      const connection: Connection = { query: adapter.query as Query, disconnect: () => adapter.disconnect() };
      try {
        const q = connection.query;
        // Write-ahead logging: readers do not wait for writers, and a write is one append (synchronous=NORMAL
        // is safe with WAL: a power cut can lose the last writes, never corrupt the file). The log is cut back
        // to 8 MiB after each checkpoint.
        await q('PRAGMA journal_mode=WAL');
        await q('PRAGMA synchronous=NORMAL');
        await q('PRAGMA journal_size_limit=8388608');
        for (const pragma of this.options.pragmas ?? []) await q(`PRAGMA ${pragma}`);
        const check = await q('PRAGMA quick_check(1)');
        const verdict = String(Object.values(check[0] ?? {})[0] ?? '');
        if (verdict !== 'ok') throw Object.assign(new Error(verdict), { code: 'SQLITE_CORRUPT' });
        await q(`CREATE INDEX IF NOT EXISTS keyv_expires ON keyv${EXPIRES}`);
        await this.probeWith(q);
        return connection;
      } catch (error) {
        await connection.disconnect().catch(() => undefined);
        throw error;
      }
    } catch (error) {
      throw this.fail(error);
    }
  }

  private async db(): Promise<Query> {
    if (this.connection) return this.connection.query;
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    this.connection = await this.opening;
    return this.connection.query;
  }

  async connect(): Promise<void> {
    await this.db();
    await this.purge();
  }

  private full = (namespace: string, key: string) => `${namespace}:${key}`;

  async get(namespace: string, key: string): Promise<string | undefined> {
    const rows = await (await this.db())('SELECT value FROM keyv WHERE key = ?', this.full(namespace, key));
    const value = rows[0]?.value;
    return typeof value === 'string' ? value : undefined;
  }

  async set(namespace: string, key: string, raw: string): Promise<void> {
    await (
      await this.db()
    )('INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', this.full(namespace, key), raw);
  }

  async delete(namespace: string, key: string): Promise<void> {
    await (
      await this.db()
    )('DELETE FROM keyv WHERE key = ?', this.full(namespace, key));
  }

  async insert(namespace: string, key: string, raw: string): Promise<boolean> {
    return this.upsertIf(namespace, key, raw, false);
  }

  /**
   * Writes when the key is absent or expired (with `orSame`, also when it already holds `raw`): one
   * statement, so one winner across processes.
   */
  private async upsertIf(namespace: string, key: string, raw: string, orSame: boolean): Promise<boolean> {
    const rows = await (
      await this.db()
    )(
      `INSERT INTO keyv (key, value) VALUES (?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value
       WHERE (CASE WHEN json_valid(keyv.value) THEN json_extract(keyv.value, '$.expires') END) <= ?${orSame ? ' OR keyv.value = excluded.value' : ''}
       RETURNING key`,
      this.full(namespace, key),
      raw,
      this.options.now(),
    );
    return rows.length > 0;
  }

  async swap(namespace: string, key: string, expected: string | undefined, next: string | undefined): Promise<boolean> {
    const q = await this.db();
    const full = this.full(namespace, key);
    if (next !== undefined) {
      if (expected === undefined) return this.upsertIf(namespace, key, next, true);
      const rows = await q(
        'UPDATE keyv SET value = ? WHERE key = ? AND (value = ? OR value = ?) RETURNING key',
        next,
        full,
        expected,
        next,
      );
      return rows.length > 0;
    }
    if (expected !== undefined) {
      const rows = await q(
        `DELETE FROM keyv WHERE key = ? AND (value = ? OR ${EXPIRES} <= ?) RETURNING key`,
        full,
        expected,
        this.options.now(),
      );
      if (rows.length > 0) return true;
    }
    const left = await q(`SELECT 1 AS present FROM keyv WHERE key = ? AND NOT coalesce(${EXPIRES} <= ?, 0)`, full, this.options.now());
    return left.length === 0;
  }

  private probeWith(q: Query) {
    const now = this.options.now();
    return q(
      'INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      'ftcost:probe',
      encode(now, now + 60_000),
    );
  }

  async probe(): Promise<void> {
    await this.probeWith(await this.db());
  }

  async purge(): Promise<number> {
    const q = await this.db();
    let total = 0;
    for (;;) {
      const rows = await q(
        `DELETE FROM keyv WHERE rowid IN (SELECT rowid FROM keyv WHERE ${EXPIRES} <= ? LIMIT ${PURGE_BATCH}) RETURNING 1 AS gone`,
        this.options.now(),
      );
      total += rows.length;
      if (rows.length < PURGE_BATCH) return total;
    }
  }

  async close(): Promise<void> {
    const connection = this.connection ?? (await this.opening?.catch(() => undefined));
    this.connection = undefined;
    await connection?.disconnect().catch(() => undefined);
  }
}
