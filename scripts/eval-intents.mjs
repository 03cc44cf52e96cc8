#!/usr/bin/env node
// Accuracy of the deterministic intent parser on labelled messages, conversations and number forms.
// Run after `npm run build`:
//   node scripts/eval-intents.mjs [--set intents-heldout-5.json] [--mistakes]
//   node scripts/eval-intents.mjs --conversations [--mistakes]      (test/fixtures/conversations-heldout.json)
//   node scripts/eval-intents.mjs --numbers [--mistakes]            (test/fixtures/numbers-tricky.json)
import { readFileSync } from 'node:fs';

const { evaluate, evaluateConversations, evaluateNumbers, parseRules } = await import('../dist/src/intent/index.js');
const arg = (name) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const load = (name) => JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8'));
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const showMistakes = process.argv.includes('--mistakes');

if (process.argv.includes('--conversations')) {
  const report = evaluateConversations(load(arg('--set') ?? 'conversations-heldout.json'), parseRules);
  console.log(`conversations: ${report.conversations}, turns: ${report.turns}`);
  console.log(
    `follow-up turns (${report.followUps.turns}): intents ${pct(report.followUps.intentAccuracy)}, slots ${pct(report.followUps.slotAccuracy)}`,
  );
  console.log(`last turns: intents ${pct(report.lastTurn.intentAccuracy)}, slots ${pct(report.lastTurn.slotAccuracy)}`);
  if (showMistakes)
    for (const m of report.mistakes)
      console.log(
        `\n  ${m.id} #${m.turn} ${JSON.stringify(m.text)}\n    expected ${JSON.stringify(m.expected)}\n    got      ${JSON.stringify(m.actual)}`,
      );
} else if (process.argv.includes('--numbers')) {
  const report = evaluateNumbers(load(arg('--set') ?? 'numbers-tricky.json'), parseRules);
  console.log(
    `number forms: ${report.forms}; right: ${report.right}; confidently wrong: ${report.confidentlyWrong.length}; missed: ${report.missed.length}`,
  );
  if (showMistakes) {
    for (const w of report.confidentlyWrong) console.log(`  WRONG ${JSON.stringify(w.text)}: ${w.slot} = ${w.got}, meant ${w.want}`);
    for (const m of report.missed) console.log(`  missed ${JSON.stringify(m)}`);
  }
} else {
  const name = arg('--set') ?? 'intents.json';
  const report = evaluate(load(name), parseRules);
  console.log(`${name}: ${report.messages} labelled messages`);
  console.log(`intent accuracy:   ${pct(report.intentAccuracy)} (target ≥ 95%)`);
  console.log(`slot accuracy:     ${pct(report.slotAccuracy)} over ${report.slotPairs} filled slots (target ≥ 95%)`);
  if (showMistakes) {
    for (const m of report.mistakes) {
      console.log(`\n  ${JSON.stringify(m.text)}`);
      console.log(`    expected ${m.expected.intent} ${JSON.stringify(m.expected.slots)}`);
      console.log(`    got      ${m.actual.intent} ${JSON.stringify(m.actual.slots)}`);
    }
  } else if (report.mistakes.length) console.log(`(${report.mistakes.length} messages with a mistake; --mistakes lists them)`);
}
