#!/usr/bin/env node
// The table of docs/methodology.md §8, from the engine (after `npm run build`): node scripts/article-table.mjs
const { compare, groupThousands, hoursRange, num } = await import('../dist/src/engine/index.js');
const { SHORT_STRATEGY_LABEL } = await import('../dist/src/reply/words.js');
const result = compare({ model: '70b', examples: 10_000, epochs: 3 });
if (!result.ok) throw new Error(result.error);
const rows = result.value.rows;
const dollars = (r) => `$${groupThousands(Math.round(r.low))}–${groupThousands(Math.round(r.high))}`;
const thousands = (r) => `$${num(r.low / 1000)}–${num(r.high / 1000)}K`;
// A method whose article setup cannot hold the job on the default stack (QLoRA: PEFT's fp32 casts) is shown
// on Unsloth's stack, which reproduces the article's memory.
const unsloth = compare({ model: '70b', examples: 10_000, epochs: 3, stack: 'unsloth' });
if (!unsloth.ok) throw new Error(unsloth.error);
const articleAlternative = (e) => e.alternatives.find((x) => x.kind === 'article-setup');
const article = (e) => {
  let a = articleAlternative(e);
  let stack = '';
  if (!a) {
    a = articleAlternative(unsloth.value.rows.find((r) => r.method === e.method));
    stack = ' (`--stack unsloth`)';
  }
  return { hw: a.hardware, stack, hours: a.hours, perRun: a.perRunUsd, project: a.projectUsd, buy: a.hardwareBuyUsd };
};
const hw = (h, stack = '') => `${h.count}× ${h.gpuName}, ${SHORT_STRATEGY_LABEL[h.strategy]}${stack}`;
const line = (label, cells) => `| ${label} | ${cells.join(' | ')} |`;
console.log(line('', ['full', 'LoRA', 'QLoRA', 'article']));
console.log('|---|---|---|---|---|');
console.log(line('memory', [...rows.map((r) => `${num(r.memory.totalGB)} GB`), '~1,120 / ~160–200 / ~46 GB']));
console.log(line("the article's setup", [...rows.map((r) => hw(article(r).hw, article(r).stack)), '8× H100 / 4× A100 80GB / 48 GB GPU']));
console.log(line('  hours per run', [...rows.map((r) => hoursRange(article(r).hours)), '10–15 / 8–12 / 10–20']));
console.log(line('  cost per run', [...rows.map((r) => dollars(article(r).perRun)), '$240–360 / $38–58 / $10–24']));
console.log(line('  project', [...rows.map((r) => dollars(article(r).project)), '$1,200–3,600 / $190–580 / $100–480']));
console.log(line('  buy-in', [...rows.map((r) => thousands(article(r).buy)), '$280K+ (TL;DR ~$240K) / $60–80K / $6.5–15K']));
console.log(line("ftcost's plan", [...rows.map((r) => hw(r.hardware.used)), '']));
console.log(line('  hours per run', [...rows.map((r) => hoursRange(r.time.hours)), '']));
console.log(line('  cost per run', [...rows.map((r) => dollars(r.cost.perRunUsd)), '']));
console.log(line('  project', [...rows.map((r) => dollars(r.cost.projectUsd)), '']));
console.log(line('  buy-in', [...rows.map((r) => thousands(r.cost.hardwareBuyUsd)), '']));
