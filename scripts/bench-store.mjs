#!/usr/bin/env node
// Benchmarks the store's bounds (issue 17). Run after `npm run build`:
//
//   node --expose-gc scripts/bench-store.mjs heap [--conversations 50000] [--max-bytes N]
//       live heap after a full GC while the bot answers that many new conversations on memory://
//       (each a new user: one context, one cool-down bucket), every 5,000
//   node scripts/bench-store.mjs sqlite-size [--conversations 50000] [--no-purge]
//       the SQLite file (+ WAL) while the bot answers new conversations on a simulated clock
//       (5,000 conversations a day: contexts, which live a day, expire as they would in production),
//       with the purge running every 250 ms of real time, or never (--no-purge)
//   node scripts/bench-store.mjs dedupe [--ids 60000] [--claims 2000] [--redis-url URL]
//       the cost of one Slack event-id claim with that many ids already claimed, on memory://,
//       SQLite and Redis (database 9 by default)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const [mode, ...rest] = process.argv.slice(2);
const option = (name, fallback) => {
  const i = rest.indexOf(`--${name}`);
  return i === -1 ? fallback : rest[i + 1];
};
const has = (name) => rest.includes(`--${name}`);

const { createStore } = await import('../dist/src/store/index.js');
const { createBot } = await import('../dist/src/bot/core.js');
const { Cooldown } = await import('../dist/src/bot/preconditions.js');
const { createIntentParser } = await import('../dist/src/intent/index.js');

const TEXTS = ['qlora 70b 10k 3', 'lora 8b 20k 2', 'compare 13b 50k 2', 'full llama-3.1-8b 100k 2', 'recommend budget $500 8k examples'];
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const sizeOf = (file) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

async function conversations(bot, count, every, report, tick = () => undefined) {
  for (let i = 0; i < count; i += 1) {
    tick(i);
    await bot.handle({ platform: 'slack', workspace: 'T1', channel: `C${i % 50}`, user: `U${i}`, text: TEXTS[i % TEXTS.length] });
    if ((i + 1) % every === 0) await report(i + 1);
  }
}

if (mode === 'heap') {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  const count = Number(option('conversations', 50_000));
  const maxBytes = option('max-bytes', undefined);
  const store = await createStore('memory://', maxBytes ? { memoryMaxBytes: Number(maxBytes) } : {});
  const bot = createBot({ store, parser: createIntentParser() });
  const heap = () => {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  const base = heap();
  console.log(`memory:// (${maxBytes ? `cap ${mb(Number(maxBytes))} MiB` : 'default cap 8 MiB'} per namespace): live heap after a full GC`);
  console.log('conversations  heap MB  +MB since start');
  console.log(`${'0'.padStart(13)}  ${mb(base).padStart(7)}  ${'0.0'.padStart(15)}`);
  await conversations(bot, count, 5000, async (n) => {
    const used = heap();
    console.log(`${String(n).padStart(13)}  ${mb(used).padStart(7)}  ${mb(used - base).padStart(15)}`);
  });
  await store.close();
} else if (mode === 'sqlite-size') {
  const count = Number(option('conversations', 50_000));
  const purge = !has('no-purge');
  const dir = mkdtempSync(join(tmpdir(), 'ftcost-bench-size-'));
  const file = join(dir, 'state.sqlite');
  const DAY = 24 * 60 * 60 * 1000;
  let now = Date.UTC(2026, 0, 1);
  const store = await createStore(`sqlite://${file}`, { now: () => now, purgeIntervalMs: purge ? 250 : 1e9, timeoutMs: 5000 });
  await store.connect();
  const bot = createBot({ store, parser: createIntentParser(), cooldown: new Cooldown(1e9, 1e9) });
  console.log(
    `SQLite, ${purge ? 'expired rows purged every 250 ms' : 'no purge'}; 5,000 new conversations a simulated day (contexts live a day)`,
  );
  console.log('conversations  sim. day  file MB  WAL MB  total MB');
  await conversations(
    bot,
    count,
    5000,
    async (n) => {
      await sleep(300); // let a purge round run
      const db = sizeOf(file);
      const wal = sizeOf(`${file}-wal`);
      console.log(
        `${String(n).padStart(13)}  ${String(Math.round((n / 5000) * 10) / 10).padStart(8)}  ${mb(db).padStart(7)}  ${mb(wal).padStart(6)}  ${mb(db + wal).padStart(8)}`,
      );
    },
    () => {
      now += DAY / 5000;
    },
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
} else if (mode === 'dedupe') {
  const ids = Number(option('ids', 60_000));
  const claims = Number(option('claims', 2000));
  const redisUrl = option('redis-url', 'redis://127.0.0.1:6379/9');
  const dir = mkdtempSync(join(tmpdir(), 'ftcost-bench-dedupe-'));
  const run = Date.now().toString(36);
  console.log(
    `Slack event-id dedupe: one claim with ${ids.toLocaleString('en-US')} ids already claimed (${claims} claims timed, one after another)`,
  );
  console.log('store    µs per claim (mean)  p99 µs');
  for (const [name, url] of [
    ['memory', 'memory://'],
    ['sqlite', `sqlite://${join(dir, 'events.sqlite')}`],
    ['redis', redisUrl],
  ]) {
    const store = await createStore(url, { timeoutMs: 5000 });
    await store.connect();
    if (!store.ready()) {
      console.log(`${name.padEnd(8)} (not reachable: skipped)`);
      continue;
    }
    for (let i = 0; i < ids; i += 1000) {
      await Promise.all(
        Array.from({ length: Math.min(1000, ids - i) }, (_, j) => store.claim('events', `slack:${run}-fill-${i + j}`, 3_600_000)),
      );
    }
    const times = [];
    for (let i = 0; i < claims; i += 1) {
      const start = performance.now();
      await store.claim('events', `slack:${run}-timed-${i}`, 3_600_000);
      times.push((performance.now() - start) * 1000);
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(`${name.padEnd(8)} ${mean.toFixed(0).padStart(20)}  ${times[Math.floor(times.length * 0.99)].toFixed(0).padStart(6)}`);
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
} else {
  console.error('usage: node [--expose-gc] scripts/bench-store.mjs heap | sqlite-size [--no-purge] | dedupe   (see the top of the file)');
  process.exit(2);
}
