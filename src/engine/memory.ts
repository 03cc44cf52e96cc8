import type { ResolvedModel } from './catalog/models.js';
import { ALLOCATOR_RESERVE, BYTES, LOGIT_BYTES, RUNTIME_BYTES_PER_GPU } from './defaults.js';
import { kvDim, largestMatrix, loraParams, mlaActivationElements, mlpActivationElements, queryDim, routerLogitsPerToken } from './shape.js';
import type { MemoryBreakdown, Strategy, TrainingConfig } from './types.js';

/** Everything the planner needs to place a job on GPUs, in bytes; computed once per estimate. */
export interface MemoryParts {
  breakdown: MemoryBreakdown;
  /** Weights, gradients, optimizer states and adapters. */
  states: number;
  /** Activations saved inside the transformer layers (the rest is the LM head's logits). */
  layerActivations: number;
  logits: number;
  /** Per-GPU runtime and allocator reserve (the overhead line, less the QLoRA dequantization buffer). */
  perGpuOverhead: number;
  /** FSDP/ZeRO-3 gathers two layers' weights at a time (the current one and a prefetch). */
  gatherBuffer: number;
  /** Optimizer states plus DeepSpeed's fp32 gradient partition, kept in CPU RAM when offloaded. */
  offloadCpuBytes: number;
  trainableParams: number;
  total: number;
}

/** Adam's two moments (fp32 or bf16, or 8-bit), plus an fp32 master copy of the weights when kept. */
function optimizerBytesPerParam(cfg: TrainingConfig, fp32Moments: boolean, masterCopy: boolean): number {
  const moments =
    cfg.optimizer === 'adamw' ? (fp32Moments ? BYTES.adamMoments.adamw32 : BYTES.adamMoments.adamw16) : BYTES.adamMoments.adamw8;
  return moments + (masterCopy ? BYTES.fp32 : 0);
}

/**
 * Bytes saved for the backward pass per token in one layer (FlashAttention, so no s² term): the
 * inputs and outputs of both norms, q/k/v (MLA: its latents and decompressed heads), the attention
 * output, and the SwiGLU MLP's gate, up, activation and product for each expert a token visits
 * (shared experts and dense-first layers averaged in; Korthikanti et al. 2022, adapted to Llama).
 */
export function layerActivationBytesPerToken(model: ResolvedModel): number {
  const s = model.shape;
  const elements = s.mla
    ? 4 * s.hidden + mlaActivationElements(s) + mlpActivationElements(s)
    : 4 * s.hidden + 2 * queryDim(s) + 2 * kvDim(s) + mlpActivationElements(s);
  return elements * BYTES.bf16 + routerLogitsPerToken(s) * BYTES.fp32;
}

export function memoryParts(model: ResolvedModel, cfg: TrainingConfig): MemoryParts {
  const s = model.shape;
  const P = model.params.total;
  const tokens = cfg.microBatch * cfg.seqLen;

  let weights: number;
  let gradients: number;
  let optimizer: number;
  let adapters = 0;
  let trainableParams: number;
  let dequantBuffer = 0;
  let layerWeightBytes: number;

  if (cfg.trains === 'all') {
    // A vision tower stays frozen: held in memory, with no gradients or optimizer states.
    trainableParams = P - s.towerParams;
    weights = P * BYTES.bf16;
    gradients = trainableParams * BYTES.bf16;
    const mixed = cfg.precision === 'mixed';
    optimizer = trainableParams * optimizerBytesPerParam(cfg, mixed, mixed);
    layerWeightBytes = (model.params.quantizable / s.layers) * BYTES.bf16;
  } else {
    trainableParams = loraParams(s, cfg.rank, cfg.targets);
    // PEFT keeps adapters, their gradients and Adam states in fp32.
    adapters = trainableParams * BYTES.fp32;
    gradients = trainableParams * BYTES.fp32;
    optimizer = trainableParams * optimizerBytesPerParam(cfg, true, false);
    if (cfg.baseWeights === 'bf16') {
      weights = P * BYTES.bf16;
      layerWeightBytes = (model.params.quantizable / s.layers) * BYTES.bf16;
    } else {
      const perWeight = cfg.bits === 8 ? BYTES.int8 : cfg.doubleQuant ? BYTES.nf4DoubleQuant : BYTES.nf4;
      const unquantized = P - model.params.quantizable;
      weights = model.params.quantizable * perWeight + unquantized * BYTES.bf16;
      layerWeightBytes = (model.params.quantizable / s.layers) * perWeight;
      dequantBuffer = largestMatrix(s) * BYTES.bf16;
    }
  }

  const perLayerToken = layerActivationBytesPerToken(model);
  const layerActivations = cfg.gradCkpt ? tokens * (s.layers * s.hidden * BYTES.bf16 + perLayerToken) : tokens * s.layers * perLayerToken;
  const logits = tokens * s.vocab * LOGIT_BYTES;
  const activations = layerActivations + logits;
  const perGpuOverhead = RUNTIME_BYTES_PER_GPU + ALLOCATOR_RESERVE * activations;
  const overhead = perGpuOverhead + dequantBuffer;

  const breakdown: MemoryBreakdown = { weights, gradients, optimizer, adapters, activations, overhead };
  const states = weights + gradients + optimizer + adapters;
  return {
    breakdown,
    states,
    layerActivations,
    logits,
    perGpuOverhead: perGpuOverhead + dequantBuffer,
    gatherBuffer: 2 * layerWeightBytes,
    offloadCpuBytes: cfg.trains === 'all' ? optimizer + trainableParams * BYTES.fp32 : 0,
    trainableParams,
    total: states + activations + overhead,
  };
}

export interface Placement {
  perGpu: number;
  cpuRam: number;
}

/** Memory of the busiest GPU, and the CPU RAM an offload needs, when `count` GPUs run `strategy`. */
export function placement(parts: MemoryParts, strategy: Strategy, count: number): Placement {
  const { breakdown: b } = parts;
  const activations = b.activations;
  switch (strategy) {
    case 'single':
    case 'ddp':
      return { perGpu: parts.total, cpuRam: 0 };
    case 'fsdp':
      return { perGpu: parts.states / count + activations + parts.perGpuOverhead + parts.gatherBuffer, cpuRam: 0 };
    case 'offload':
      return { perGpu: b.weights + b.gradients + activations + parts.perGpuOverhead, cpuRam: parts.offloadCpuBytes };
    case 'zero3-offload':
      return {
        perGpu: (b.weights + b.gradients) / count + activations + parts.perGpuOverhead + parts.gatherBuffer,
        cpuRam: parts.offloadCpuBytes,
      };
    case 'layer-split':
      // Layers (and their saved activations) spread evenly; the last GPU also holds the logits.
      return { perGpu: (parts.states + parts.layerActivations) / count + parts.logits + parts.perGpuOverhead, cpuRam: 0 };
  }
}
