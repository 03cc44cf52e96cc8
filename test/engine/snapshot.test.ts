import { describe, expect, it } from 'vitest';
import { compare, estimate, recommend, type EstimateInput, type RecommendInput } from '../../src/engine/index.js';

/**
 * The engine's figures for a few dozen cases, kept in test/fixtures/engine-snapshot.json so that a
 * refactoring cannot move a number unnoticed. Prose (assumptions, warnings, reason texts) is left
 * out: sentences may change, figures may not. Update with `npx vitest run -u test/engine/snapshot.test.ts`
 * only when a figure changes on purpose, and say why in the commit.
 */
const PROSE = new Set([
  'basis',
  'notes',
  'assumptions',
  'warnings',
  'text',
  'label',
  'source',
  'sources',
  'purchaseSource',
  'includes',
  'questions',
  'changeIf',
  'upgradePath',
  'dataPreparation',
  'fact',
]);

const alternativeFigures = (a: { hardware: { gpu: string; count: number; strategy: string }; hours: unknown; perRunUsd: unknown }) => ({
  hardware: { gpu: a.hardware.gpu, count: a.hardware.count, strategy: a.hardware.strategy },
  hours: a.hours,
  perRunUsd: a.perRunUsd,
});

function figures(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(figures);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (PROSE.has(key)) continue;
      // An alternative's figures: its hardware, hours and cost (its kind and names are words).
      out[key] = key === 'alternatives' && Array.isArray(v) ? v.map(alternativeFigures) : figures(v);
    }
    return out;
  }
  return value;
}

const COMPARE_CASES: Array<Omit<EstimateInput, 'method'>> = [
  { model: '70b', examples: 10_000, epochs: 3 },
  { model: '1b', examples: 1_000, epochs: 3 },
  { model: '3b', examples: 10_000, epochs: 2 },
  { model: '8b', examples: 50_000, epochs: 2 },
  { model: '8b', examples: 1_000_000, epochs: 1 },
  { model: 'llama-2-13b', examples: 8_000 },
  { model: '34b', examples: 100_000, epochs: 3 },
  { model: 'qwen2.5-7b', examples: 20_000, epochs: 3, tokensPerExample: 1024 },
  { model: 'gemma-2-27b', examples: 10_000 },
  { model: 'mixtral-8x7b', examples: 250_000, epochs: 1 },
  { model: 'mixtral-8x22b', examples: 10_000 },
  { model: 'llama-3.1-405b', examples: 10_000 },
  { model: '70b', examples: 1_000_000, epochs: 3 },
  { model: '70b', examples: 10_000, epochs: 3, provider: 'runpod' },
  { model: '70b', datasetTokens: 50_000_000, epochs: 2 },
];

const ESTIMATE_CASES: EstimateInput[] = [
  { method: 'qlora', model: '70b', examples: 10_000, epochs: 3 },
  { method: 'full', model: '70b', examples: 10_000, epochs: 3, gpu: 'h100-sxm', gpus: 1 },
  { method: 'full', model: '8b', examples: 10_000, epochs: 3, gpu: 'h100-sxm', gpus: 1 },
  { method: 'full', model: 'llama-3.1-8b', examples: 100_000, epochs: 2, provider: 'runpod' },
  { method: 'full', model: '8b', examples: 10_000, optimizer: 'adamw-8bit' },
  { method: 'full', model: '8b', examples: 10_000, precision: 'bf16' },
  { method: 'lora', model: 'mixtral-8x7b', examples: 250_000, gpu: 'a100-80gb', gpus: 2, gradCkpt: true },
  { method: 'lora', model: '8b', examples: 10_000, rank: 64, targets: 'attn' },
  { method: 'lora', model: '70b', examples: 10_000, seqLen: 4096, microBatch: 2 },
  { method: 'qlora', model: '8b', examples: 10_000, gpu: 'rtx-4090' },
  { method: 'qlora', model: '70b', examples: 10_000, bits: 8 },
  { method: 'qlora', model: '70b', examples: 10_000, doubleQuant: false, runs: 4 },
  { method: 'qlora', model: '405b', examples: 10_000, gpu: 'a100-80gb' },
  { method: 'full', model: '405b', examples: 10_000 },
  { method: 'lora', model: '13b', examples: 5_000, gpu: 'l4', gpus: 4 },
];

const RECOMMEND_CASES: RecommendInput[] = [
  {},
  { budgetUsd: 500, examples: 8_000, task: 'domain-adaptation' },
  { model: 'llama-3.1-8b', examples: 100_000, budgetUsd: 100 },
  { model: 'llama-3.1-405b', examples: 10_000 },
  { model: 'llama-2-13b', examples: 8_000, budgetUsd: 500, task: 'domain-adaptation' },
  { model: '70b', examples: 200_000, task: 'code', qualityCritical: true, multiGpu: true },
  { model: '8b', examples: 5_000, firstTime: true, multiGpu: false },
  { model: '70b', examples: 10_000, iterations: 30, runsPerMonth: 12 },
];

describe('engine figures stay put through refactoring (test/fixtures/engine-snapshot.json)', () => {
  it('compare, estimate and recommend give the recorded figures', async () => {
    const out: Record<string, unknown> = {};
    for (const input of COMPARE_CASES) {
      const r = compare(input);
      out[`compare ${JSON.stringify(input)}`] = r.ok ? figures(r.value) : { error: r.error };
    }
    for (const input of ESTIMATE_CASES) {
      const r = estimate(input);
      out[`estimate ${JSON.stringify(input)}`] = r.ok ? figures(r.value) : { error: r.error };
    }
    for (const input of RECOMMEND_CASES) {
      const r = recommend(input);
      out[`recommend ${JSON.stringify(input)}`] = r.ok
        ? figures({
            verdict: r.value.verdict,
            confidence: r.value.confidence,
            rules: r.value.reasons.map((x) => x.rule),
            buyVsRent: r.value.buyVsRent,
            estimates: r.value.estimates,
          })
        : { error: r.error };
    }
    await expect(`${JSON.stringify(out, null, 1)}\n`).toMatchFileSnapshot('../fixtures/engine-snapshot.json');
  });
});
