#!/usr/bin/env node
// Load harness, Slack: signed /ftcost slash commands sent at a fixed rate to the real Bolt HTTP
// receiver of `node dist/src/main.js` (a child process), against the loopback Slack fake
// (test/support/fake-slack.ts). Measures the HTTP acknowledgement (send → 200), counts the answers
// posted to each command's response_url (lost, duplicates), and the bot's peak resident memory.
//
//   npm run build && node scripts/load-slack.mjs [--count 500] [--rate 100] [--runs 3] [--store memory|sqlite|redis] [--json]
//
// See docs/performance.md for the figures, and --help for every option.
import { Buffer } from 'node:buffer';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { URLSearchParams } from 'node:url';
import {
  atRate,
  freePort,
  harnessLag,
  latencyStats,
  listening,
  loadFake,
  machineCpu,
  main,
  memoryOf,
  options,
  pick,
  SLACK_TEXTS,
  startBot,
  storeFor,
  timeline,
  until,
} from './load-common.mjs';

const opts = options('load-slack.mjs', 'Slack');
const { startFakeSlack, slackSignature } = await loadFake('fake-slack');

const SECRET = 'load-harness-signing-secret-0123456789';
const TOKEN = 'xoxb-1000-2000-load-harness-token';

/** One signed request to /slack/events; resolves with the status and the time to the response headers. */
function post(agent, port, body) {
  return new Promise((resolve) => {
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
      ...slackSignature(body, SECRET),
    };
    const t0 = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers, agent }, (res) => {
      const ms = performance.now() - t0;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms }));
      res.on('error', () => resolve({ status: res.statusCode, ms }));
    });
    req.on('error', (error) => resolve({ status: 0, ms: performance.now() - t0, error: error.message }));
    req.end(body);
  });
}

async function once(run) {
  const fake = await startFakeSlack();
  // When each answer reaches its response_url (the fake records the body, not the time).
  const answeredAt = new Map();
  const push = fake.responses.push.bind(fake.responses);
  fake.responses.push = (...items) => {
    const t = performance.now();
    for (const item of items) {
      const list = answeredAt.get(item.id) ?? [];
      list.push(t);
      answeredAt.set(item.id, list);
    }
    return push(...items);
  };

  const port = await freePort();
  const store = storeFor(opts, run);
  const bot = startBot(
    { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), STORE_URL: store.url },
    opts,
    run,
  );
  const memory = memoryOf(bot.pid);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  // A workspace id per run, so the cool-downs and conversation context of one run (kept in Redis or
  // SQLite between runs) do not carry into the next.
  const team = `TLOAD${Date.now().toString(36).toUpperCase()}${run}`;
  const form = (i, id) =>
    new URLSearchParams({
      token: 'load-harness',
      team_id: team,
      team_domain: 'load',
      channel_id: `C${String(i % 20).padStart(4, '0')}`,
      channel_name: 'ml-costs',
      user_id: `U${String(i % opts.users).padStart(6, '0')}`,
      user_name: 'load',
      command: '/ftcost',
      text: pick(SLACK_TEXTS, i, opts.vary),
      response_url: fake.responseUrl(id),
      trigger_id: `trigger-${id}`,
      api_app_id: 'ALOAD',
    }).toString();
  try {
    // Up once the receiver answers anything (GET / gets 404).
    await until(() => listening(port), 'the Bolt HTTP receiver', 30_000, bot);
    // Warm-up, not counted (its users are not the measured ones).
    for (let i = 0; i < opts.warmup; i += 1) {
      const body = form(i, `warm-${run}-${i}`).replace(/user_id=U\d+/, `user_id=UWARM${i}`);
      await post(agent, port, body);
    }
    await until(() => [...Array(opts.warmup).keys()].every((i) => answeredAt.has(`warm-${run}-${i}`)), 'the warm-up answers', 20_000, bot);

    const idleMb = memory.now();
    memory.mark();
    const ids = Array.from({ length: opts.count }, (_, i) => `r${run}-${i}`);
    const bodies = ids.map((id, i) => form(i, id));
    const acks = new Array(opts.count);
    const sentAt = new Array(opts.count);
    const pending = [];
    const calls0 = fake.calls.length;
    const cpuDone = machineCpu(bot.pid);
    const lagDone = harnessLag();
    const logLines0 = bot.logLines();
    const output0 = bot.outputLength();
    const startedAt = performance.now();
    const seconds = await atRate(opts.count, opts.rate, (i) => {
      sentAt[i] = performance.now();
      pending.push(post(agent, port, bodies[i]).then((r) => (acks[i] = r)));
    });
    await Promise.all(pending);
    const lastAck = performance.now();
    // Answers: every command should get exactly one; wait up to --wait-ms for the missing ones.
    const deadline = lastAck + opts.waitMs;
    while (performance.now() < deadline && !ids.every((id) => answeredAt.has(id))) await sleep(20);
    await sleep(300); // a late duplicate would show up here
    const lag = lagDone();
    const cpu = cpuDone();
    const mem = memory.stop();

    const byId = new Map();
    for (const r of fake.responses) if (r.id.startsWith(`r${run}-`)) byId.set(r.id, [...(byId.get(r.id) ?? []), r.body]);
    let answered = 0;
    let lost = 0;
    let duplicates = 0;
    let withFigures = 0;
    let cooldown = 0;
    const answerMs = [];
    ids.forEach((id, i) => {
      const bodiesOf = byId.get(id) ?? [];
      if (bodiesOf.length === 0) lost += 1;
      else answered += 1;
      if (bodiesOf.length > 1) duplicates += bodiesOf.length - 1;
      const first = bodiesOf[0];
      if (first) {
        const text = JSON.stringify(first);
        if (text.includes('asking faster than I answer')) cooldown += 1;
        else if (text.includes('$')) withFigures += 1;
        answerMs.push(answeredAt.get(id)[0] - sentAt[i]);
      }
    });
    const ackMs = acks.filter((a) => a.status === 200).map((a) => a.ms);
    const notes = [];
    const webApi = {};
    for (const c of fake.calls.slice(calls0)) webApi[c.method] = (webApi[c.method] ?? 0) + 1;
    if (Object.keys(webApi).length)
      notes.push(
        `Web API calls during the run: ${Object.entries(webApi)
          .map(([m, n]) => `${m} ×${n}`)
          .join(', ')}`,
      );
    const failed = acks.filter((a) => a.status !== 200);
    if (failed.length)
      notes.push(
        `${failed.length} requests not acknowledged with 200 (${[...new Set(failed.map((a) => a.status || a.error))].join(', ')})`,
      );
    if (answered - cooldown - withFigures > 0) notes.push(`${answered - cooldown - withFigures} answers carry no $ figure`);
    const unexpected = bot.output(output0).trim();
    if (unexpected) notes.push(`bot output: ${unexpected.split('\n').slice(0, 3).join(' | ').slice(0, 400)}`);
    return {
      sent: opts.count,
      achievedRate: opts.count / seconds,
      acks: { ok: ackMs.length, within3s: ackMs.filter((ms) => ms <= 3000).length },
      ackMs: latencyStats(ackMs),
      timeline: timeline(
        sentAt,
        acks.map((a) => (a.status === 200 ? a.ms : NaN)),
        startedAt,
      ),
      answered,
      withFigures,
      cooldown,
      lost,
      duplicates,
      answerMs: latencyStats(answerMs),
      memory: { ...mem, afterWarmupMb: idleMb },
      cpu,
      harnessLag: lag,
      webApiCalls: webApi,
      logLines: bot.logLines() - logLines0,
      notes,
    };
  } finally {
    agent.destroy();
    await bot.stop();
    await fake.close();
    store.cleanup();
  }
}

await main('slack', opts, once);
