#!/usr/bin/env node
// How the rules read each message given on the command line (after `npm run build`): node scripts/parse-debug.mjs "qlora 70b 10k 3"
const { parseRules } = await import('../dist/src/intent/index.js');
for (const text of process.argv.slice(2)) {
  const intent = parseRules(text);
  const slots = Object.fromEntries(Object.entries(intent.slots).filter(([, v]) => v !== null));
  console.log(`${JSON.stringify(text)} → ${intent.intent} ${JSON.stringify(slots)}${intent.problem ? ` problem: ${intent.problem}` : ''}`);
}
