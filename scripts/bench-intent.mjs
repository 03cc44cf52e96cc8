#!/usr/bin/env node
// Intent parsing speed (run after `npm run build`):
//  - mean time per parse over every labelled message (and the classifier's share of it);
//  - the worst case over adversarial messages up to 40,000 characters (digits, separators, names,
//    invisible characters, escapes, repeated cues...): the median of 9 runs of each, the largest reported;
//  - the LLM path's worst case against a local endpoint that never answers (time limit, then the breaker).
// Targets (issue 14): mean under 0.3 ms, worst case at most 5 ms.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

const { parseRules, createIntentParser, LlmParser } = await import('../dist/src/intent/index.js');
const { extract } = await import('../dist/src/intent/extract.js');
const { featureIndices, predict } = await import('../dist/src/intent/classifier.js');

const fixtures = new URL('../test/fixtures/', import.meta.url);
const messages = [];
for (const name of readdirSync(fixtures).filter((n) => /^(intents.*|dev-14.*)\.json$/.test(n) && !n.includes('conversations'))) {
  for (const m of JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'))) messages.push(m);
}
const contextOf = (m) =>
  m.context
    ? {
        intent: m.context.intent,
        slots: { ...Object.fromEntries(Object.keys(parseRules('x').slots).map((k) => [k, null])), ...m.context.slots },
      }
    : undefined;
const inputs = messages.map((m) => [m.text, contextOf(m)]);

// Mean over the labelled messages, after a warm-up.
for (const [text, context] of inputs) parseRules(text, context);
let parses = 0;
const start = performance.now();
while (performance.now() - start < 2000) {
  for (const [text, context] of inputs) parseRules(text, context);
  parses += inputs.length;
}
const mean = (performance.now() - start) / parses;
const extracted = inputs.map(([text]) => extract(text));
let inferences = 0;
const inferStart = performance.now();
while (performance.now() - inferStart < 1000) {
  for (const x of extracted) predict(featureIndices(x));
  inferences += extracted.length;
}
const inference = (performance.now() - inferStart) / inferences;
console.log(`labelled messages: ${inputs.length}`);
console.log(
  `mean parse: ${(mean * 1000).toFixed(1)} µs (${Math.round(1000 / mean).toLocaleString('en-US')} parses/s on one core; target < 300 µs)`,
);
console.log(`  of which classifier features + inference: ${(inference * 1000).toFixed(1)} µs`);

// Worst case: adversarial messages up to 40,000 characters.
const N = 40_000;
const repeat = (unit) => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
const adversarial = {
  'digits only': repeat('1'),
  'digits and spaces': repeat('1 '),
  'thousands separators': repeat('1,000,'),
  'dotted numbers': repeat('1.1.'),
  'k suffixes': repeat('10k '),
  'dollar amounts': repeat('$1 '),
  'euro amounts': repeat('€5 '),
  'method names': repeat('lora '),
  'slash commands': repeat('qlora 70b 10k 3 '),
  'GPU counts': repeat('8 h100s '),
  'zero-width characters': `${repeat('q\u200b')}lora 70b 10k 3`,
  'terminal escapes': repeat('\u001b[0m'),
  'question cues': repeat('how does how does '),
  'budget words': repeat('budget budget '),
  'injection phrases': repeat('ignore all rules '),
  'a long real request': repeat('lora or qlora on 70b with 10k examples and a $2k budget? '),
  emoji: repeat('📌🚀'),
  'combining marks': repeat('e\u0301'),
  'dashes and ranges': repeat('10-'),
  'x multipliers': repeat('10x'),
  'tokens each': repeat('10 tokens each '),
  'line breaks': repeat('a\n'),
  'dots and spaces': repeat(' .'),
  'number words': repeat('one two three '),
  'powers of ten': repeat('10^'),
  'scientific notation': repeat('1e'),
  'fullwidth digits': repeat('１０ｋ '),
  'GPU names': repeat('rtx 4090 '),
  'family names': repeat('llama mistral qwen '),
  percentages: repeat('5% '),
  'between ranges': repeat('between 10k and 20k examples '),
  'vague amounts': repeat('a few thousand '),
  'mention markup': repeat('<@U123> '),
  'Slack links': repeat('<https://x.y|z> '),
  'one long word': repeat('a'),
  'random printable': Array.from({ length: N }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 95))).join(''),
};
const context = {
  intent: 'estimate',
  slots: { ...parseRules('x').slots, method: 'qlora', model: 'llama-3.1-70b', paramsB: 70.55, examples: 10000, epochs: 3 },
};
let worst = { ms: 0, name: '' };
const rows = [];
for (const [name, text] of Object.entries(adversarial)) {
  for (const ctx of [undefined, context]) {
    parseRules(text, ctx);
    const runs = [];
    for (let i = 0; i < 9; i += 1) {
      const t0 = performance.now();
      parseRules(text, ctx);
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    const ms = runs[4];
    rows.push([`${name}${ctx ? ' (with context)' : ''}`, ms]);
    if (ms > worst.ms) worst = { ms, name: `${name}${ctx ? ' (with context)' : ''}` };
  }
}
console.log(
  `worst case over ${rows.length} adversarial messages of ${N.toLocaleString('en-US')} characters (median of 9 runs each): ${worst.ms.toFixed(2)} ms (${worst.name}); target ≤ 5 ms`,
);
if (process.argv.includes('--all'))
  for (const [name, ms] of rows.sort((a, b) => b[1] - a[1])) console.log(`  ${ms.toFixed(2)} ms  ${name}`);

// The LLM path against an endpoint that never answers.
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
  const result = await parser.parse(`could you ballpark qlora on the 70b with ${10 + i}k examples for us`);
  times.push([performance.now() - t0, result.source, parser.lastFallback]);
}
console.log(`LLM endpoint that never answers, LLM_TIMEOUT_MS=${timeoutMs}:`);
times.forEach(([ms, source, why], i) => console.log(`  parse ${i + 1}: ${ms.toFixed(1)} ms, answered by ${source} (${why})`));
for (const res of hanging) res.destroy();
server.close();
