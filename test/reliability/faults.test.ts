import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordBot, type RunningDiscordBot } from '../../src/adapters/discord/client.js';
import { startSlackApp, type RunningSlackApp } from '../../src/adapters/slack/app.js';
import { safeRetryConfig, surelyNotSent } from '../../src/adapters/slack/retry.js';
import { createBot, type Bot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { createIntentParser, LlmParser } from '../../src/intent/index.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { IDS, startFakeDiscord } from '../support/fake-discord.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { startFakeSlack, slackSignature } from '../support/fake-slack.js';
import { REDIS_URL, redisReachable } from '../support/redis.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
};
const botOn = (store: Store, parser = createIntentParser()) => createBot({ store, parser, cooldown: new Cooldown(1e6, 1e6) });
const where = { platform: 'slack' as const, workspace: 'T1', channel: 'CFAULT' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const redisUp = await redisReachable();
if (!hasRedisServer) console.warn('[fault tests] redis-server is not installed: the Redis outage test is skipped');

describe('the store goes away and comes back (a Redis server of our own, stopped and restarted)', () => {
  let dir: string;
  let port: number;
  let server: ChildProcess | undefined;
  const startRedis = async () => {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
      { stdio: 'ignore' },
    );
    await until(() => redisReachable(`redis://127.0.0.1:${port}`), 'redis-server to start');
  };
  const stopRedis = async () => {
    const exited = new Promise((r) => server?.once('exit', r));
    server?.kill('SIGKILL');
    await exited;
  };
  beforeAll(async () => {
    if (!hasRedisServer) return;
    dir = mkdtempSync(join(tmpdir(), 'ftcost-redis-'));
    port = await freePort();
    await startRedis();
  });
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) await stopRedis();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasRedisServer)(
    'keeps answering during the outage; pins and settings written before it are intact afterwards, also for a new process',
    async () => {
      const logs: string[] = [];
      const store = await createStore(`redis://127.0.0.1:${port}`, {
        timeoutMs: 300,
        retryAfterMs: 200,
        logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
      });
      const bot = botOn(store);
      const changed = await bot.handle({ ...where, user: 'UADMIN', admin: true, text: 'set default provider to lambda' });
      expect(changed.kind).toBe('settings');
      await bot.recordPin(where, '1700000000.000100', {
        ...(await bot.handle({ ...where, user: 'U1', text: 'pin 70b 10k 3' })).pin!.slots,
      });

      await stopRedis();
      const during = await bot.handle({ ...where, user: 'U1', text: 'qlora 70b 10k 3' });
      expect(during.kind).toBe('estimate');
      expect(JSON.stringify(await bot.handle({ ...where, user: 'U1', text: 'show settings' }))).toMatch(/lambda/i); // still known
      expect((await bot.pinnedIn(where))?.messageId).toBe('1700000000.000100');
      expect(store.healthy()).toBe(false);
      expect(logs.filter((l) => l.includes('store unavailable'))).toHaveLength(1);
      // A change made during the outage is kept in memory and written back on recovery.
      expect((await bot.handle({ ...where, user: 'UADMIN', admin: true, text: 'set engineering rate to $180' })).kind).toBe('settings');

      await startRedis();
      await until(async () => {
        await bot.handle({ ...where, user: 'U1', text: 'lora 8b 10k 3' });
        return store.healthy();
      }, 'the store to recover');
      await until(() => logs.some((l) => l.includes('store recovered')), 'the write-back');
      await sleep(300);
      await store.close();

      // A restarted process reads the state back from Redis.
      const fresh = await createStore(`redis://127.0.0.1:${port}`);
      const again = botOn(fresh);
      expect((await again.pinnedIn(where))?.messageId).toBe('1700000000.000100');
      const settings = await again.handle({ ...where, user: 'U1', text: 'show settings' });
      expect(JSON.stringify(settings)).toMatch(/lambda/i);
      expect(JSON.stringify(settings)).toContain('$180/h');
      const pin = await again.handle({ ...where, user: 'UADMIN', admin: true, text: 'pin 8b 10k 3' });
      expect(pin.pin?.existingMessageId).toBe('1700000000.000100'); // the living pin is updated, not duplicated
      await fresh.close();
    },
  );
});

describe('a restart finds the pinned comparison again', () => {
  const pinAndRestart = async (url: string) => {
    // A channel of its own, so that state left by an earlier run cannot answer for this one.
    const channel = `CRESTART-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const first = await createStore(url);
    const bot = botOn(first);
    const reply = await bot.handle({ ...where, channel, user: 'U1', text: 'pin compare 70b 10k 3' });
    await bot.recordPin({ ...where, channel }, '1700000001.000200', reply.pin!.slots);
    await first.close();
    const second = await createStore(url);
    const restarted = botOn(second);
    const again = await restarted.handle({ ...where, channel, user: 'UADMIN', admin: true, text: 'pin 8b 10k 3' });
    await second.close();
    return again.pin?.existingMessageId;
  };

  it('SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftcost-sqlite-'));
    expect(await pinAndRestart(`sqlite://${join(dir, 'state.sqlite')}`)).toBe('1700000001.000200');
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!redisUp)('Redis', async () => {
    const url = `${REDIS_URL.replace(/\/\d*$/, '')}/5`;
    expect(await pinAndRestart(url)).toBe('1700000001.000200');
  });

  it('a wrong store URL: the bot still answers, from memory', async () => {
    const store = await createStore('redis://127.0.0.1:1', { timeoutMs: 200 });
    const reply = await botOn(store).handle({ ...where, user: 'U1', text: 'qlora 70b 10k 3' });
    expect(reply.kind).toBe('estimate');
    await store.close();
  });
});

describe('the LLM endpoint down, slow or talking nonsense', () => {
  it('answers come from the deterministic parser, and once the breaker is open no request waits for the endpoint', async () => {
    const fake = await startFakeOpenAI();
    const store = await createStore('memory://');
    const llm = new LlmParser({
      baseUrl: fake.baseUrl,
      apiKey: 'sk-fault',
      model: 'fake',
      timeoutMs: 300,
      breakerThreshold: 2,
      breakerCooldownMs: 60_000,
    });
    const bot = botOn(store, createIntentParser({ llm }));
    fake.fallback = { kind: 'hang' };
    // Prose, not the slash form: the slash form is read by the rules alone and never waits for an LLM.
    expect(
      (
        await bot.handle({
          ...where,
          user: 'U1',
          text: 'could you ballpark what qlora on the 70b would run us with 10k examples and 3 epochs',
        })
      ).kind,
    ).toBe('estimate');
    fake.fallback = { kind: 'raw', content: 'ceci n’est pas du JSON' };
    expect(
      (await bot.handle({ ...where, user: 'U2', text: 'how do the three methods stack up against each other on the 8b with 20k examples' }))
        .kind,
    ).toBe('compare');
    expect(llm.breaker.open).toBe(true);
    const calls = fake.requests.length;
    fake.fallback = { kind: 'hang' };
    for (const text of ['lora 13b 5k 2', 'should we use LoRA?', 'full 7b 1k 1'])
      expect((await bot.handle({ ...where, user: 'U3', text })).kind).not.toBe('error');
    expect(fake.requests.length).toBe(calls); // nothing was sent, so nothing waited for the time limit
    await fake.close();
    await store.close();
  });
});

describe('Slack answering 429 or 500', () => {
  it('retries only what surely did not happen', () => {
    expect(surelyNotSent(new Error('A rate limit was exceeded (url: x, retry-after: 1)'))).toBe(true);
    expect(
      surelyNotSent(
        Object.assign(new Error('A request error occurred: A rate limit was exceeded'), {
          original: new Error('A rate limit was exceeded (url: x, retry-after: 1)'),
        }),
      ),
    ).toBe(true);
    expect(
      surelyNotSent(Object.assign(new Error('A request error occurred: fetch failed'), { original: { cause: { code: 'ECONNREFUSED' } } })),
    ).toBe(true);
    expect(surelyNotSent(Object.assign(new Error('An HTTP protocol error occurred: statusCode = 500'), { statusCode: 500 }))).toBe(false);
    expect(
      surelyNotSent(
        Object.assign(new Error('A request error occurred: The operation was aborted due to timeout'), {
          original: { name: 'TimeoutError' },
        }),
      ),
    ).toBe(false);
    expect(() => safeRetryConfig(2).onFailedAttempt(new Error('An HTTP protocol error occurred: statusCode = 503'))).toThrow();
  });

  let fake: Awaited<ReturnType<typeof startFakeSlack>>;
  let store: Store;
  let slack: RunningSlackApp;
  const SECRET = 'fault-signing-secret-0123456';
  beforeAll(async () => {
    fake = await startFakeSlack();
    store = await createStore('memory://');
    slack = await startSlackApp({
      bot: botOn(store),
      store,
      logger: createLogger({ level: 'silent' }),
      botToken: 'xoxb-fault',
      signingSecret: SECRET,
      apiUrl: fake.apiUrl,
      port: 0,
      retries: 2,
    });
  });
  afterAll(async () => {
    await slack.stop();
    await fake.close();
    await store.close();
  });
  const mention = async (eventId: string, text: string) => {
    const body = JSON.stringify({
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: eventId,
      event_time: 1700000000,
      event: { type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, ts: `1700000${eventId.length}.0001`, channel: 'C9' },
      authorizations: [],
    });
    const response = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...slackSignature(body, SECRET) },
      body,
    });
    expect(response.status).toBe(200);
  };
  const posts = () => fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C9');

  it('a 429 is waited out (Retry-After) and the answer is posted once', async () => {
    let limited = 0;
    fake.handlers['chat.postMessage'] = (p) => {
      if (limited++ === 0) return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
      return { body: { ok: true, channel: p.channel, ts: '1700000500.000100' } };
    };
    await mention('Ev429', 'qlora 70b 10k 3');
    await until(() => posts().length === 2, 'the retried post');
    await sleep(300);
    expect(posts()).toHaveLength(2); // the refused call, then the one that posted
    delete fake.handlers['chat.postMessage'];
  });

  it('a 500 is not retried (the message may already be posted), and the app keeps answering', async () => {
    const before = posts().length;
    fake.handlers['chat.postMessage'] = () => ({ status: 500, body: { ok: false, error: 'internal_error' } });
    await mention('Ev500a', 'qlora 70b 10k 3');
    await until(() => posts().length === before + 1, 'the failed post');
    await sleep(1500);
    expect(posts()).toHaveLength(before + 1);
    delete fake.handlers['chat.postMessage'];
    await mention('Ev500b', 'lora 8b 10k 3');
    await until(() => posts().length === before + 2, 'the next answer');
  });
});

describe('Discord answering 500', () => {
  let running: RunningDiscordBot | undefined;
  afterAll(async () => {
    await running?.stop();
  });

  it('a 500 on a post is not retried, and the bot keeps answering', async () => {
    const fake = await startFakeDiscord();
    const store = await createStore('memory://');
    const bot: Bot = botOn(store);
    running = await startDiscordBot({
      bot,
      logger: createLogger({ level: 'silent' }),
      token: fake.token,
      apiUrl: fake.apiUrl,
      readyTimeoutMs: 10_000,
    });
    let failures = 0;
    fake.overrides.push((call) =>
      call.method === 'POST' && call.path === `/channels/${IDS.channel}/messages` && failures++ === 0
        ? { status: 500, body: { message: 'Internal Server Error', code: 0 } }
        : undefined,
    );
    const posts = () => fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${IDS.channel}/messages`);
    await fake.message(`<@${IDS.app}> qlora 70b 10k 3`, { mentionBot: true });
    await fake.waitFor(() => posts().length === 1, 'the failed post');
    await sleep(1000);
    expect(posts()).toHaveLength(1);
    await fake.message(`<@${IDS.app}> lora 8b 10k 3`, { mentionBot: true });
    await fake.waitFor(() => posts().length === 2, 'the next answer');
    await running.stop();
    running = undefined;
    await fake.close();
    await store.close();
  });
});
