import type { ResolvedModel } from './catalog/models.js';
import {
  ALLOCATOR_RESERVE,
  BYTES,
  EAGER_ATTENTION_BYTES_PER_SCORE,
  FINAL_SOFTCAP_BYTES_PER_LOGIT,
  RUNTIME_BYTES_PER_GPU,
} from './defaults.js';
import { kvDim, largestMatrix, loraParams, mlaActivationElements, mlpActivationElements, queryDim, routerLogitsPerToken } from './shape.js';
import { stackProfile, type StackProfile } from './stacks.js';
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
  /**
   * QLoRA on one GPU (or replicas): the extra bytes of PEFT's fp32 casts of the non-quantized
   * parameters (in `breakdown.weights` and `total`, not in `states`: sharded QLoRA skips the cast).
   */
  kbitCastBytes: number;
  /** Whether eager attention (Gemma 2's soft-capping on an eager stack) keeps the s × s scores. */
  eagerAttention: boolean;
  /** Whether the model soft-caps its final logits (Gemma 2). */
  finalSoftcap: boolean;
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
 * This is what fused kernels keep; `savedBytesPerTokenLayer` adds what a stack's eager code keeps.
 */
export function layerActivationBytesPerToken(model: ResolvedModel): number {
  const s = model.shape;
  const elements = s.mla
    ? 4 * s.hidden + mlaActivationElements(s) + mlpActivationElements(s)
    : 4 * s.hidden + 2 * queryDim(s) + 2 * kvDim(s) + mlpActivationElements(s);
  return elements * BYTES.bf16 + routerLogitsPerToken(s) * BYTES.fp32;
}

/** Whether the job runs eager attention: a soft-capped model (Gemma 2) on a stack whose FlashAttention path lacks soft-capping. */
export const runsEagerAttention = (model: ResolvedModel, stack: StackProfile): boolean =>
  model.shape.attnLogitSoftcapping && stack.eagerAttentionForSoftcap;

/**
 * What one layer saves per token on the job's stack: the fused count, plus eager RMSNorm's fp32 copy
 * of each norm input (HF, torchtune) and eager attention's softmax scores (Gemma 2) over a context of
 * `context` tokens. PEFT's default lora_dropout of 0 copies nothing (a dropout > 0 would add a bf16
 * copy and a byte mask of each adapted layer's input).
 */
export function savedBytesPerTokenLayer(model: ResolvedModel, cfg: TrainingConfig, context: number): number {
  const s = model.shape;
  const stack = stackProfile(cfg.stack);
  let bytes = layerActivationBytesPerToken(model);
  if (stack.eagerNorms) bytes += s.normsPerLayer * s.hidden * BYTES.bf16;
  if (runsEagerAttention(model, stack)) bytes += s.heads * context * EAGER_ATTENTION_BYTES_PER_SCORE;
  return bytes;
}

export function memoryParts(model: ResolvedModel, cfg: TrainingConfig): MemoryParts {
  const s = model.shape;
  const P = model.params.total;
  const tokens = cfg.microBatch * cfg.seqLen;
  const stack = stackProfile(cfg.stack);
  let kbitCastBytes = 0;

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
      // PEFT's prepare_model_for_kbit_training: "cast all non INT8 parameters to fp32" (embeddings, norms, LM head).
      if (stack.kbitCastsToFp32) kbitCastBytes = unquantized * (BYTES.fp32 - BYTES.bf16);
      layerWeightBytes = (model.params.quantizable / s.layers) * perWeight;
      dequantBuffer = largestMatrix(s) * BYTES.bf16;
    }
  }

  const perLayerToken = savedBytesPerTokenLayer(model, cfg, cfg.seqLen);
  // Checkpointing keeps each layer's input; Unsloth offloads them to CPU RAM and keeps two in flight.
  const checkpointedLayers = stack.offloadsCheckpoints ? Math.min(2, s.layers) : s.layers;
  const logitBytes = stack.logitBytes + (s.finalLogitSoftcapping ? FINAL_SOFTCAP_BYTES_PER_LOGIT[cfg.stack] : 0);
  const logits = tokens * s.vocab * logitBytes;
  // With checkpointing the loss's logits are freed before the last layer is recomputed: the peak holds
  // the layer inputs plus the larger of one layer's working set and the logits.
  const layerActivations = cfg.gradCkpt
    ? tokens * checkpointedLayers * s.hidden * BYTES.bf16 + Math.max(0, tokens * perLayerToken - logits)
    : tokens * s.layers * perLayerToken;
  const activations = layerActivations + logits;
  const perGpuOverhead = RUNTIME_BYTES_PER_GPU + ALLOCATOR_RESERVE * activations;
  const overhead = perGpuOverhead + dequantBuffer;

  const breakdown: MemoryBreakdown = { weights: weights + kbitCastBytes, gradients, optimizer, adapters, activations, overhead };
  const states = weights + gradients + optimizer + adapters;
  return {
    breakdown,
    states,
    layerActivations,
    logits,
    perGpuOverhead: perGpuOverhead + dequantBuffer,
    gatherBuffer: 2 * layerWeightBytes,
    offloadCpuBytes: cfg.trains === 'all' ? optimizer + trainableParams * BYTES.fp32 : 0,
    kbitCastBytes,
    eagerAttention: runsEagerAttention(model, stack),
    finalSoftcap: s.finalLogitSoftcapping,
    trainableParams,
    total: states + kbitCastBytes + activations + overhead,
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
      return {
        perGpu: (parts.states + parts.kbitCastBytes + parts.layerActivations) / count + parts.logits + parts.perGpuOverhead,
        cpuRam: 0,
      };
  }
}
