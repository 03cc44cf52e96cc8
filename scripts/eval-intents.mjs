#!/usr/bin/env node
// Accuracy of the deterministic intent parser on the labelled set (test/fixtures/intents.json).
// Run after `npm run build`: node scripts/eval-intents.mjs [--mistakes]
import { readFileSync } from 'node:fs';

const { evaluate, parseRules } = await import('../dist/src/intent/index.js');
const set = JSON.parse(readFileSync(new URL('../test/fixtures/intents.json', import.meta.url), 'utf8'));
const report = evaluate(set, parseRules);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
console.log(`labelled messages: ${report.messages}`);
console.log(`intent accuracy:   ${pct(report.intentAccuracy)} (target ≥ 95%)`);
console.log(`slot accuracy:     ${pct(report.slotAccuracy)} over ${report.slotPairs} filled slots (target ≥ 95%)`);
if (process.argv.includes('--mistakes')) {
  for (const m of report.mistakes) {
    console.log(`\n  ${JSON.stringify(m.text)}`);
    console.log(`    expected ${m.expected.intent} ${JSON.stringify(m.expected.slots)}`);
    console.log(`    got      ${m.actual.intent} ${JSON.stringify(m.actual.slots)}`);
  }
} else if (report.mistakes.length) console.log(`(${report.mistakes.length} messages with a mistake; --mistakes lists them)`);
