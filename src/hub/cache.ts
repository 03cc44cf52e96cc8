import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where resolved Hub shapes are kept between requests. A Keyv store satisfies it as it is (the bot's
 * store: `get(key)`, `set(key, value, ttlMs)`); the command line uses {@link DiskCache}.
 */
export interface ShapeCache {
  get(key: string): Promise<unknown> | unknown;
  set(key: string, value: unknown, ttlMs?: number): Promise<unknown> | unknown;
}

/** A day: configs of a branch rarely change, and a stale shape only shifts an estimate. */
export const DEFAULT_TTL_MS = 24 * 3600 * 1000;

interface Entry {
  key: string;
  expiresAt: number;
  value: unknown;
}

/** One small JSON file per key; unreadable, expired or foreign files are misses, write failures are ignored. */
export class DiskCache implements ShapeCache {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private file(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }

  async get(key: string): Promise<unknown> {
    const file = this.file(key);
    let entry: Entry;
    try {
      entry = JSON.parse(await readFile(file, 'utf8')) as Entry;
    } catch {
      return undefined;
    }
    if (entry?.key !== key || typeof entry.expiresAt !== 'number') return undefined;
    if (entry.expiresAt <= this.now()) {
      await unlink(file).catch(() => undefined);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: unknown, ttlMs = DEFAULT_TTL_MS): Promise<boolean> {
    const file = this.file(key);
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temporary, JSON.stringify({ key, expiresAt: this.now() + ttlMs, value } satisfies Entry));
      await rename(temporary, file);
      return true;
    } catch {
      await unlink(temporary).catch(() => undefined);
      return false;
    }
  }
}

/** The command line's cache folder: FTCOST_CACHE_DIR, else $XDG_CACHE_HOME/ftcost/hub, else ~/.cache/ftcost/hub. */
export function defaultCacheDir(env: Record<string, string | undefined>): string {
  if (env.FTCOST_CACHE_DIR) return join(env.FTCOST_CACHE_DIR, 'hub');
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'ftcost', 'hub');
}
