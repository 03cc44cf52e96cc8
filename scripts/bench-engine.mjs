#!/usr/bin/env node
// Benchmarks the engine (estimates per second, one core) and the command line's cold start.
// Run after `npm run build`: node scripts/bench-engine.mjs [--seconds 3] [--runs 15]
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const seconds = flag('seconds', 3);
const runs = flag('runs', 15);

const { estimate } = await import('../dist/src/engine/index.js');

const inputs = [
  { method: 'qlora', model: '70b', examples: 10_000, epochs: 3 },
  { method: 'lora', model: 'llama-3.1-8b', examples: 50_000, epochs: 2 },
  { method: 'full', model: 'llama-3.1-70b', examples: 10_000, epochs: 3 },
  { method: 'qlora', model: 'mixtral-8x7b', examples: 25_000, epochs: 1, provider: 'runpod' },
  { method: 'lora', model: '70b', gpu: 'a100-80gb', gpus: 2, gradCkpt: true },
];

function measure(input) {
  for (let i = 0; i < 2000; i += 1) estimate(input); // warm up the JIT
  let count = 0;
  const start = performance.now();
  const end = start + (seconds * 1000) / inputs.length;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i += 1) estimate(input);
    count += 100;
  }
  return count / ((performance.now() - start) / 1000);
}

console.log(`engine: estimates per second on one core (${seconds} s in all)`);
let total = 0;
for (const input of inputs) {
  const rate = measure(input);
  total += rate;
  console.log(`  ${JSON.stringify(input).padEnd(92)} ${Math.round(rate).toLocaleString('en-US')}/s`);
}
console.log(`  mean ${Math.round(total / inputs.length).toLocaleString('en-US')}/s (target ≥ 100,000)`);

const bin = fileURLToPath(new URL('../bin/ftcost.js', import.meta.url));
const times = [];
for (let i = 0; i < runs; i += 1) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'qlora', '70b', '10k', '3'], { encoding: 'utf8' });
  times.push(performance.now() - t0);
  if (r.status !== 0) throw new Error(`ftcost exited ${r.status}: ${r.stderr}`);
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
const empty = spawnTimes(() => spawnSync(process.execPath, ['-e', '0']));
console.log(`command line: \`ftcost qlora 70b 10k 3\` as a fresh process, ${runs} runs`);
console.log(
  `  median ${pct(0.5).toFixed(0)} ms, p90 ${pct(0.9).toFixed(0)} ms, min ${times[0].toFixed(0)} ms (target < 300 ms; an empty \`node -e 0\` takes ${empty.toFixed(0)} ms here)`,
);

function spawnTimes(fn) {
  const t = [];
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[2];
}
