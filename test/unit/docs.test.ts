import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupThousands, hoursRange, num } from '../../src/engine/index.js';
import { articleSetup, cmp } from '../support/engine.js';

/** docs/methodology.md §8 quotes the engine's figures for the article's scenario: they must stay true. */
describe('methodology doc matches the engine', () => {
  const doc = readFileSync(new URL('../../docs/methodology.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## 8.'), doc.indexOf('## 9.'));
  const rows = cmp({ model: '70b', examples: 10_000, epochs: 3 }).rows;
  const dollars = (r: { low: number; high: number }) => `$${groupThousands(Math.round(r.low))}–${groupThousands(Math.round(r.high))}`;

  it.each(rows.map((r) => [r.method, r] as const))("%s: the article's setup and ftcost's plan", (_method, r) => {
    expect(section).toContain(`${num(r.memory.totalGB)} GB`);
    // QLoRA's article setup cannot hold the job on the default stack; the table shows it on Unsloth's (§8).
    const article = r.alternatives.some((a) => a.kind === 'article-setup')
      ? articleSetup(r)
      : articleSetup(cmp({ model: '70b', examples: 10_000, epochs: 3, stack: 'unsloth' }).rows.find((x) => x.method === r.method)!);
    for (const figures of [
      { hours: article.hours, perRun: article.perRunUsd, project: article.projectUsd },
      { hours: r.time.hours, perRun: r.cost.perRunUsd, project: r.cost.projectUsd },
    ]) {
      expect(section).toContain(hoursRange(figures.hours));
      expect(section).toContain(dollars(figures.perRun));
      expect(section).toContain(dollars(figures.project));
    }
  });
});
