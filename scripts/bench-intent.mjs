#!/usr/bin/env node
// Intent parsing speed: rules parses per second, and the LLM path's worst cases against a local
// endpoint that never answers (time limit, then the circuit breaker). Run after `npm run build`.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const { parseRules, createIntentParser, LlmParser } = await import('../dist/src/intent/index.js');
const set = JSON.parse(readFileSync(new URL('../test/fixtures/intents.json', import.meta.url), 'utf8'));

let n = 0;
const start = performance.now();
while (performance.now() - start < 2000) {
  for (const m of set) parseRules(m.text);
  n += set.length;
}
console.log(`rules: ${Math.round(n / ((performance.now() - start) / 1000)).toLocaleString('en-US')} parses/s (labelled set, one core)`);

const hanging = [];
const server = createServer((req, res) => hanging.push(res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const timeoutMs = Number(process.env.LLM_TIMEOUT_MS ?? 1000);
const llm = new LlmParser({
  baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
  apiKey: 'x',
  model: 'm',
  timeoutMs,
  breakerThreshold: 3,
});
const parser = createIntentParser({ llm });
const times = [];
for (let i = 0; i < 6; i += 1) {
  const t0 = performance.now();
  const result = await parser.parse(`qlora 70b ${10 + i}k 3`);
  times.push([performance.now() - t0, result.source, parser.lastFallback]);
}
console.log(`LLM endpoint that never answers, LLM_TIMEOUT_MS=${timeoutMs}:`);
times.forEach(([ms, source, why], i) => console.log(`  parse ${i + 1}: ${ms.toFixed(1)} ms, answered by ${source} (${why})`));
for (const res of hanging) res.destroy();
server.close();
