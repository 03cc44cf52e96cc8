import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recommend, TASKS, type Estimate, type Range, type Recommendation, type RecommendInput } from '../../src/engine/index.js';
import { reasonText } from '../../src/reply/words.js';

/**
 * The advice issue's invariants, over models from 1B to 405B (MoE included), 1K–1M examples,
 * budgets and quality needs: every claim in the reasons holds against the figures of the same
 * result; no method is recommended when another is cheaper per run and per project and better;
 * a budget that one method's whole project fits is never passed over for one it does not cover
 * (unless quality is critical, and the reasons say so); every costed setup fits; a job that fits
 * one 80 GB card is not typically spread over more than two GPUs.
 */
const MODELS = [
  'llama-3.2-1b',
  'llama-3.2-3b',
  '8b',
  'qwen2.5-14b',
  'gemma-2-27b',
  'qwen3-30b-a3b',
  'mixtral-8x7b',
  '70b',
  'mixtral-8x22b',
  '405b',
];

const facts: fc.Arbitrary<RecommendInput> = fc.record(
  {
    model: fc.constantFrom(...MODELS),
    examples: fc.constantFrom(1_000, 5_000, 10_000, 50_000, 100_000, 300_000, 1_000_000),
    epochs: fc.constantFrom(1, 2, 3),
    budgetUsd: fc.oneof(fc.integer({ min: 5, max: 2_000 }), fc.integer({ min: 2_000, max: 200_000 })),
    task: fc.constantFrom(...TASKS),
    qualityCritical: fc.boolean(),
    firstTime: fc.boolean(),
  },
  { requiredKeys: ['model', 'examples'] },
);

const mid = (r: Range) => (r.low + r.high) / 2;
const rec = (input: RecommendInput): Recommendation => {
  const r = recommend(input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const byMethod = (r: Recommendation) => new Map(r.estimates.map((e) => [e.method, e]));
const sameRange = (a: unknown, b: Range) => JSON.stringify(a) === JSON.stringify(b);

/** Checks each reason's claim against the estimates it came with; returns what is false. */
function falseClaims(r: Recommendation, input: RecommendInput): string[] {
  const es = byMethod(r);
  const wrong: string[] = [];
  for (const reason of r.reasons) {
    const e = es.get(reason.method) as Estimate;
    const v = reason.versus ? (es.get(reason.versus) as Estimate) : undefined;
    const f = reason.figures;
    const say = (ok: boolean) => {
      if (!ok) wrong.push(`${reason.rule}: ${reasonText(reason)}`);
    };
    // Figures quoted are the method's own.
    if (f.project) say(sameRange(f.project, e.cost.projectUsd));
    if (f.perRun) say(sameRange(f.perRun, e.cost.perRunUsd));
    if (v && f.versusProject) say(sameRange(f.versusProject, v.cost.projectUsd));
    if (v && f.versusPerRun) say(sameRange(f.versusPerRun, v.cost.perRunUsd));
    const B = input.budgetUsd as number;
    switch (reason.rule) {
      case 'cheaper-by':
        say(!!v && mid(e.cost.projectUsd) < mid(v.cost.projectUsd));
        say(!!v && Math.abs((f.ratio as number) - mid(v.cost.projectUsd) / mid(e.cost.projectUsd)) < 1e-6);
        break;
      case 'beats-on-cost-and-quality':
        say(!!v && mid(e.cost.perRunUsd) <= mid(v.cost.perRunUsd) && mid(e.cost.projectUsd) <= mid(v.cost.projectUsd));
        say(!!v && e.quality.vsFullPct.low >= v.quality.vsFullPct.low && e.quality.vsFullPct.high >= v.quality.vsFullPct.high);
        break;
      case 'cheapest-enough':
        say(r.estimates.every((x) => mid(e.cost.projectUsd) <= mid(x.cost.projectUsd)));
        break;
      case 'budget': {
        const p = e.cost.projectUsd;
        const fit = f.fit;
        say(fit === 'covers' ? B >= p.high : fit === 'covers-low-end' ? B >= p.low && B < p.high : B < p.low);
        break;
      }
      case 'budget-rules-out':
      case 'quality-over-budget':
        say(B < e.cost.projectUsd.low);
        break;
      case 'budget-below-all':
        say(r.estimates.every((x) => B < x.cost.projectUsd.low));
        break;
      default:
        break;
    }
  }
  return wrong;
}

describe('recommendations that follow from the figures (property tests)', () => {
  it('every cost or budget claim in the reasons holds against the figures of the same result', () => {
    fc.assert(
      fc.property(facts, (input) => {
        const r = rec(input);
        expect(falseClaims(r, input)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('no method is recommended when another is cheaper per run and per project and better in quality', () => {
    fc.assert(
      fc.property(facts, (input) => {
        const r = rec(input);
        const v = byMethod(r).get(r.verdict) as Estimate;
        for (const o of r.estimates) {
          if (o.method === r.verdict) continue;
          const dominates =
            mid(o.cost.perRunUsd) < mid(v.cost.perRunUsd) &&
            mid(o.cost.projectUsd) < mid(v.cost.projectUsd) &&
            o.quality.vsFullPct.low > v.quality.vsFullPct.low;
          expect(dominates, `${o.method} beats ${r.verdict}`).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('with a budget, a method whose project exceeds it is not chosen while another’s whole range fits (unless quality is critical, said)', () => {
    fc.assert(
      fc.property(facts, (input) => {
        const r = rec(input);
        const B = input.budgetUsd as number;
        const v = byMethod(r).get(r.verdict) as Estimate;
        const someoneFits = r.estimates.some((e) => e.cost.projectUsd.high <= B);
        if (v.cost.projectUsd.high > B && someoneFits) {
          expect(input.qualityCritical, `${r.verdict} over ${B}`).toBe(true);
          expect(r.reasons.some((x) => x.rule === 'quality-over-budget' || x.rule === 'budget')).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every costed setup fits, and a job that fits one 80 GB card is typically on at most two GPUs', () => {
    fc.assert(
      fc.property(facts, (input) => {
        const r = rec(input);
        for (const e of r.estimates) {
          expect(e.hardware.used.fits).toBe(true);
          const one80 = e.hardware.options.some((o) => o.count === 1 && o.gpu === 'h100-sxm');
          if (one80) expect(e.hardware.typical.count, `${e.method} ${e.model.id}`).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the same inputs give the same answer', () => {
    fc.assert(
      fc.property(facts, (input) => {
        expect(recommend(input)).toEqual(recommend(input));
      }),
      { numRuns: 20 },
    );
  });
});
