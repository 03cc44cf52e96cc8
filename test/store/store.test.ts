import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { REDIS_URL, redisReachable } from '../support/redis.js';

const redisUp = await redisReachable();
if (!redisUp) console.warn(`[store tests] no Redis answers at ${REDIS_URL}: the Redis store contract is skipped (set REDIS_URL to run it)`);

const run = Math.random().toString(36).slice(2);
const backends: Array<[string, () => Promise<Store>, boolean]> = [
  ['memory', () => createStore('memory://'), true],
  ['sqlite', () => createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'ftcost-store-')), 'sub', 'state.sqlite')}`), true],
  ['redis', () => createStore(REDIS_URL), redisUp],
];

const opened: Store[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

describe.each(backends)('the store contract on %s', (_name, open, enabled) => {
  it.skipIf(!enabled)('sets, gets, overwrites and deletes JSON values per namespace', async () => {
    const store = await open();
    opened.push(store);
    const pins = store.ns<{ messageId: string; inputs: number[] }>('pins');
    const settings = store.ns<{ provider: string }>('settings');
    const key = `T1:C1:${run}`;
    expect(await pins.get(key)).toBeUndefined();
    await pins.set(key, { messageId: 'm1', inputs: [1, 2] });
    await settings.set(key, { provider: 'runpod' });
    expect(await pins.get(key)).toEqual({ messageId: 'm1', inputs: [1, 2] });
    expect(await settings.get(key)).toEqual({ provider: 'runpod' });
    await pins.set(key, { messageId: 'm2', inputs: [] });
    expect(await pins.get(key)).toEqual({ messageId: 'm2', inputs: [] });
    await pins.delete(key);
    expect(await pins.get(key)).toBeUndefined();
    expect(await settings.get(key)).toEqual({ provider: 'runpod' }); // namespaces are separate
    expect(store.healthy()).toBe(true);
  });

  it.skipIf(!enabled)('expires values after their time to live', async () => {
    const store = await open();
    opened.push(store);
    const context = store.ns<string>('context');
    await context.set(`ttl:${run}`, 'x', 50);
    expect(await context.get(`ttl:${run}`)).toBe('x');
    await new Promise((r) => setTimeout(r, 120));
    expect(await context.get(`ttl:${run}`)).toBeUndefined();
  });

  it.skipIf(!enabled || _name !== 'redis')('a second process sees what the first wrote (state survives a restart)', async () => {
    const first = await open();
    const key = `restart:${run}`;
    await first.ns<{ messageId: string }>('pins').set(key, { messageId: 'pinned-1' });
    await first.close();
    const second = await open();
    opened.push(second);
    expect(await second.ns<{ messageId: string }>('pins').get(key)).toEqual({ messageId: 'pinned-1' });
  });
});

describe('resilience', () => {
  it('sqlite: a re-opened file finds the pins written before', async () => {
    const url = `sqlite://${join(mkdtempSync(join(tmpdir(), 'ftcost-restart-')), 'state.sqlite')}`;
    const a = await createStore(url);
    await a.ns<{ messageId: string }>('pins').set('T:C', { messageId: 'p1' });
    await a.close();
    const b = await createStore(url);
    opened.push(b);
    expect(await b.ns<{ messageId: string }>('pins').get('T:C')).toEqual({ messageId: 'p1' });
  });

  it('an unreachable Redis: every operation still answers (from memory), and the outage is logged once', async () => {
    const lines: string[] = [];
    const store = await createStore('redis://127.0.0.1:1', { logger: createLogger({ write: (l) => lines.push(l) }), timeoutMs: 300 });
    opened.push(store);
    const context = store.ns<{ model: string }>('context');
    await context.set('u1', { model: 'llama-3.1-70b' });
    expect(await context.get('u1')).toEqual({ model: 'llama-3.1-70b' });
    await context.set('u2', { model: 'llama-3.1-8b' });
    expect(await context.get('u2')).toEqual({ model: 'llama-3.1-8b' });
    expect(store.healthy()).toBe(false);
    expect(lines.filter((l) => l.includes('store unavailable'))).toHaveLength(1);
  });

  it('an unsupported URL is a clear error', async () => {
    await expect(createStore('mysql://x')).rejects.toThrow(/STORE_URL: unsupported scheme/);
  });
});

describe.each(backends)('claim on %s', (_name, open, enabled) => {
  it.skipIf(!enabled)('the first claim of a key wins, later ones lose until it expires', async () => {
    const store = await open();
    opened.push(store);
    const key = `Ev${run}`;
    expect(await store.claim('events', key, 60_000)).toBe(true);
    expect(await store.claim('events', key, 60_000)).toBe(false);
    expect(await store.claim('events', `${key}-other`, 60_000)).toBe(true);
  });

  it.skipIf(!enabled || _name !== 'redis')('two instances sharing Redis agree on who claimed an event first', async () => {
    const [a, b] = [await open(), await open()];
    opened.push(a, b);
    const key = `Shared${run}`;
    const results = await Promise.all([
      a.claim('events', key, 60_000),
      b.claim('events', key, 60_000),
      a.claim('events', key, 60_000),
      b.claim('events', key, 60_000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
