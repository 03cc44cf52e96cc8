// Shared pieces of the load harness (scripts/load-slack.mjs, scripts/load-discord.mjs): options,
// the loopback fakes (bundled on the fly from test/support with esbuild), the bot as a child
// process (`node dist/src/main.js`, what `npm start` runs), its memory and CPU from /proc, a
// fixed-rate sender, percentiles, the table and the verdict against the issue's targets.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The node flags `npm start` runs the bot with (package.json "start": node <flags> dist/src/main.js). */
function startFlags() {
  const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts?.start ?? '';
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}
export const MAIN = join(ROOT, 'dist/src/main.js');

/** The issue's targets (issue 8): 500 commands at 100/s on a 2-core machine. */
export const TARGET = { count: 500, rate: 100, ackWithinMs: 3000, p99AckMs: 50, lost: 0, rssMb: 200 };

/**
 * What each request asks: a mix of estimates, comparisons, recommendations and free text. `n` is
 * the example count in thousands: fixed by default (the same few questions, as a team asks them,
 * so the chart cache answers repeats), or different for every command with --vary (every answer,
 * and every comparison chart, computed afresh: the worst case).
 */
export const SLACK_TEXTS = [
  (n = 10) => `qlora 70b ${n}k 3`,
  (n = 50) => `compare 8b ${n}k 2`,
  () => 'should we use LoRA?',
  (n = 20) => `lora 13b ${n}k 2`,
  (n = 100) => `full llama-3.1-8b ${n}k 2`,
  (n = 25) => `what does qlora cost for mistral 7b, ${n}k examples, 2 epochs`,
  (n = 8) => `recommend budget $500 ${n}k examples`,
  (n = 25) => `qlora mixtral-8x7b ${n}k 1 --provider runpod`,
];

export const DISCORD_COMMANDS = [
  (n = 10) => ['estimate', { method: 'qlora', model: '70b', examples: `${n}k`, epochs: '3' }],
  (n = 50) => ['compare', { model: '8b', examples: `${n}k`, epochs: '2' }],
  () => ['ask', { text: 'should we use LoRA?' }],
  (n = 20) => ['estimate', { method: 'lora', model: '13b', examples: `${n}k`, epochs: '2' }],
  (n = 100) => ['estimate', { method: 'full', model: 'llama-3.1-8b', examples: `${n}k`, epochs: '2' }],
  (n = 25) => ['ask', { text: `what does qlora cost for mistral 7b, ${n}k examples, 2 epochs` }],
  (n = 8) => ['recommend', { budget: '$500', examples: `${n}k` }],
  (n = 25) => ['estimate', { method: 'qlora', model: 'mixtral-8x7b', examples: `${n}k`, epochs: '1', provider: 'runpod' }],
];

/** The i-th request of a run: the mix in turn, with its own example count under --vary. */
export const pick = (list, i, vary) => list[i % list.length](vary ? 10 + i : undefined);

const USAGE = (
  script,
  platform,
) => `Load harness: ${platform} slash commands against \`node dist/src/main.js\` (run \`npm run build\` first).

  node scripts/${script} [options]

  --count N        commands per run (default ${TARGET.count})
  --rate R         commands per second (default ${TARGET.rate})
  --users U        distinct users the commands are spread over (default count/4, so no user
                   exceeds the bot's per-user cool-down of 6 at once; cool-down replies are counted apart)
  --runs K         independent runs, each with a fresh bot process (default 1)
  --store S        memory | sqlite | redis (default memory; sqlite: a fresh file under the temp dir;
                   redis: --redis-url, default redis://127.0.0.1:6379/9, i.e. database 9)
  --redis-url URL  the Redis to use with --store redis
  --vary           a different example count in every command (no two answers or charts alike:
                   nothing comes from the chart cache); default: the same 8 questions in turn
  --warmup W       commands sent and answered before measuring, not counted (default 5)
  --wait-ms MS     how long to wait for answers after the last command (default 10000)
  --log-level L    the bot's LOG_LEVEL (default warn)
  --profile DIR    run the bot with --cpu-prof, writing .cpuprofile files to DIR
  --main FILE      the program to start instead of dist/src/main.js (to compare a patched build)
  --node-args=A    flags for the bot's node (default: those of npm start), e.g. --node-args=--max-old-space-size=96 or "--node-args=--trace-gc --cpu-prof"
  --bot-output F   write the bot's stdout and stderr to the file F (run number appended with --runs)
  --quiet-wait S   before each run, wait up to S seconds for a 2-second window in which other
                   processes use under 10 % of the CPUs (the machine is shared; default 0: do not wait)
  --json           print the results as JSON instead of the table
  --timeline       also print, per second of sending, how many acks and their p50/p99/max (where a backlog starts)
  --no-check       exit 0 even when a target is missed

Targets (issue 8): ${TARGET.count} commands at ${TARGET.rate}/s, every one acknowledged within ${TARGET.ackWithinMs / 1000} s, p99
acknowledgement < ${TARGET.p99AckMs} ms, ${TARGET.lost} replies lost, peak resident memory of the bot < ${TARGET.rssMb} MB.
Exit status: 0 when every run meets them, 1 when a run misses one, 2 on a usage or setup error.
`;

export function options(script, platform) {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        count: { type: 'string', default: String(TARGET.count) },
        rate: { type: 'string', default: String(TARGET.rate) },
        users: { type: 'string' },
        runs: { type: 'string', default: '1' },
        store: { type: 'string', default: 'memory' },
        'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379/9' },
        warmup: { type: 'string', default: '5' },
        'wait-ms': { type: 'string', default: '10000' },
        'log-level': { type: 'string', default: 'warn' },
        profile: { type: 'string' },
        main: { type: 'string' },
        'node-args': { type: 'string' },
        'bot-output': { type: 'string' },
        json: { type: 'boolean', default: false },
        timeline: { type: 'boolean', default: false },
        vary: { type: 'boolean', default: false },
        'quiet-wait': { type: 'string', default: '0' },
        'no-check': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${script}: ${error.message}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(USAGE(script, platform));
    process.exit(0);
  }
  const int = (name, min) => {
    const n = Number(parsed[name]);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`${script}: --${name} must be a whole number ≥ ${min} (got ${JSON.stringify(parsed[name])})\n`);
      process.exit(2);
    }
    return n;
  };
  const count = int('count', 1);
  const rate = Number(parsed.rate);
  if (!(rate > 0 && rate <= 10_000)) {
    process.stderr.write(`${script}: --rate must be a number of commands per second, above 0 and at most 10000\n`);
    process.exit(2);
  }
  if (!['memory', 'sqlite', 'redis'].includes(parsed.store)) {
    process.stderr.write(`${script}: --store must be memory, sqlite or redis\n`);
    process.exit(2);
  }
  const main = parsed.main ? resolve(parsed.main) : MAIN;
  if (!existsSync(main)) {
    process.stderr.write(`${script}: ${main} is missing; run \`npm run build\` first\n`);
    process.exit(2);
  }
  return {
    count,
    rate,
    users: parsed.users === undefined ? Math.max(1, Math.ceil(count / 4)) : int('users', 1),
    runs: int('runs', 1),
    store: parsed.store,
    redisUrl: parsed['redis-url'],
    warmup: int('warmup', 0),
    waitMs: int('wait-ms', 0),
    logLevel: parsed['log-level'],
    profile: parsed.profile,
    main,
    // By default the bot runs with the flags `npm start` gives it (package.json "start").
    nodeArgs: parsed['node-args'] !== undefined ? parsed['node-args'].split(/\s+/).filter(Boolean) : startFlags(),
    botOutput: parsed['bot-output'],
    json: parsed.json,
    timeline: parsed.timeline,
    vary: parsed.vary,
    quietWait: int('quiet-wait', 0),
    check: !parsed['no-check'],
  };
}

/** STORE_URL for the bot, and what to clean up afterwards. */
export function storeFor(opts, runId) {
  if (opts.store === 'memory') return { url: 'memory://', cleanup: () => undefined };
  if (opts.store === 'redis') return { url: opts.redisUrl, cleanup: () => undefined };
  const dir = join(tmpdir(), `ftcost-load-${process.pid}-${runId}`);
  mkdirSync(dir, { recursive: true });
  return { url: `sqlite://${join(dir, 'ftcost.sqlite')}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * test/support/fake-*.ts bundled to ESM with esbuild and imported. The bundle goes under
 * node_modules/.cache so that its external imports (ws) resolve from the project's node_modules.
 */
export async function loadFake(name) {
  const { build } = await import('esbuild');
  const outdir = join(ROOT, 'node_modules/.cache/ftcost-load');
  await build({
    entryPoints: [join(ROOT, `test/support/${name}.ts`)],
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return import(pathToFileURL(join(outdir, `${name}.mjs`)).href);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `node dist/src/main.js` with only the environment given (plus PATH and HOME): no stray tokens or LLM keys. */
export function startBot(env, opts, run = 0) {
  const nodeArgs = [...opts.nodeArgs];
  if (opts.profile) {
    mkdirSync(opts.profile, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.profile}`);
  }
  const child = spawn(process.execPath, [...nodeArgs, opts.main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, LOG_LEVEL: opts.logLevel, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let lines = 0;
  const file = opts.botOutput ? createWriteStream(opts.runs > 1 ? `${opts.botOutput}.${run + 1}` : opts.botOutput) : undefined;
  const keep = (chunk) => {
    file?.write(chunk);
    const text = chunk.toString();
    lines += text.split('\n').length - 1;
    if (output.length < 200_000) output += text;
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exitCode = code ?? signal))));
  if (file) exited.then(() => file.end());
  return {
    child,
    pid: child.pid,
    output: (from = 0) => output.slice(from),
    outputLength: () => output.length,
    logLines: () => lines,
    running: () => exitCode === undefined,
    exited,
    async stop() {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(8000).then(() => 'timeout')]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        return exited;
      }
      return code;
    },
  };
}

/** True once something answers HTTP on the port (any status). */
export function listening(port) {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', method: 'GET' }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1000, () => req.destroy());
    req.end();
  });
}

/** Polls until `check()` is true; throws with `what` after `ms`, or when the bot has exited. */
export async function until(check, what, ms, bot) {
  const start = Date.now();
  while (!(await check())) {
    if (bot && !bot.running()) throw new Error(`the bot exited while waiting for ${what}:\n${bot.output().slice(-2000)}`);
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

const status = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
};
const kb = (text, field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);

/** The child's resident memory from /proc: VmRSS sampled every `everyMs`, and the kernel's high-water mark VmHWM. */
export function memoryOf(pid, everyMs = 20) {
  let peakRssKb = 0;
  let hwmKb = 0;
  const sample = () => {
    const s = status(pid);
    if (!s) return;
    peakRssKb = Math.max(peakRssKb, kb(s, 'VmRSS') || 0);
    hwmKb = Math.max(hwmKb, kb(s, 'VmHWM') || 0);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  // Resident memory once a second from `mark()` on (the measured period), to tell growth from a plateau.
  const series = [];
  let seriesTimer;
  return {
    now: () => kb(status(pid), 'VmRSS') / 1024,
    mark() {
      const at = performance.now();
      const add = () => series.push([Math.round((performance.now() - at) / 1000), Math.round(kb(status(pid), 'VmRSS') / 1024)]);
      add();
      seriesTimer = setInterval(add, 1000);
    },
    stop() {
      sample();
      clearInterval(timer);
      clearInterval(seriesTimer);
      return { sampledPeakMb: peakRssKb / 1024, hwmMb: hwmKb / 1024, rssBySecondMb: series.map(([, mb]) => mb) };
    },
  };
}

/**
 * CPU use of the whole machine from /proc/stat, to tell how much of it went to other processes
 * (the VM is shared): call it before the measured period, and call what it returns after.
 */
export function machineCpu(botPid) {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      const idle = f[3] + (f[4] ?? 0);
      return { busy: f.reduce((a, b) => a + b, 0) - idle, at: performance.now() };
    } catch {
      return { busy: NaN, at: performance.now() };
    }
  };
  const start = read();
  const bot0 = cpuSeconds(botPid);
  const self0 = process.cpuUsage();
  return () => {
    const end = read();
    const self = process.cpuUsage(self0);
    const busy = (end.busy - start.busy) / 100;
    const bot = cpuSeconds(botPid) - bot0;
    const harness = (self.user + self.system) / 1e6;
    const wall = (end.at - start.at) / 1000;
    const other = Math.max(0, busy - bot - harness);
    return {
      wallSeconds: wall,
      botSeconds: bot,
      harnessSeconds: harness,
      otherSeconds: other,
      otherPct: (100 * other) / (wall * cpus().length),
      cores: cpus().length,
    };
  };
}

/** CPU seconds the process has used (user + system), from /proc/<pid>/stat (clock ticks of 1/100 s). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * This process's event-loop delay while it measures (how late a 5 ms timer fires): large values
 * would inflate the latencies it records, since the harness and the fake share one thread.
 */
export function harnessLag(everyMs = 5) {
  const delays = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    delays.push(Math.max(0, now - last - everyMs));
    last = now;
  }, everyMs);
  return () => {
    clearInterval(timer);
    const s = latencyStats(delays);
    return { p99Ms: s.p99, maxMs: s.max };
  };
}

/** Calls `send(i)` for i = 0..count-1 at `rate` per second on a fixed schedule (late ones go at once, never skipped). */
export async function atRate(count, rate, send) {
  const start = performance.now();
  const interval = 1000 / rate;
  let i = 0;
  while (i < count) {
    const now = performance.now();
    while (i < count && start + i * interval <= now) send(i++);
    if (i < count) await sleep(Math.max(0, start + i * interval - performance.now()));
  }
  return (performance.now() - start) / 1000;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function latencyStats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

/** Acknowledgement latency per second of sending: [{ second, sent, p50, p99, max }]. */
export function timeline(sentAtMs, ackMs, startMs) {
  const buckets = new Map();
  sentAtMs.forEach((t, i) => {
    const second = Math.floor((t - startMs) / 1000);
    const list = buckets.get(second) ?? [];
    if (Number.isFinite(ackMs[i])) list.push(ackMs[i]);
    buckets.set(second, list);
  });
  return [...buckets].sort((a, b) => a[0] - b[0]).map(([second, list]) => ({ second, sent: list.length, ...latencyStats(list) }));
}

/** Which code was measured: the commit, and how many files under src/ differ from it (dist/ is built from the working tree). */
function build() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git('log', '-1', '--format=%h %cd', '--date=format:%Y-%m-%d %H:%M');
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = git('status', '--porcelain', '--', 'src', 'commands').stdout.split('\n').filter(Boolean).length;
  let built = '';
  try {
    built = `, dist/src/main.js built ${statSync(MAIN).mtime.toISOString().replace(/\..*/, '')}Z`;
  } catch {
    // not built
  }
  return `commit ${head.stdout.trim()}${dirty ? ` + ${dirty} changed file(s) under src/ and commands/` : ''}${built}`;
}

export function machine() {
  const cpu = cpus();
  let model = cpu[0]?.model?.trim() ?? 'unknown';
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux
  }
  let memTotalMb = NaN;
  try {
    memTotalMb = Math.round(kb(readFileSync('/proc/meminfo', 'utf8'), 'MemTotal') / 1024);
  } catch {
    // not Linux
  }
  return { cpus: cpu.length, cpuModel: model, node: process.version, memTotalMb, build: build() };
}

/** Which targets a run misses (only judged when it is the target's scenario or heavier). */
export function misses(r) {
  const out = [];
  if (r.acks.within3s < r.sent) out.push(`${r.sent - r.acks.within3s} of ${r.sent} not acknowledged within ${TARGET.ackWithinMs / 1000} s`);
  if (!(r.ackMs.p99 < TARGET.p99AckMs)) out.push(`p99 acknowledgement ${fmt(r.ackMs.p99)} ms (target < ${TARGET.p99AckMs} ms)`);
  if (r.lost > TARGET.lost) out.push(`${r.lost} replies lost (target 0)`);
  if (r.duplicates > 0) out.push(`${r.duplicates} replies posted more than once`);
  if (!(r.memory.hwmMb < TARGET.rssMb)) out.push(`peak resident ${fmt(r.memory.hwmMb)} MB (target < ${TARGET.rssMb} MB)`);
  return out;
}

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

const median = (values) => {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The table (or JSON) and the exit status. */
export function report(platform, opts, results) {
  const info = machine();
  const scenario = {
    platform,
    count: opts.count,
    rate: opts.rate,
    users: opts.users,
    store: opts.store,
    warmup: opts.warmup,
    vary: opts.vary,
    logLevel: opts.logLevel,
  };
  const judged = results.map((r) => {
    const notes = [...(r.notes ?? [])];
    if (r.cpu?.otherPct >= 10)
      notes.unshift(`disturbed: other processes used ${fmt(r.cpu.otherPct, 0)} % of the CPUs during this run; rerun with --quiet-wait 300`);
    return { ...r, notes, misses: misses(r) };
  });
  const ok = judged.every((r) => r.misses.length === 0);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ scenario, machine: info, target: TARGET, ok, runs: judged }, null, 2)}\n`);
  } else {
    const head = [
      'run',
      'sent',
      'acked≤3s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'answers',
      'figures',
      'cooldown',
      'lost',
      'dupes',
      'answer p50/p99 ms',
      'peak RSS MB',
      'bot CPU s',
      'others CPU %',
      'rate/s',
    ];
    const rowOf = (label, r) => [
      label,
      String(r.sent),
      String(r.acks.within3s),
      fmt(r.ackMs.p50),
      fmt(r.ackMs.p90),
      fmt(r.ackMs.p99),
      fmt(r.ackMs.max),
      String(r.answered),
      String(r.withFigures),
      String(r.cooldown),
      String(r.lost),
      String(r.duplicates),
      `${fmt(r.answerMs.p50, 0)} / ${fmt(r.answerMs.p99, 0)}`,
      fmt(r.memory.hwmMb),
      fmt(r.cpu.botSeconds, 2),
      fmt(r.cpu.otherPct, 0),
      fmt(r.achievedRate, 0),
    ];
    const rows = judged.map((r, i) => rowOf(String(i + 1), r));
    if (judged.length > 1) {
      const m = (get) => median(judged.map(get));
      rows.push(
        rowOf('median', {
          sent: m((r) => r.sent),
          acks: { within3s: m((r) => r.acks.within3s) },
          ackMs: { p50: m((r) => r.ackMs.p50), p90: m((r) => r.ackMs.p90), p99: m((r) => r.ackMs.p99), max: m((r) => r.ackMs.max) },
          answered: m((r) => r.answered),
          withFigures: m((r) => r.withFigures),
          cooldown: m((r) => r.cooldown),
          lost: m((r) => r.lost),
          duplicates: m((r) => r.duplicates),
          answerMs: { p50: m((r) => r.answerMs.p50), p99: m((r) => r.answerMs.p99) },
          memory: { hwmMb: m((r) => r.memory.hwmMb) },
          cpu: { botSeconds: m((r) => r.cpu.botSeconds), otherPct: m((r) => r.cpu.otherPct) },
          achievedRate: m((r) => r.achievedRate),
        }),
      );
    }
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    const out = [
      `${platform}: ${opts.count} commands at ${opts.rate}/s over ${opts.users} users, store ${opts.store === 'redis' ? `redis (${opts.redisUrl})` : opts.store}, LOG_LEVEL=${opts.logLevel}, ${opts.vary ? 'every command different (--vary)' : 'the same 8 questions in turn'}, ${opts.warmup} warm-up commands not counted`,
      `build: ${info.build}`,
      `machine: ${info.cpus} CPUs (${info.cpuModel}), ${info.memTotalMb} MB RAM, node ${info.node}; bot = \`node ${opts.main === MAIN ? 'dist/src/main.js' : opts.main}\` as a child process`,
      '',
      line(head),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      '',
      `ack = ${platform === 'slack' ? 'signed POST /slack/events sent → HTTP 200 received' : 'INTERACTION_CREATE dispatched → interaction callback POST received by the fake'}; answer = ${platform === 'slack' ? 'POST sent → answer posted to its response_url' : 'dispatched → final answer (callback type 4, or the edit/follow-up after a defer)'}`,
      `others CPU % = share of the machine's ${info.cpus} CPUs used by processes other than the bot and this harness during the run (the VM is shared; above ~10 % the figures are disturbed)`,
      `figures = answers that carry a $ figure; lost = commands with no answer; peak RSS = VmHWM of the bot process (sampled VmRSS peak ${judged.map((r) => fmt(r.memory.sampledPeakMb)).join(', ')} MB)`,
      `harness event-loop delay p99/max: ${judged.map((r) => `${fmt(r.harnessLag.p99Ms)}/${fmt(r.harnessLag.maxMs)}`).join(', ')} ms; bot log lines: ${judged.map((r) => r.logLines).join(', ')}`,
      `target: ${TARGET.count} commands at ${TARGET.rate}/s, all acknowledged ≤ ${TARGET.ackWithinMs / 1000} s, p99 ack < ${TARGET.p99AckMs} ms, 0 lost, peak RSS < ${TARGET.rssMb} MB`,
      ...judged.map((r, i) => (r.misses.length ? `run ${i + 1}: MISSED — ${r.misses.join('; ')}` : `run ${i + 1}: met`)),
      ...(opts.timeline
        ? judged.flatMap((r, i) => [
            `run ${i + 1} timeline (second of sending: acks, p50/p99/max ms): ${r.timeline.map((b) => `${b.second}s: ${b.sent}, ${fmt(b.p50, 0)}/${fmt(b.p99, 0)}/${fmt(b.max, 0)}`).join(' · ')}`,
            `run ${i + 1} bot RSS each second from the first command, MB: ${r.memory.afterWarmupMb !== undefined ? `(after warm-up ${fmt(r.memory.afterWarmupMb, 0)}) ` : ''}${r.memory.rssBySecondMb.join(' ')}`,
          ])
        : []),
      ...judged.flatMap((r, i) => (r.notes?.length ? r.notes.map((n) => `run ${i + 1}: note — ${n}`) : [])),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
  process.exitCode = ok || !opts.check ? 0 : 1;
}

/** Machine CPU busy share (0–100 %) over `ms`, from /proc/stat. */
async function busyPct(ms) {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const all = f.reduce((a, b) => a + b, 0);
    return { idle, all };
  };
  const a = read();
  await sleep(ms);
  const b = read();
  return 100 * (1 - (b.idle - a.idle) / Math.max(1, b.all - a.all));
}

/** Waits (up to `seconds`) for a quiet machine; returns the busy share of the last window. */
export async function waitQuiet(seconds, platform, json) {
  if (seconds <= 0) return undefined;
  const end = Date.now() + seconds * 1000;
  let busy = await busyPct(2000);
  while (busy >= 10 && Date.now() < end) {
    if (!json) process.stderr.write(`${platform}: machine ${busy.toFixed(0)} % busy with other work; waiting…\n`);
    busy = await busyPct(2000);
  }
  return busy;
}

/** Runs `once(runIndex)` opts.runs times; a setup failure ends with status 2. */
export async function main(platform, opts, once) {
  const results = [];
  try {
    for (let i = 0; i < opts.runs; i += 1) {
      if (!opts.json) process.stderr.write(`${platform}: run ${i + 1} of ${opts.runs}…\n`);
      const busyBefore = await waitQuiet(opts.quietWait, platform, opts.json);
      results.push({ ...(await once(i)), ...(busyBefore !== undefined ? { busyBeforePct: busyBefore } : {}) });
    }
  } catch (error) {
    process.stderr.write(`${platform} load: ${error.stack ?? error.message}\n`);
    process.exit(2);
  }
  report(platform, opts, results);
}
