import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recommend, TASKS, type Method, type RecommendInput } from '../../src/engine/index.js';

const RANK: Record<Method, number> = { qlora: 0, lora: 1, full: 2 };
const rank = (m: Method): number => RANK[m] ?? -1;

const facts: fc.Arbitrary<RecommendInput> = fc.record(
  {
    model: fc.constantFrom('70b', '8b', 'mixtral-8x7b', 'qwen2.5-14b', 'llama-3.2-3b'),
    examples: fc.integer({ min: 500, max: 400_000 }),
    epochs: fc.constantFrom(1, 2, 3),
    task: fc.constantFrom(...TASKS),
    qualityCritical: fc.boolean(),
    firstTime: fc.boolean(),
    multiGpu: fc.boolean(),
    iterations: fc.integer({ min: 1, max: 60 }),
  },
  { requiredKeys: [] },
);

const verdict = (input: RecommendInput): Method => {
  const r = recommend(input);
  if (!r.ok) throw new Error(r.error);
  return r.value.verdict;
};

describe('the verdict is stable', () => {
  it('the same inputs give the same answer, figures and words', () => {
    fc.assert(
      fc.property(facts, fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }), (f, budget) => {
        const input = budget === undefined ? f : { ...f, budgetUsd: budget };
        expect(recommend(input)).toEqual(recommend(input));
      }),
      { numRuns: 60 },
    );
  });

  it('more budget never pushes the verdict toward a cheaper method (in particular never from full to QLoRA)', () => {
    fc.assert(
      fc.property(facts, fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 200_000 }), (f, low, extra) => {
        const before = verdict({ ...f, budgetUsd: low });
        const after = verdict({ ...f, budgetUsd: low + extra });
        return rank(after) >= rank(before);
      }),
      { numRuns: 150 },
    );
  });

  it('adding "a 2–5% quality difference matters" never pushes toward QLoRA', () => {
    fc.assert(
      fc.property(facts, (f) => rank(verdict({ ...f, qualityCritical: true })) >= rank(verdict({ ...f, qualityCritical: false }))),
      { numRuns: 100 },
    );
  });

  it('saying the team has no multi-GPU engineers never yields full fine-tuning over LoRA by that fact alone', () => {
    fc.assert(
      fc.property(facts, (f) => !(verdict({ ...f, multiGpu: false }) === 'full' && verdict({ ...f, multiGpu: true }) !== 'full')),
      { numRuns: 100 },
    );
  });
});
