import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRICES,
  GPUS,
  MODELS,
  parsePriceTable,
  priceFor,
  resolveGpu,
  resolveModel,
  resolveProvider,
} from '../../src/engine/index.js';
import { paramCounts } from '../../src/engine/shape.js';

const DESIGN_MODEL_IDS = [
  'llama-2-7b',
  'llama-2-13b',
  'llama-2-70b',
  'llama-65b',
  'llama-3.2-1b',
  'llama-3.2-3b',
  'llama-3.1-8b',
  'llama-3.1-70b',
  'llama-3.3-70b',
  'llama-3.1-405b',
  'mistral-7b',
  'mixtral-8x7b',
  'mixtral-8x22b',
  'qwen2.5-0.5b',
  'qwen2.5-1.5b',
  'qwen2.5-3b',
  'qwen2.5-7b',
  'qwen2.5-14b',
  'qwen2.5-32b',
  'qwen2.5-72b',
  'gemma-2-9b',
  'gemma-2-27b',
];
const DESIGN_GPU_IDS = [
  'h100-sxm',
  'h100-pcie',
  'h200',
  'b200',
  'a100-80gb',
  'a100-80gb-pcie',
  'a100-40gb',
  'l40s',
  'rtx-6000-ada',
  'rtx-a6000',
  'rtx-4090',
  'l4',
  'mi300x',
];

describe('model catalog', () => {
  it('has every model DESIGN.md lists, each with a source and an as-of date', () => {
    const ids = MODELS.map((m) => m.id);
    for (const id of DESIGN_MODEL_IDS) expect(ids).toContain(id);
    expect(MODELS.length).toBeGreaterThanOrEqual(20);
    for (const m of MODELS) {
      expect(m.source.length).toBeGreaterThan(5);
      expect(m.asOf).toMatch(/^\d{4}-\d{2}/);
    }
  });

  it.each(MODELS.map((m) => [m.id, m] as const))(
    '%s: parameters computed from the shape match the published count within 2%%',
    (_id, m) => {
      const total = paramCounts(m.shape).total / 1e9;
      expect(Math.abs(total - m.publishedParamsB) / m.publishedParamsB).toBeLessThan(0.02);
    },
  );

  it('exact counts for shapes checked parameter by parameter (config-derived)', () => {
    expect(resolveModel('llama-3.1-8b').ok && paramCounts(MODELS.find((m) => m.id === 'llama-3.1-8b')!.shape).total).toBe(8_030_261_248);
    expect(paramCounts(MODELS.find((m) => m.id === 'llama-3.1-70b')!.shape).total).toBe(70_553_706_496);
    expect(paramCounts(MODELS.find((m) => m.id === 'qwen2.5-7b')!.shape).total).toBe(7_615_616_512);
    expect(paramCounts(MODELS.find((m) => m.id === 'gemma-2-9b')!.shape).total).toBe(9_241_705_984);
  });

  it('mixtures of experts keep total and active parameters apart', () => {
    const mixtral = resolveModel('mixtral-8x7b');
    expect(mixtral.ok).toBe(true);
    if (!mixtral.ok) return;
    expect(mixtral.value.params.total / 1e9).toBeCloseTo(46.7, 1);
    expect(mixtral.value.params.active / 1e9).toBeCloseTo(12.9, 1);
    const big = resolveModel('mixtral 8x22b');
    expect(big.ok && big.value.params.total / 1e9).toBeCloseTo(140.6, 0);
    expect(big.ok && big.value.params.active / 1e9).toBeCloseTo(39.2, 0);
  });

  it.each([
    ['70b', 'llama-3.1-70b'],
    ['70B', 'llama-3.1-70b'],
    ['8b', 'llama-3.1-8b'],
    ['65b', 'llama-65b'],
    ['7b', 'llama-2-7b'],
    ['405b', 'llama-3.1-405b'],
    ['Llama 3.1 70B', 'llama-3.1-70b'],
    ['llama3 70b', 'llama-3.1-70b'],
    ['llama 70b', 'llama-3.1-70b'],
    ['Llama-3.1-70B-Instruct', 'llama-3.1-70b'],
    ['meta-llama/Meta-Llama-3.1-8B-Instruct', 'llama-3.1-8b'],
    ['llama-2-70b', 'llama-2-70b'],
    ['mixtral-8x7b', 'mixtral-8x7b'],
    ['Mixtral 8x7B Instruct', 'mixtral-8x7b'],
    ['qwen 2.5 72b', 'qwen2.5-72b'],
    ['Qwen2.5-7B-Instruct', 'qwen2.5-7b'],
    ['qwen 72b', 'qwen2.5-72b'],
    ['gemma2 9b', 'gemma-2-9b'],
    ['mistral 7b', 'mistral-7b'],
  ])('%s resolves to %s', (text, id) => {
    const r = resolveModel(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.id).toBe(id);
  });

  it('a bare size no catalog model has becomes a synthesized Llama-like shape of that size, and says so', () => {
    const r = resolveModel('30b');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.synthesized).toBe(true);
    expect(r.value.params.total / 1e9).toBeCloseTo(30, 3);
    expect(r.value.resolvedFrom).toMatch(/synthesized/);
  });

  it.each(['gpt-5', 'llama 3.1', '', '0.2b', '99999b', 'x'.repeat(10_000)])('%s is refused with a one-line message', (text) => {
    const r = resolveModel(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^model: /);
      expect(r.error.split('\n')).toHaveLength(1);
      expect(r.error.length).toBeLessThan(250);
    }
  });
});

describe('GPU catalog', () => {
  it('has the GPUs of calibration.md §6 with memory in bytes as sold (GiB) and dense BF16 throughput', () => {
    expect(GPUS.length).toBeGreaterThanOrEqual(12);
    for (const id of DESIGN_GPU_IDS) expect(GPUS.map((g) => g.id)).toContain(id);
    const h100 = GPUS.find((g) => g.id === 'h100-sxm')!;
    expect(h100.memoryBytes).toBe(80 * 2 ** 30);
    expect(h100.bf16Tflops).toBeCloseTo(989, 0);
    // RTX 4090: 165.2 dense BF16 with FP32 accumulate; 82.6 is its non-tensor FP32 rate.
    expect(GPUS.find((g) => g.id === 'rtx-4090')!.bf16Tflops).toBeCloseTo(165.2, 1);
    for (const g of GPUS) {
      expect(g.purchaseUsd.low).toBeGreaterThan(0);
      expect(g.purchaseUsd.low).toBeLessThanOrEqual(g.purchaseUsd.high);
      expect(g.source.length).toBeGreaterThan(5);
      expect(g.asOf).toMatch(/^\d{4}-\d{2}/);
    }
  });

  it.each([
    ['A100 80GB', 'a100-80gb'],
    ['a100', 'a100-80gb'],
    ['A100 40GB', 'a100-40gb'],
    ['h100', 'h100-sxm'],
    ['H100 SXM', 'h100-sxm'],
    ['RTX 4090', 'rtx-4090'],
    ['4090', 'rtx-4090'],
    ['rtx 6000 ada', 'rtx-6000-ada'],
    ['a6000', 'rtx-a6000'],
    ['MI300X', 'mi300x'],
    ['nvidia l40s', 'l40s'],
  ])('%s resolves to %s', (text, id) => {
    const r = resolveGpu(text);
    expect(r.ok && r.value.id).toBe(id);
  });

  it('an unknown GPU lists the accepted ids', () => {
    const r = resolveGpu('tpu-v5');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('h100-sxm');
  });
});

describe('price table', () => {
  it('has at least 4 providers, each with an as-of date, and a price for every GPU but those that say why they have none', () => {
    expect(DEFAULT_PRICES.providers.length).toBeGreaterThanOrEqual(4);
    for (const p of DEFAULT_PRICES.providers) expect(p.asOf).toMatch(/^\d{4}-\d{2}/);
    for (const g of GPUS) {
      if (g.noPublicPrice) expect(priceFor(DEFAULT_PRICES, g.id), g.id).toBeUndefined();
      else expect(priceFor(DEFAULT_PRICES, g.id), g.id).toBeDefined();
    }
  });

  it("defaults are the article's prices where it gives one", () => {
    expect(priceFor(DEFAULT_PRICES, 'h100-sxm')).toMatchObject({ low: 3, high: 3 });
    expect(priceFor(DEFAULT_PRICES, 'a100-80gb')).toMatchObject({ low: 1.2, high: 1.2 });
    expect(priceFor(DEFAULT_PRICES, 'a100-40gb')).toMatchObject({ low: 1, high: 1.2 });
    expect(priceFor(DEFAULT_PRICES, 'h100-sxm')?.source).toMatch(/article/);
  });

  it('a named provider uses its own list price and date', () => {
    const lambda = resolveProvider(DEFAULT_PRICES, 'Lambda');
    expect(lambda.ok).toBe(true);
    if (!lambda.ok) return;
    const price = priceFor(DEFAULT_PRICES, 'h100-sxm', lambda.value);
    expect(price).toMatchObject({ low: 3.99, high: 3.99, provider: 'lambda', asOf: lambda.value.asOf });
  });

  it('a replacement table is validated, one line per problem', () => {
    const bad = parsePriceTable({
      asOf: 'yesterday',
      providers: [{ id: 'x', name: 'X', url: 'http://x', asOf: '2026-01', perGpuHour: { 'h100-sxm': -1 } }],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const lines = bad.error.split('\n');
    expect(lines.some((l) => l.startsWith('asOf:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('providers.0.perGpuHour.h100-sxm:'))).toBe(true);
    expect(parsePriceTable({ asOf: '2026-01', providers: [] }).ok).toBe(false);
    expect(parsePriceTable('not a table').ok).toBe(false);
  });
});
