import { describe, expect, it } from 'vitest';
import { MODELS, resolveModel } from '../../src/engine/index.js';
import { buildConfig } from '../../src/engine/estimate.js';
import { layerActivationBytesPerToken } from '../../src/engine/memory.js';
import { methodSpec } from '../../src/engine/methods.js';
import { flopsPerToken } from '../../src/engine/time.js';
import { loraParams, mlpActivationElements, paramCounts } from '../../src/engine/shape.js';
import { est } from '../support/engine.js';

const entry = (id: string) => {
  const m = MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`no catalog model ${id}`);
  return m;
};
const resolved = (id: string) => {
  const r = resolveModel(id);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

/** Parameter counts computed from each config, and the count the publisher or the Hub's safetensors metadata gives. */
const EXACT: Array<[string, number, string]> = [
  ['qwen3-0.6b', 596_049_920, '0.6B (model card; 0.44B non-embedding)'],
  ['qwen3-1.7b', 1_720_574_976, '1.7B (model card; 1.4B non-embedding)'],
  ['qwen3-4b', 4_022_468_096, '4.0B (model card)'],
  ['qwen3-8b', 8_190_735_360, '8.2B (model card; 6.95B non-embedding)'],
  ['qwen3-14b', 14_768_307_200, '14.8B (model card)'],
  ['qwen3-32b', 32_762_123_264, '32.8B (model card; 31.2B non-embedding)'],
  ['qwen3-30b-a3b', 30_532_122_624, '30.5B (model card)'],
  ['qwen3-235b-a22b', 235_093_634_560, '235B (model card)'],
  ['gemma-3-1b', 999_885_952, '1B (model card)'],
  ['gemma-3-4b', 4_300_079_472, 'safetensors total'],
  ['gemma-3-12b', 12_187_325_040, 'safetensors total'],
  ['gemma-3-27b', 27_432_406_640, 'safetensors total'],
  ['deepseek-v3', 671_026_419_200, '671B (paper; the Hub’s 685B adds the 14B multi-token-prediction layer)'],
  ['deepseek-r1', 671_026_419_200, '671B (model card)'],
  ['gpt-oss-20b', 20_914_757_184, '20.91B (OpenAI model card)'],
  ['gpt-oss-120b', 116_829_156_672, '116.83B (OpenAI model card)'],
  ['mistral-small-24b', 23_572_403_200, '23.57B'],
  ['phi-4', 14_659_507_200, 'safetensors total'],
  ['llama-4-scout', 108_641_793_536, 'safetensors total'],
  ['llama-4-maverick', 401_583_781_376, 'safetensors total'],
];

describe('models of 2026 in the built-in catalog', () => {
  it('has every family the issue names, each with a Hub id, aliases, a source and an as-of date', () => {
    for (const [id] of EXACT) {
      const m = entry(id);
      expect(m.hubId, id).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(m.aliases.length, id).toBeGreaterThan(0);
      expect(m.source, id).toMatch(/huggingface\.co\/.*config\.json/);
      expect(m.asOf, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it.each(EXACT)('%s: %i parameters computed from the config (published: %s)', (id, exact) => {
    const m = entry(id);
    expect(paramCounts(m.shape).total).toBe(exact);
    expect(Math.abs(exact / 1e9 - m.publishedParamsB) / m.publishedParamsB).toBeLessThan(0.02);
  });

  it('active parameters match the published active counts (publishers differ on counting the input embedding)', () => {
    for (const m of MODELS.filter((x) => x.publishedActiveParamsB !== undefined && x.hubId)) {
      const p = paramCounts(m.shape);
      const published = (m.publishedActiveParamsB as number) * 1e9;
      const off = Math.min(Math.abs(p.active - published), Math.abs(p.matmul - published)) / published;
      expect(off, m.id).toBeLessThan(0.05);
    }
    expect(resolved('qwen3-30b-a3b').params.active / 1e9).toBeCloseTo(3.35, 2);
    expect(resolved('deepseek-v3').params.active / 1e9).toBeCloseTo(37.55, 2);
  });

  it.each([
    ['qwen3 32b', 'qwen3-32b'],
    ['Qwen3-32B', 'qwen3-32b'],
    ['Qwen/Qwen3-32B', 'qwen3-32b'],
    ['qwen3 30b', 'qwen3-30b-a3b'],
    ['Qwen3-30B-A3B-Instruct-2507', 'qwen3-30b-a3b'],
    ['qwen3 235b', 'qwen3-235b-a22b'],
    ['qwen3 0.6b', 'qwen3-0.6b'],
    ['gemma 3 27b', 'gemma-3-27b'],
    ['gemma3 4b it', 'gemma-3-4b'],
    ['google/gemma-3-12b-it', 'gemma-3-12b'],
    ['deepseek v3', 'deepseek-v3'],
    ['DeepSeek-R1', 'deepseek-r1'],
    ['gpt-oss 20b', 'gpt-oss-20b'],
    ['gpt oss 120b', 'gpt-oss-120b'],
    ['openai/gpt-oss-20b', 'gpt-oss-20b'],
    ['mistral small', 'mistral-small-24b'],
    ['mistral small 3.1', 'mistral-small-24b'],
    ['phi 4', 'phi-4'],
    ['scout', 'llama-4-scout'],
    ['llama 4 scout', 'llama-4-scout'],
    ['maverick', 'llama-4-maverick'],
    ['Llama-4-Maverick-17B-128E-Instruct', 'llama-4-maverick'],
  ])('%s resolves to %s', (text, id) => {
    const r = resolveModel(text);
    expect(r.ok && r.value.id).toBe(id);
  });

  it.each([
    ['qwen 32b', 'qwen2.5-32b'],
    ['gemma 27b', 'gemma-2-27b'],
    ['8b', 'llama-3.1-8b'],
    ['14b', 'qwen2.5-14b'],
    ['27b', 'gemma-2-27b'],
    ['70b', 'llama-3.1-70b'],
  ])('what resolved before still does: %s → %s', (text, id) => {
    const r = resolveModel(text);
    expect(r.ok && r.value.id).toBe(id);
  });
});

describe('the engine on mixtures of experts, MLA and vision towers', () => {
  it('MoE: every expert is held in memory, FLOPs follow the active parameters', () => {
    // Long micro-batches, so that kernel issue on the CPU does not set the pace of either model.
    const job = {
      method: 'lora',
      examples: 10_000,
      gpu: 'h100-sxm',
      gpus: 1,
      tokensPerExample: 2048,
      microBatch: 4,
      gradCkpt: true,
    } as const;
    const moe = est({ ...job, model: 'qwen3-30b-a3b' });
    const dense = est({ ...job, model: 'qwen3-32b' });
    expect(moe.memory.breakdown.weights).toBeCloseTo((30_532_122_624 * 2) / 1e9, 0);
    expect(moe.model.activeParamsB).toBeCloseTo(3.35, 2);
    // About a tenth of the dense model's FLOPs per token; the memory-bound kernels (the routed experts'
    // adapters among them) keep the time above a tenth.
    const flops = (model: string) => {
      const m = resolved(model);
      const cfg = buildConfig(methodSpec('lora'), { ...job, model }, 2048);
      return flopsPerToken(m, cfg, 2048, loraParams(m.shape, cfg.rank, cfg.targets));
    };
    expect(flops('qwen3-30b-a3b')).toBeLessThan(flops('qwen3-32b') / 5);
    expect(moe.time.breakdown.computeHours.low).toBeLessThan(dense.time.breakdown.computeHours.low / 3);
  });

  it('MoE LoRA: `all` adapts every expert (trainable parameters grow with the expert count), `attn` only attention', () => {
    const s = resolved('qwen3-30b-a3b').shape;
    const attention = 2048 + 4096 + 2 * (2048 + 512) + 4096 + 2048;
    expect(loraParams(s, 16, 'attn')).toBe(16 * attention * 48);
    expect(loraParams(s, 16, 'all')).toBe(16 * (attention + 128 * 3 * (2048 + 768)) * 48);
  });

  it('MLA: attention is counted and adapted as its low-rank pairs; dense-first layers and the shared expert are included', () => {
    const s = resolved('deepseek-v3').shape;
    const mlaPairs = 7168 + 1536 + (1536 + 128 * 192) + 7168 + 576 + (512 + 128 * 256) + (128 * 128 + 7168);
    expect(loraParams(s, 8, 'attn')).toBe(8 * mlaPairs * 61);
    const expertsAll = 256 * 3 * (7168 + 2048) + 3 * (7168 + 2048);
    expect(loraParams(s, 8, 'all')).toBe(8 * (mlaPairs + expertsAll) * 58 + 8 * (mlaPairs + 3 * (7168 + 18432)) * 3);
    // Saved MLP activations per token: 8 routed + 1 shared expert in 58 layers, one 18,432-wide MLP in 3.
    expect(mlpActivationElements(s)).toBeCloseTo((58 * 4 * (2048 * 8 + 2048) + 3 * 4 * 18432) / 61, 6);
    expect(layerActivationBytesPerToken(resolved('deepseek-v3'))).toBeGreaterThan(0);
  });

  it('a vision tower is held in memory and frozen: no gradients or optimizer states for it, kept in bf16 under QLoRA', () => {
    const gemma = resolved('gemma-3-27b');
    const tower = gemma.shape.towerParams;
    expect(tower).toBe(423_060_336);
    const full = est({ method: 'full', model: 'gemma-3-27b', examples: 1_000 });
    expect(full.memory.breakdown.weights).toBeCloseTo((gemma.params.total * 2) / 1e9, 0);
    expect(full.memory.breakdown.gradients).toBeCloseTo(((gemma.params.total - tower) * 2) / 1e9, 0);
    expect(full.inputs.trainableParamsB).toBeCloseTo((gemma.params.total - tower) / 1e9, 3);
    const qlora = est({ method: 'qlora', model: 'gemma-3-27b', examples: 1_000 });
    const unquantized = gemma.params.total - gemma.params.quantizable;
    expect(unquantized).toBeGreaterThan(tower);
    expect(qlora.memory.breakdown.weights).toBeGreaterThan((unquantized * 2) / 1e9);
    // FLOPs count the text model only: the tower is not in the active or matmul counts.
    expect(gemma.params.active).toBe(gemma.params.total - tower);
  });

  it('every new model gives an estimate for each method with defaults', () => {
    for (const [id] of EXACT) {
      for (const method of ['full', 'lora', 'qlora'] as const) {
        const e = est({ method, model: id });
        expect(e.memory.totalGB, `${id} ${method}`).toBeGreaterThan(0);
        expect(e.time.hours.low, `${id} ${method}`).toBeGreaterThan(0);
      }
    }
  });
});
