import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorTable, runCase, type CalibrationCase } from '../../src/engine/calibration.js';

/**
 * Every published measurement we hold (test/fixtures/calibration-cases.json, from calibration.md and
 * calibration-2.md), run through the engine on the setup it was measured on. Prints the error table
 * that docs/methodology.md carries; `node scripts/calibration-table.mjs` prints the same after a build.
 */
const fixture = JSON.parse(readFileSync(new URL('../fixtures/calibration-cases.json', import.meta.url), 'utf8')) as {
  cases: CalibrationCase[];
};

describe('published fine-tuning measurements (calibration.md, calibration-2.md)', () => {
  const table = errorTable(fixture.cases);

  it('prints the error table', () => {
    console.log(`\n${table.markdown}\n`);
    expect(table.rows).toHaveLength(fixture.cases.length);
  });

  it('every case names its source, and the fixture holds all 18 cases of calibration-2.md', () => {
    for (const c of fixture.cases) expect(c.source.length, c.id).toBeGreaterThan(10);
    expect(fixture.cases.filter((c) => c.set === 'calibration-2')).toHaveLength(18);
    expect(new Set(fixture.cases.map((c) => c.id)).size).toBe(fixture.cases.length);
  });

  it('at least 90% of memory figures within ±20%', () => {
    const m = table.summary.memory;
    expect(m.count).toBeGreaterThan(0);
    expect(m.close / m.count).toBeGreaterThanOrEqual(0.9);
  });

  it('at least 90% of throughputs within 1.5×', () => {
    const t = table.summary.throughput;
    expect(t.count).toBeGreaterThan(0);
    expect(t.close / t.count).toBeGreaterThanOrEqual(0.9);
  });

  it('the time range, at most 2× wide, contains the measured figure in at least 60% of cases', () => {
    const t = table.summary.throughput;
    expect(t.widestRange).toBeLessThanOrEqual(2);
    expect(t.contained / t.count).toBeGreaterThanOrEqual(0.6);
  });

  it('a case runs on exactly its published setup: a GPU the catalog lacks is an error, not a guess', () => {
    const first = fixture.cases[0] as CalibrationCase;
    expect(() => runCase({ ...first, gpu: 'no-such-gpu' })).toThrow(/unknown gpu/);
  });
});
