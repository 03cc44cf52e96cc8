import type { GpuEntry } from './catalog/schema.js';
import type { ResolvedModel } from './catalog/models.js';
import { CPU_ADAM_PARAMS_PER_SEC, GPUS_PER_NODE, PCIE_GBS, STARTUP_HOURS, STORAGE_GBS, STRATEGY_EFFICIENCY } from './defaults.js';
import type { MemoryParts } from './memory.js';
import { methodSpec } from './methods.js';
import { range, type Range } from './range.js';
import { queryDim } from './shape.js';
import type { Strategy, TrainingConfig } from './types.js';
import { BYTES } from './defaults.js';

export interface DataVolume {
  /** Tokens the run processes: dataset tokens × epochs. */
  trainingTokens: number;
  tokensPerExample: number;
}

export interface TimeResult {
  hours: Range;
  computeHours: Range;
  cpuOptimizerHours: Range;
  fixedHours: Range;
  optimizerSteps: number;
  /** The central estimate of the hours (compute + optimizer), between low and high. */
  centralHours?: number;
}

/**
 * FLOPs executed per training token: 6·P for full fine-tuning (forward 2, backward 4), 4·P for
 * LoRA/QLoRA (frozen weights need no weight gradients), +2·P when activations are recomputed, plus
 * causal attention over the example's length and the adapters' own 6 FLOPs per trainable parameter.
 */
export function flopsPerToken(model: ResolvedModel, cfg: TrainingConfig, tokensPerExample: number, trainableParams: number): number {
  const s = model.shape;
  const passes = (cfg.trains === 'all' ? 6 : 4) + (cfg.gradCkpt ? 2 : 0);
  const context = Math.min(tokensPerExample, cfg.seqLen);
  const attentionForward = 2 * s.layers * queryDim(s) * context;
  const attention = (3 + (cfg.gradCkpt ? 1 : 0)) * attentionForward;
  const adapters = cfg.trains === 'all' ? 0 : 6 * trainableParams;
  return passes * model.params.matmul + attention + adapters;
}

/** Multiplier on utilization for how `count` GPUs of this kind share the work under `strategy`. */
export function strategyEfficiency(gpu: GpuEntry, strategy: Strategy, count: number): Range {
  const fastLink = gpu.interconnect !== 'pcie';
  const shardedLink = fastLink ? STRATEGY_EFFICIENCY.fsdpFastLink : STRATEGY_EFFICIENCY.fsdpPcie;
  const nodes = count > GPUS_PER_NODE ? STRATEGY_EFFICIENCY.multiNode : 1;
  switch (strategy) {
    case 'single':
      return range(1);
    case 'ddp':
      return range(STRATEGY_EFFICIENCY.ddp * nodes);
    case 'fsdp':
      return range(shardedLink * nodes);
    case 'zero3-offload':
      return range(shardedLink * STRATEGY_EFFICIENCY.offloadGpu * nodes);
    case 'layer-split':
      return STRATEGY_EFFICIENCY.layerSplit;
  }
}

export function trainingTime(
  model: ResolvedModel,
  cfg: TrainingConfig,
  parts: MemoryParts,
  data: DataVolume,
  gpu: GpuEntry,
  count: number,
  strategy: Strategy,
  flops: number = data.trainingTokens * flopsPerToken(model, cfg, data.tokensPerExample, parts.trainableParams),
): TimeResult {
  const computeGpus = strategy === 'layer-split' ? 1 : count;
  const peak = computeGpus * gpu.bf16Tflops * 1e12 * gpu.efficiencyFactor;
  const spec = methodSpec(cfg.method);
  const utilization = spec.utilization;
  const sharing = strategyEfficiency(gpu, strategy, count);
  const slowdown = spec.slowdown;
  const fastest = (peak * utilization.high * sharing.high) / slowdown.low;
  const slowest = (peak * utilization.low * sharing.low) / slowdown.high;
  const computeHours = range(flops / fastest / 3600, flops / slowest / 3600);

  const dataParallel = strategy === 'single' || strategy === 'layer-split' ? 1 : count;
  const globalBatch = Math.max(cfg.globalBatch, cfg.microBatch * dataParallel);
  const optimizerSteps = data.trainingTokens / (globalBatch * data.tokensPerExample);
  let cpuOptimizerHours = range(0);
  if (strategy === 'zero3-offload') {
    const P = model.params.total;
    const nodes = Math.ceil(count / GPUS_PER_NODE);
    // Each step: the CPU Adam update, and bf16 gradients down plus bf16 weights up over PCIe.
    const transferBytes = 2 * BYTES.bf16 * P;
    const stepLow = P / (CPU_ADAM_PARAMS_PER_SEC.high * nodes) + transferBytes / (count * PCIE_GBS.high * 1e9);
    const stepHigh = P / (CPU_ADAM_PARAMS_PER_SEC.low * nodes) + transferBytes / (count * PCIE_GBS.low * 1e9);
    cpuOptimizerHours = range((optimizerSteps * stepLow) / 3600, (optimizerSteps * stepHigh) / 3600);
  }

  // Weights are read in 16-bit (QLoRA quantizes while loading); full fine-tuning saves 16-bit weights, LoRA its adapters.
  const loadBytes = model.params.total * BYTES.bf16;
  const saveBytes = cfg.trains === 'all' ? model.params.total * BYTES.bf16 : parts.trainableParams * BYTES.bf16;
  const ioBytes = loadBytes + saveBytes;
  const fixedHours = range(
    STARTUP_HOURS.low + ioBytes / (STORAGE_GBS.high * 1e9) / 3600,
    STARTUP_HOURS.high + ioBytes / (STORAGE_GBS.low * 1e9) / 3600,
  );

  const hours = range(
    computeHours.low + cpuOptimizerHours.low + fixedHours.low,
    computeHours.high + cpuOptimizerHours.high + fixedHours.high,
  );
  return { hours, computeHours, cpuOptimizerHours, fixedHours, optimizerSteps };
}
