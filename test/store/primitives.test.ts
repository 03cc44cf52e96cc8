import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/index.js';
import { runNode } from '../support/processes.js';
import { REDIS_URL, redisReachable } from '../support/redis.js';
import { sqliteQuery } from '../support/store-files.js';

const redisUp = await redisReachable();
if (!redisUp) console.warn(`[store primitives] no Redis at ${REDIS_URL}: the Redis cases are skipped (set REDIS_URL to run them)`);

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const dirs: string[] = [];
const opened: Store[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftcost-primitives-'));
  dirs.push(dir);
  return join(dir, 'state.sqlite');
};
const redisDb = `${REDIS_URL.replace(/\/\d*$/, '')}/8`;
const open = async (url: string, options = {}) => {
  const store = await createStore(url, { timeoutMs: 5000, ...options });
  opened.push(store);
  await store.connect();
  return store;
};

/** Two instances sharing one backing store (on memory://, one store: there is nothing to share). */
const pairs: Array<[string, () => Promise<[Store, Store]>, boolean]> = [
  [
    'memory',
    async () => {
      const s = await open('memory://');
      return [s, s];
    },
    true,
  ],
  [
    'sqlite (two connections to one file)',
    async () => {
      const file = tempFile();
      return [await open(`sqlite://${file}`), await open(`sqlite://${file}`)];
    },
    true,
  ],
  ['redis (two clients)', async () => [await open(redisDb), await open(redisDb)], redisUp],
];

describe.each(pairs)('store primitives on %s', (_name, pair, enabled) => {
  it.skipIf(!enabled)('setIfAbsent: 300 simultaneous calls over two instances, exactly one wins, and its value stays', async () => {
    const [a, b] = await pair();
    const key = `first-pin:${run}`;
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).ns<{ by: number }>('pins').setIfAbsent(key, { by: i }, 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await a.ns('pins').get(key)).toEqual({ by: winner });
    expect(await b.ns('pins').get(key)).toEqual({ by: winner });
    expect(await a.ns('pins').setIfAbsent(key, { by: -1 })).toBe(false);
  });

  it.skipIf(!enabled)('setIfAbsent writes again once the value has expired', async () => {
    const [a, b] = await pair();
    const key = `expiring:${run}`;
    expect(await a.ns('pins').setIfAbsent(key, 'one', 80)).toBe(true);
    expect(await b.ns('pins').setIfAbsent(key, 'two', 80)).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    expect(await b.ns('pins').setIfAbsent(key, 'three', 80)).toBe(true);
    expect(await a.ns('pins').get(key)).toBe('three');
  });

  it.skipIf(!enabled)('lock: 300 simultaneous calls over two instances, one holder; after release the next may take it', async () => {
    const [a, b] = await pair();
    const key = `C-lock:${run}`;
    const locks = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).lock('pins', key, 10_000)));
    const held = locks.filter((l) => l !== undefined);
    expect(held).toHaveLength(1);
    expect(await a.lock('pins', key, 10_000)).toBeUndefined();
    await held[0]!.release();
    await held[0]!.release(); // twice is harmless
    const next = await b.lock('pins', key, 10_000);
    expect(next).toBeDefined();
    await next!.release();
  });

  it.skipIf(!enabled)('an expired lock is free again, and its late release() does not free the new holder', async () => {
    const [a, b] = await pair();
    const key = `C-expiry:${run}`;
    const first = await a.lock('pins', key, 100);
    expect(first).toBeDefined();
    await new Promise((r) => setTimeout(r, 180));
    const second = await b.lock('pins', key, 10_000);
    expect(second).toBeDefined();
    await first!.release(); // compare-and-delete: not its lock any more
    expect(await a.lock('pins', key, 10_000)).toBeUndefined();
    expect(await b.lock('pins', key, 10_000)).toBeUndefined();
    await second!.release();
  });

  it.skipIf(!enabled)('claim: 300 simultaneous claims of one event id over two instances, one wins', async () => {
    const [a, b] = await pair();
    const key = `slack:Ev-${run}`;
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).claim('events', key, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('two processes racing for the same keys (the built store; 50 keys, 10 simultaneous calls per key in each)', () => {
  const race = async (url: string, op: string, hold = '2500') => {
    const startAt = String(Date.now() + 2500);
    const prefix = `${op}-${run}-${Math.random().toString(36).slice(2, 6)}`;
    const env = { STORE_URL: url, OP: op, KEYS: '50', CALLS: '10', PREFIX: prefix, START_AT: startAt, HOLD_MS: hold };
    const procs = [runNode('test/support/store-worker.mjs', env), runNode('test/support/store-worker.mjs', env)];
    const codes = await Promise.all(procs.map((p) => p.exit));
    for (const [i, p] of procs.entries()) expect(codes[i], p.output()).toBe(0);
    const outcomes = procs.map((p) => JSON.parse(p.output().trim().split('\n').at(-1)!) as { late: boolean; wins: number[] });
    expect(outcomes.map((o) => o.late)).toEqual([false, false]); // both fired at the agreed moment
    return outcomes[0]!.wins.map((w, i) => w + outcomes[1]!.wins[i]!);
  };

  it.each(['lock', 'setIfAbsent', 'claim'])('SQLite file: %s has exactly one winner per key', async (op) => {
    expect(await race(`sqlite://${tempFile()}`, op)).toEqual(Array(50).fill(1));
  });

  it.skipIf(!redisUp).each(['lock', 'setIfAbsent', 'claim'])('Redis: %s has exactly one winner per key', async (op) => {
    expect(await race(redisDb, op)).toEqual(Array(50).fill(1));
  });
});

describe('bounded state', () => {
  it('memory://: past its size cap the least recently used go, the recent stay (50,000 new conversations)', async () => {
    const store = await open('memory://', { memoryMaxBytes: 256 * 1024 });
    const context = store.ns<{ slots: string }>('context');
    await context.set('kept-warm', { slots: 'x' }, 86_400_000);
    for (let i = 0; i < 50_000; i += 1) {
      await context.set(`user-${i}`, { slots: 'y'.repeat(200) }, 86_400_000);
      if (i % 500 === 0) await context.get('kept-warm'); // recently used: stays
    }
    expect(await context.get('user-0')).toBeUndefined();
    expect(await context.get('user-49999')).toEqual({ slots: 'y'.repeat(200) });
    expect(await context.get('kept-warm')).toEqual({ slots: 'x' });
  });

  it('memory://: entries expire after their time to live', async () => {
    const store = await open('memory://');
    await store.ns('context').set('short', 1, 40);
    await new Promise((r) => setTimeout(r, 80));
    expect(await store.ns('context').get('short')).toBeUndefined();
  });

  it('SQLite: expired rows are deleted at start and on the purge schedule', async () => {
    const file = tempFile();
    let now = Date.now();
    const first = await open(`sqlite://${file}`, { now: () => now });
    for (let i = 0; i < 500; i += 1) await first.ns('context').set(`c${i}`, { i }, 60_000);
    await first.ns('settings').set('kept', { provider: 'lambda' });
    await first.close();
    const rows = async () => Number((await sqliteQuery(file, "SELECT count(*) AS n FROM keyv WHERE key LIKE 'context:%'"))[0]!.n);
    expect(await rows()).toBe(500);
    now += 120_000; // two minutes on: all expired
    const second = await open(`sqlite://${file}`, { now: () => now, purgeIntervalMs: 50 });
    expect(await rows()).toBe(0); // purged at start
    for (let i = 0; i < 100; i += 1) await second.ns('context').set(`d${i}`, { i }, 60_000);
    now += 120_000;
    await new Promise((r) => setTimeout(r, 300)); // a few purge rounds
    expect(await rows()).toBe(0); // purged on schedule
    expect(await second.ns('settings').get('kept')).toEqual({ provider: 'lambda' });
  });
});

describe('files and databases written by earlier versions (keyv 5) are read as they are', () => {
  it('SQLite: a value keyv wrote (with a ":" string and an expiry) reads back; ours reads back in keyv', async () => {
    const file = tempFile();
    const old = new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${file}` }), namespace: 'pins' });
    await old.set('slack:T1:C1', { messageId: ':1700000000.000100', slots: { model: '70b' } });
    await old.set('slack:T1:C2', { messageId: 'soon gone' }, 50);
    await (old.opts.store as { disconnect(): Promise<void> }).disconnect();
    await new Promise((r) => setTimeout(r, 80));
    const store = await open(`sqlite://${file}`);
    expect(await store.ns('pins').get('slack:T1:C1')).toEqual({ messageId: ':1700000000.000100', slots: { model: '70b' } });
    expect(await store.ns('pins').get('slack:T1:C2')).toBeUndefined();
    await store.ns('settings').set('slack:T1', { provider: ':odd' });
    await store.close();
    const reader = new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${file}` }), namespace: 'settings' });
    expect(await reader.get('slack:T1')).toEqual({ provider: ':odd' });
    await (reader.opts.store as { disconnect(): Promise<void> }).disconnect();
  });

  it.skipIf(!redisUp)('Redis: a value keyv wrote reads back; ours reads back in keyv', async () => {
    const old = new Keyv({ store: new KeyvRedis(redisDb, { namespace: 'pins' }), namespace: 'pins', useKeyPrefix: false });
    await old.set(`slack:T1:${run}`, { messageId: ':1700000000.000200' });
    const store = await open(redisDb);
    expect(await store.ns('pins').get(`slack:T1:${run}`)).toEqual({ messageId: ':1700000000.000200' });
    await store.ns('pins').set(`slack:T2:${run}`, { messageId: 'ours' }, 60_000);
    expect(await old.get(`slack:T2:${run}`)).toEqual({ messageId: 'ours' });
    await old.disconnect();
  });
});

describe('values survive the trip through the store unchanged (property)', () => {
  it('any JSON value, strings starting with ":" included', async () => {
    const store = await open(`sqlite://${tempFile()}`);
    const kv = store.ns<unknown>('cache');
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const normalized = JSON.parse(JSON.stringify(value)) as unknown; // -0 becomes 0, as in any JSON store
        await kv.set('p', normalized);
        expect(await kv.get('p')).toEqual(normalized);
      }),
      { numRuns: 150 },
    );
  });
});
