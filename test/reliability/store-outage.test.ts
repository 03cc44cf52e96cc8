import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type PinRecord } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { createIntentParser } from '../../src/intent/index.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { freePort, runNode, sleep, until } from '../support/processes.js';
import { readSqliteValue, sqliteQuery } from '../support/store-files.js';
import { redisReachable } from '../support/redis.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) console.warn('[store outage] redis-server is not installed: the Redis kill-and-restart test is skipped');

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftcost-outage-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const logsOf = () => {
  const lines: string[] = [];
  return {
    lines,
    logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
    count: (text: string) => lines.filter((l) => l.includes(text)).length,
  };
};
const pin = (messageId: string): PinRecord => ({
  messageId,
  platform: 'slack',
  slots: {} as PinRecord['slots'],
  pricesAsOf: '2026-01',
  settingsHash: 'h',
  updatedAt: 1,
});

describe('Redis killed under traffic and restarted (a redis-server of our own)', () => {
  let dir: string;
  let port: number;
  let server: ChildProcess | undefined;
  const startRedis = async () => {
    // Append-only with fsync on every write: the state written before the kill is there after the restart.
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
      {
        stdio: 'ignore',
      },
    );
    await until(() => redisReachable(`redis://127.0.0.1:${port}`), 'redis-server to start');
  };
  const killRedis = async () => {
    const exited = new Promise((r) => server?.once('exit', r));
    server?.kill('SIGKILL');
    await exited;
  };
  beforeAll(async () => {
    if (!hasRedisServer) return;
    dir = tempDir();
    port = await freePort();
    await startRedis();
  });
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) await killRedis();
  });

  it.skipIf(!hasRedisServer)(
    'every message is answered; the write-back overwrites no setting written before or meanwhile, and adds no second pin record',
    async () => {
      const url = `redis://127.0.0.1:${port}`;
      const a = logsOf();
      // Instance A: the one that lives through the outage (first retry after 1.5 s, so B recovers first).
      const storeA = await createStore(url, { timeoutMs: 300, retryAfterMs: 1500, logger: a.logger });
      // Instance B: another bot process sharing the Redis, quick to recover.
      const storeB = await createStore(url, { timeoutMs: 300, retryAfterMs: 100 });
      await Promise.all([storeA.connect(), storeB.connect()]);
      const botA = createBot({ store: storeA, parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
      const botB = createBot({ store: storeB, parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
      const at = (channel: string) => ({ platform: 'slack' as const, workspace: 'T1', channel });
      const admin = { user: 'UADMIN', admin: true };
      const settingsOf = async (store: Store, channel: string) => store.ns<Record<string, unknown>>('settings').get(`slack:T1:${channel}`);

      // Before: B sets providers in X, Y, Z and pins in P, Q. A reads only Y and Q.
      for (const [channel, provider] of [
        ['CX', 'lambda'],
        ['CY', 'runpod'],
        ['CZ', 'aws'],
      ] as const)
        expect((await botB.handle({ ...at(channel), ...admin, text: `set default provider to ${provider}` })).kind).toBe('settings');
      await storeB.ns<PinRecord>('pins').set('slack:T1:CP', pin('1700000000.000001'));
      await storeB.ns<PinRecord>('pins').set('slack:T1:CQ', pin('1700000000.000002'));
      expect(await settingsOf(storeA, 'CY')).toMatchObject({ provider: 'runpod' });
      expect((await storeA.ns<PinRecord>('pins').get('slack:T1:CQ'))?.messageId).toBe('1700000000.000002');

      // Traffic on A all along: an estimate every 15 ms from a new user.
      const replies: string[] = [];
      let sent = 0;
      let traffic = true;
      const flow = (async () => {
        while (traffic) {
          sent += 1;
          replies.push((await botA.handle({ ...at('CTRAFFIC'), user: `U${sent}`, text: 'qlora 70b 10k 3' })).kind);
          await sleep(15);
        }
      })();
      await sleep(200);

      await killRedis();
      await until(() => !storeA.ready(), 'A to notice the outage');
      // During the outage, on A: settings changed in X, Z (never read by A) and Y (read); first pins claimed.
      for (const channel of ['CX', 'CY', 'CZ'])
        expect((await botA.handle({ ...at(channel), ...admin, text: 'set engineering rate to $150' })).kind).toBe('settings');
      expect(await storeA.ns<PinRecord>('pins').setIfAbsent('slack:T1:CQ', pin('A-second-Q'))).toBe(false); // known: refused
      expect(await storeA.ns<PinRecord>('pins').setIfAbsent('slack:T1:CP', pin('A-second-P'))).toBe(true); // unknown to A: kept for the write-back
      await sleep(300);

      await startRedis();
      await until(() => storeB.ready(), 'B to reconnect', 10_000);
      expect(storeA.ready()).toBe(false); // B writes while A is still away
      expect((await botB.handle({ ...at('CX'), ...admin, text: 'set engineering rate to $222' })).kind).toBe('settings');

      await until(() => storeA.ready() && storeA.status().pendingWrites === 0, 'A to recover and write back', 15_000);
      await sleep(200);
      traffic = false;
      await flow;

      expect(replies.length).toBe(sent);
      expect(replies.filter((k) => k !== 'estimate')).toEqual([]); // every message answered, during the outage too
      // X: B's change made meanwhile is kept; Z: the provider set before the outage is kept (A never knew it);
      // Y: A knew what was there, nobody changed it, so A's change is written back.
      expect(await settingsOf(storeB, 'CX')).toEqual({ provider: 'lambda', prices: {}, hourlyRate: 222 });
      expect(await settingsOf(storeB, 'CZ')).toMatchObject({ provider: 'aws' });
      expect(await settingsOf(storeB, 'CY')).toMatchObject({ provider: 'runpod', hourlyRate: 150 });
      // One pin record per channel: the ones written before, untouched.
      expect((await storeB.ns<PinRecord>('pins').get('slack:T1:CP'))?.messageId).toBe('1700000000.000001');
      expect((await storeB.ns<PinRecord>('pins').get('slack:T1:CQ'))?.messageId).toBe('1700000000.000002');
      expect(await storeA.ns<PinRecord>('pins').setIfAbsent('slack:T1:CP', pin('A-again'))).toBe(false);
      // A reads the store again after recovery, not its outage copy.
      expect(JSON.stringify(await botA.handle({ ...at('CX'), user: 'U1', text: 'show settings' }))).toContain('$222/h');
      // The outage was logged once, the recovery once; the refused write-backs name their keys.
      expect(a.count('store unavailable')).toBe(1);
      expect(a.count('store recovered')).toBe(1);
      const conflicts = a.lines.filter((l) => l.includes('outage write not written back'));
      expect(conflicts.some((l) => l.includes('slack:T1:CX'))).toBe(true);
      expect(conflicts.some((l) => l.includes('slack:T1:CZ'))).toBe(true);
      expect(conflicts.some((l) => l.includes('slack:T1:CP'))).toBe(true);
      await storeA.close();
      await storeB.close();
    },
    30_000,
  );

  it.skipIf(!hasRedisServer)('a cold start: claims made before the connection is up are settled by Redis, never by memory', async () => {
    const url = `redis://127.0.0.1:${port}`;
    const logs = logsOf();
    // Two instances starting at once, traffic arriving before either has connected.
    const [a, b] = await Promise.all([createStore(url, { logger: logs.logger }), createStore(url, { logger: logs.logger })]);
    const ids = Array.from({ length: 20 }, (_, i) => `slack:cold-${Date.now()}-${i}`);
    const results = await Promise.all(ids.flatMap((id) => [a.claim('events', id, 60_000), b.claim('events', id, 60_000)]));
    for (let i = 0; i < ids.length; i += 1) expect(Number(results[2 * i]) + Number(results[2 * i + 1])).toBe(1);
    expect(logs.count('store unavailable')).toBe(0);
    await a.close();
    await b.close();
  });
});

describe('SQLite with a full disk (the file held at its page limit, as a full disk does: SQLITE_FULL)', () => {
  it('goes down once, does not flip up and down while full, and writes back what was kept once space is freed', async () => {
    const file = join(tempDir(), 'full.sqlite');
    const logs = logsOf();
    const store = await createStore(`sqlite://${file}`, {
      logger: logs.logger,
      sqlitePragmas: ['max_page_count = 60'],
      retryAfterMs: 50,
      maxRetryAfterMs: 200,
    });
    await store.connect();
    const cache = store.ns<string>('cache');
    const filler = 'x'.repeat(3000);
    for (let i = 0; store.ready() && i < 200; i += 1) await cache.set(`filler-${i}`, filler);
    expect(store.ready()).toBe(false);
    expect(store.status().reason).toMatch(/SQLITE_FULL.*free space/);

    // Two seconds of traffic while full: reads and writes answer from memory; no flapping.
    const started = Date.now();
    let i = 0;
    while (Date.now() - started < 2000) {
      await store.ns<{ n: number }>('settings').set(`slack:T1:C${i % 5}`, { n: i });
      expect(await store.ns<{ n: number }>('settings').get(`slack:T1:C${i % 5}`)).toEqual({ n: i });
      i += 1;
      await sleep(10);
    }
    expect(logs.count('store unavailable')).toBe(1);
    expect(logs.count('store recovered')).toBe(0);

    await sqliteQuery(file, "DELETE FROM keyv WHERE key LIKE 'cache:filler-%'"); // space freed
    await until(() => store.ready() && store.status().pendingWrites === 0, 'the recovery and write-back', 10_000);
    expect(logs.count('store recovered')).toBe(1);
    await store.close();
    for (let c = 0; c < 5; c += 1) {
      const last = [...Array(i).keys()].filter((n) => n % 5 === c).at(-1);
      expect(await readSqliteValue(file, `settings:slack:T1:C${c}`)).toEqual({ n: last });
    }
  });
});

describe('an unusable SQLite file at start: the program says what and what to do, and exits 2', () => {
  it('a file that is not a database', async () => {
    const file = join(tempDir(), 'corrupt.sqlite');
    writeFileSync(file, 'not a database, '.repeat(512));
    const proc = runNode('dist/src/main.js', { STORE_URL: `sqlite://${file}` });
    expect(await proc.exit).toBe(2);
    expect(proc.output()).toMatch(
      /ftcost: STORE_URL: .*corrupt\.sqlite is not an SQLite database \(SQLITE_NOTADB\): .*move the file aside/,
    );
  });

  it('a read-only file', async () => {
    const dir = tempDir();
    const file = join(dir, 'readonly.sqlite');
    const seed = await createStore(`sqlite://${file}`);
    await seed.connect();
    await seed.ns('settings').set('slack:T1', { provider: 'lambda' });
    await seed.close();
    chmodSync(file, 0o444);
    chmodSync(dir, 0o555);
    // root writes anyway: run the program as nobody then.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    const proc = runNode('dist/src/main.js', { STORE_URL: `sqlite://${file}` }, asNobody);
    const code = await proc.exit;
    chmodSync(dir, 0o755);
    expect(code).toBe(2);
    expect(proc.output()).toMatch(/ftcost: STORE_URL: .*readonly\.sqlite (is read-only|cannot be opened)/);
  });
});
