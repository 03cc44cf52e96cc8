import { describe, expect, it } from 'vitest';
import { estimate, resolveModel, type EstimateInput } from '../../src/engine/index.js';
import { STACK_IDS } from '../../src/engine/stacks.js';
import { est } from '../support/engine.js';

/** The physics of the time and memory models (docs/methodology.md, "Time" and "Memory"), one property each. */
const tokensPerSecond = (input: EstimateInput): number => {
  const e = est(input);
  const c = e.time.breakdown.computeHours;
  return e.inputs.trainingTokens / (Math.sqrt(c.low * c.high) * 3600);
};
const on = (gpu: string, gpus = 1) => ({ gpu, gpus, examples: 20_000, epochs: 1 });

describe('time', () => {
  it("QLoRA's dequantization: ~1.3–1.6× at 1,024 tokens per micro-batch, fading at long micro-batches", () => {
    const slowdown = (tokensPerExample: number, microBatch = 1) =>
      est({ method: 'qlora', model: 'llama-3.1-8b', ...on('a100-80gb'), tokensPerExample, microBatch }).basis.time.dequantSlowdown;
    expect(slowdown(1024)).toBeGreaterThan(1.25);
    expect(slowdown(1024)).toBeLessThan(1.6);
    expect(slowdown(512)).toBeGreaterThan(slowdown(1024));
    expect(slowdown(2048, 8)).toBeLessThan(1.1);
    expect(est({ method: 'lora', model: 'llama-3.1-8b', ...on('a100-80gb') }).basis.time.dequantSlowdown).toBe(1);
  });

  it('utilization rises with tokens per micro-batch and with model width, and falls on GPUs with more FLOPs per byte', () => {
    const util = (input: Partial<EstimateInput>) =>
      est({ method: 'lora', model: 'llama-3.1-8b', gradCkpt: true, ...on('a100-80gb'), ...input } as EstimateInput).basis.utilization.low;
    expect(util({ tokensPerExample: 4096 })).toBeGreaterThan(util({ tokensPerExample: 256 }));
    expect(util({ model: 'llama-3.1-70b', gpus: 4, tokensPerExample: 2048 })).toBeGreaterThan(util({ tokensPerExample: 2048 }));
    // L40S: 362 TFLOP/s on 864 GB/s; A100: 312 on 2,039. The memory-bound kernels cost the L40S more.
    expect(util({ gpu: 'l40s', tokensPerExample: 2048 })).toBeLessThan(util({ tokensPerExample: 2048 }));
  });

  it('the optimizer step runs on the GPU: a small model stepping often spends a good share of its time in AdamW', () => {
    const job = {
      method: 'full',
      model: 'llama-3.2-3b',
      // An 80 GB card holds full fine-tuning of 3B with its optimizer (a 48 GB one offloads it to the CPU).
      ...on('a100-80gb'),
      tokensPerExample: 210,
      seqLen: 768,
      microBatch: 4,
      gradCkpt: false,
    } as const;
    const often = est({ ...job, globalBatch: 4 });
    const seldom = est({ ...job, globalBatch: 64 });
    expect(often.basis.time.optimizerShare).toBeGreaterThan(0.3);
    expect(seldom.basis.time.optimizerShare).toBeLessThan(often.basis.time.optimizerShare / 2);
    expect(often.time.breakdown.computeHours.low).toBeGreaterThan(seldom.time.breakdown.computeHours.low * 1.3);
  });

  it('FSDP across nodes pays for its gathers: less throughput per GPU on 16 than on 8 H100s at short micro-batches', () => {
    const perGpu = (gpus: number) =>
      tokensPerSecond({ method: 'full', model: 'llama-3.1-8b', ...on('h100-sxm', gpus), tokensPerExample: 1024, stack: 'torchtune' }) /
      gpus;
    expect(perGpu(16)).toBeLessThan(perGpu(8));
    const e = est({ method: 'full', model: 'llama-3.1-8b', ...on('h100-sxm', 16), tokensPerExample: 1024 });
    expect(e.hardware.used.strategy).toBe('fsdp');
    expect(e.basis.time.commShare).toBeGreaterThan(0);
  });

  it('the range is the central estimate × 0.75–1.45 of it (at most 2× wide), stated in the basis', () => {
    for (const method of ['full', 'lora', 'qlora'] as const) {
      const e = est({ method, model: '8b' });
      const c = e.time.breakdown.computeHours;
      expect(c.high / c.low).toBeLessThanOrEqual(2);
      expect(e.basis.time.spread).toEqual({ low: 0.75, high: 1.45 });
      expect(e.basis.utilization.low).toBeLessThan(e.basis.utilization.high);
      expect(e.basis.utilization.high).toBeLessThan(0.75);
    }
  });

  it('faster stacks run faster on the same job', () => {
    const rate = (stack: (typeof STACK_IDS)[number]) =>
      tokensPerSecond({ method: 'qlora', model: 'llama-3.1-8b', ...on('a100-80gb'), tokensPerExample: 1024, stack });
    expect(rate('unsloth')).toBeGreaterThan(rate('hf-peft'));
    expect(rate('liger')).toBeGreaterThan(rate('hf-peft'));
  });
});

describe('memory by training stack', () => {
  const logitsGB = (stack: (typeof STACK_IDS)[number]) => {
    const a = est({ method: 'lora', model: 'llama-3.1-8b', tokensPerExample: 4096, gradCkpt: false, stack }).memory.breakdown.activations;
    const b = est({ method: 'lora', model: 'llama-3.1-8b', tokensPerExample: 4096, gradCkpt: false, stack: 'liger' }).memory.breakdown
      .activations;
    return a - b;
  };

  it("the loss's logits: Hugging Face's default path holds ~16 bytes per logit, chunked and fused losses far less", () => {
    // 4,096 tokens × 128,256 logits: each byte per logit is 0.53 GB.
    const perByte = (4096 * 128_256) / 1e9;
    expect(logitsGB('hf-peft') / perByte).toBeGreaterThan(13);
    expect(logitsGB('hf-peft')).toBeGreaterThan(logitsGB('nemo'));
    expect(logitsGB('nemo')).toBeGreaterThan(logitsGB('unsloth'));
    expect(logitsGB('unsloth')).toBeGreaterThanOrEqual(0);
  });

  it("PEFT's prepare_model_for_kbit_training: non-quantized parameters in fp32 for one-GPU QLoRA on hf-peft only", () => {
    const model = resolveModel('llama-3.1-8b');
    if (!model.ok) throw new Error(model.error);
    const unquantizedGB = (model.value.params.total - model.value.params.quantizable) / 1e9;
    const cast = est({ method: 'qlora', model: 'llama-3.1-8b' });
    const none = est({ method: 'qlora', model: 'llama-3.1-8b', stack: 'torchtune' });
    expect(cast.basis.stack.kbitCastGB).toBeCloseTo(2 * unquantizedGB, 1);
    expect(cast.memory.breakdown.weights - none.memory.breakdown.weights).toBeCloseTo(2 * unquantizedGB, 0);
    expect(none.basis.stack.kbitCastGB).toBe(0);
    expect(est({ method: 'lora', model: 'llama-3.1-8b' }).basis.stack.kbitCastGB).toBe(0);
  });

  it('Unsloth offloads the checkpointed layer inputs: long contexts need far less GPU memory', () => {
    const at = (stack: 'hf-peft' | 'unsloth') =>
      est({ method: 'qlora', model: 'llama-3.1-8b', tokensPerExample: 28_454, gpu: 'a100-80gb', gpus: 1, stack }).memory.perGpuGB;
    // Unsloth's README: Llama 3.1 8B QLoRA at 28,454 tokens needs ~80 GB with HF + FA2, a fraction with Unsloth.
    expect(at('hf-peft')).toBeGreaterThan(70);
    expect(at('unsloth')).toBeLessThan(at('hf-peft') / 3);
  });

  it('Gemma 2: soft-capped attention runs eager on HF (s × s scores kept), and its 256k head soft-caps the logits', () => {
    const gemma = (stack: 'hf-peft' | 'unsloth', seqLen: number) =>
      est({ method: 'lora', model: 'gemma-2-9b', seqLen, tokensPerExample: seqLen, gradCkpt: false, stack });
    const hf = gemma('hf-peft', 4096);
    expect(hf.basis.stack.eagerAttention).toBe(true);
    expect(hf.basis.stack.logitBytes).toBe(20);
    expect(gemma('unsloth', 4096).basis.stack.eagerAttention).toBe(false);
    // Eager scores grow with the square of the sequence: doubling it more than doubles the activations.
    expect(hf.memory.breakdown.activations).toBeGreaterThan(2.2 * gemma('hf-peft', 2048).memory.breakdown.activations);
    // 16 heads × 42 layers × 4,096² scores × 8 bytes.
    const scoresGB = (16 * 42 * 4096 * 4096 * 8) / 1e9;
    expect(hf.memory.breakdown.activations - gemma('unsloth', 4096).memory.breakdown.activations).toBeGreaterThan(scoresGB);
    // Gemma 3 dropped attention soft-capping.
    expect(est({ method: 'lora', model: 'gemma-3-12b' }).basis.stack.eagerAttention).toBe(false);
  });
});

describe('the stack is a job input', () => {
  it('defaults to hf-peft and is said in the assumptions; a bad value is one clear line', () => {
    const e = est({ method: 'qlora', model: '8b' });
    expect(e.basis.stack.id).toBe('hf-peft');
    const bad = estimate({ method: 'qlora', model: '8b', stack: 'deepspeed-chat' as never });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^stack: training stack must be hf-peft, unsloth, liger, torchtune or nemo$/);
  });
});
