#!/usr/bin/env node
// Load harness, Discord: /ftcost interactions dispatched at a fixed rate through the loopback
// Discord gateway (test/support/fake-discord.ts) to `node dist/src/main.js` (a child process, the
// real discord.js client). Measures the acknowledgement (INTERACTION_CREATE dispatched → the
// interaction callback POST reaching the fake), counts the final answers (callback type 4, or a
// type 5 defer followed by an edit of @original or a follow-up), and the bot's peak resident memory.
//
//   npm run build && node scripts/load-discord.mjs [--count 500] [--rate 100] [--runs 3] [--store memory|sqlite|redis] [--json]
//
// See docs/performance.md for the figures, and --help for every option.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  atRate,
  DISCORD_COMMANDS,
  harnessLag,
  latencyStats,
  loadFake,
  machineCpu,
  main,
  memoryOf,
  options,
  pick,
  startBot,
  storeFor,
  timeline,
  until,
} from './load-common.mjs';

const opts = options('load-discord.mjs', 'Discord');
const { startFakeDiscord } = await loadFake('fake-discord');

/** Interaction token from a REST path: /interactions/:id/:token/callback or /webhooks/:app/:token[/messages/@original]. */
const tokenOf = (path) =>
  /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(path)?.[1] ?? /^\/webhooks\/\d+\/([^/]+)(?:\/messages\/@original)?$/.exec(path)?.[1];

async function once(run) {
  const fake = await startFakeDiscord();
  // Every REST call on an interaction, by token, with the time it reached the fake (the same
  // instant as the fake's own `at`, but with sub-millisecond resolution).
  const byToken = new Map();
  const push = fake.calls.push.bind(fake.calls);
  fake.calls.push = (...calls) => {
    const t = performance.now();
    for (const call of calls) {
      const token = tokenOf(call.path);
      if (!token) continue;
      const list = byToken.get(token) ?? [];
      list.push({ ...call, t });
      byToken.set(token, list);
    }
    return push(...calls);
  };

  const store = storeFor(opts, run);
  const bot = startBot({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, STORE_URL: store.url }, opts, run);
  const memory = memoryOf(bot.pid);
  const userOf = (i, prefix = 14) => `${prefix}${String(run % 100).padStart(2, '0')}${String(i).padStart(15, '0')}`;
  const acked = (token) => (byToken.get(token) ?? []).some((c) => c.method === 'POST' && c.path.endsWith('/callback'));
  try {
    await until(() => fake.openSockets() === 1 && fake.identifies.length >= 1, 'the gateway login', 30_000, bot);
    // Ready once an interaction is answered (READY and GUILD_CREATE processed); resend until then.
    const warm = [];
    await until(
      async () => {
        const token = await fake.slash(
          'estimate',
          { method: 'qlora', model: '70b', examples: '10k', epochs: '3' },
          { user: userOf(warm.length, 19) },
        );
        warm.push(token);
        for (let waited = 0; waited < 2000 && !acked(token); waited += 20) await sleep(20);
        return acked(token);
      },
      'the first answer',
      30_000,
      bot,
    );
    for (let i = 1; i < opts.warmup; i += 1) {
      const [sub, options] = pick(DISCORD_COMMANDS, i, false);
      warm.push(await fake.slash(sub, options, { user: userOf(100 + i, 19) }));
    }
    await until(() => warm.every(acked), 'the warm-up answers', 20_000, bot);
    await sleep(200);

    const idleMb = memory.now();
    memory.mark();
    const tokens = new Array(opts.count);
    const sentAt = new Array(opts.count);
    const dispatches = [];
    const cpuDone = machineCpu(bot.pid);
    const lagDone = harnessLag();
    const logLines0 = bot.logLines();
    const output0 = bot.outputLength();
    const startedAt = performance.now();
    const seconds = await atRate(opts.count, opts.rate, (i) => {
      const [sub, options] = pick(DISCORD_COMMANDS, i, opts.vary);
      sentAt[i] = performance.now();
      dispatches.push(fake.slash(sub, options, { user: userOf(i % opts.users) }).then((token) => (tokens[i] = token)));
    });
    await Promise.all(dispatches);
    const lastSent = performance.now();
    const done = (token) => {
      const calls = byToken.get(token) ?? [];
      const callback = calls.find((c) => c.path.endsWith('/callback'));
      if (!callback) return false;
      return (
        Number(callback.body?.type) === 4 ||
        calls.some((c) => !c.path.endsWith('/callback') && (c.method === 'PATCH' || c.method === 'POST'))
      );
    };
    const deadline = lastSent + opts.waitMs;
    while (performance.now() < deadline && !tokens.every(done)) await sleep(20);
    await sleep(300); // a late duplicate would show up here
    const lag = lagDone();
    const cpu = cpuDone();
    const mem = memory.stop();

    let answered = 0;
    let lost = 0;
    let duplicates = 0;
    let withFigures = 0;
    let cooldown = 0;
    let deferred = 0;
    const ackMs = new Array(opts.count).fill(NaN);
    const answerMs = [];
    tokens.forEach((token, i) => {
      const calls = byToken.get(token) ?? [];
      const callbacks = calls.filter((c) => c.path.endsWith('/callback'));
      const callback = callbacks[0];
      if (callback) ackMs[i] = callback.t - sentAt[i];
      // Final answers: a type 4 callback, or an edit of the deferred @original, or a follow-up POST.
      const finals = [
        ...callbacks.filter((c) => Number(c.body?.type) === 4),
        ...calls.filter((c) => !c.path.endsWith('/callback') && (c.method === 'PATCH' || c.method === 'POST')),
      ];
      if (callbacks.some((c) => Number(c.body?.type) === 5)) deferred += 1;
      if (callbacks.length > 1) duplicates += callbacks.length - 1;
      if (finals.length === 0) {
        lost += 1;
        return;
      }
      answered += 1;
      if (finals.length > 1) duplicates += finals.length - 1;
      const text = JSON.stringify(finals[0].body);
      if (text.includes('asking faster than I answer')) cooldown += 1;
      else if (text.includes('$')) withFigures += 1;
      answerMs.push(finals[0].t - sentAt[i]);
    });
    const acks = ackMs.filter(Number.isFinite);
    const notes = [];
    const withFiles = tokens.filter((token) => (byToken.get(token) ?? []).some((c) => c.files?.length)).length;
    if (withFiles) notes.push(`${withFiles} answers carried an attachment (the comparison chart)`);
    if (deferred) notes.push(`${deferred} interactions were deferred (type 5) before their answer`);
    if (answered - cooldown - withFigures > 0) notes.push(`${answered - cooldown - withFigures} answers carry no $ figure`);
    const unexpected = bot.output(output0).trim();
    if (unexpected) notes.push(`bot output: ${unexpected.split('\n').slice(0, 3).join(' | ').slice(0, 400)}`);
    return {
      sent: opts.count,
      achievedRate: opts.count / seconds,
      acks: { ok: acks.length, within3s: acks.filter((ms) => ms <= 3000).length },
      ackMs: latencyStats(acks),
      timeline: timeline(sentAt, ackMs, startedAt),
      answered,
      withFigures,
      cooldown,
      lost,
      duplicates,
      answerMs: latencyStats(answerMs),
      memory: { ...mem, afterWarmupMb: idleMb },
      cpu,
      harnessLag: lag,
      logLines: bot.logLines() - logLines0,
      notes,
    };
  } finally {
    await bot.stop();
    await fake.close();
    store.cleanup();
  }
}

await main('discord', opts, once);
