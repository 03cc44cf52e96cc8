#!/usr/bin/env node
// Runs every published case of test/fixtures/calibration-cases.json through the engine and prints
// the error table (memory within ±20%, throughput within 1.5×, range containment).
// Run after `npm run build`: node scripts/calibration-table.mjs [--json]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { errorTable } = await import('../dist/src/engine/calibration.js');
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../test/fixtures/calibration-cases.json', import.meta.url)), 'utf8'));
const table = errorTable(fixture.cases);
if (process.argv.includes('--json')) console.log(JSON.stringify({ rows: table.rows, summary: table.summary }, null, 1));
else console.log(table.markdown);
