import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupThousands, hoursRange, num } from '../../src/engine/index.js';
import { cmp } from '../support/engine.js';

/** docs/methodology.md §8 quotes the engine's figures for the article's scenario: they must stay true. */
describe('methodology doc matches the engine', () => {
  const doc = readFileSync(new URL('../../docs/methodology.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## 8.'), doc.indexOf('## 9.'));
  const rows = cmp({ model: '70b', examples: 10_000, epochs: 3 }).rows;
  const dollars = (r: { low: number; high: number }) => `$${groupThousands(Math.round(r.low))}–${groupThousands(Math.round(r.high))}`;

  it.each(rows.map((r) => [r.method, r] as const))('%s row', (_method, r) => {
    expect(section).toContain(`${num(r.memory.totalGB)} GB`);
    expect(section).toContain(hoursRange(r.time.hours));
    expect(section).toContain(dollars(r.cost.perRunUsd));
    expect(section).toContain(dollars(r.cost.projectUsd));
  });

  it("§9's faster plans quote the engine's alternatives", () => {
    const full = rows.find((r) => r.method === 'full')!;
    const twoNodes = full.alternatives.find((a) => a.hardware.strategy === 'fsdp' && a.hardware.gpu === 'h100-sxm')!;
    expect(doc).toContain(`16× H100 with FSDP (${hoursRange(twoNodes.hours)} h, ${dollars(twoNodes.perRunUsd)} per run)`);
    const lora = rows.find((r) => r.method === 'lora')!;
    const fsdp = lora.alternatives.find((a) => a.hardware.strategy === 'fsdp')!;
    expect(doc).toContain(`LoRA in ${hoursRange(fsdp.hours)} h (${dollars(fsdp.perRunUsd)})`);
  });
});
