import type { GpuEntry } from './catalog/schema.js';
import type { ResolvedModel } from './catalog/models.js';
import {
  BANDWIDTH_EFFICIENCY,
  BYTES,
  COMM_UNHIDDEN,
  CPU_ADAM_PARAMS_PER_SEC,
  GEMM_EFFICIENCY,
  GPUS_PER_NODE,
  LAYER_SPLIT_EFFICIENCY,
  LINK_BUS_GBS,
  OFFLOAD_GPU_EFFICIENCY,
  PCIE_GBS,
  STARTUP_HOURS,
  STORAGE_GBS,
  TIME_SPREAD,
} from './defaults.js';
import { layerActivationBytesPerToken, type MemoryParts } from './memory.js';
import { methodSpec } from './methods.js';
import { range, type Range } from './range.js';
import { loraParams, queryDim } from './shape.js';
import { stackProfile, type StackProfile } from './stacks.js';
import type { Strategy, TrainingConfig } from './types.js';

export interface DataVolume {
  /** Tokens the run processes: dataset tokens × epochs. */
  trainingTokens: number;
  tokensPerExample: number;
}

/** What the hours rest on, for the estimate's basis. */
export interface TimeFacts {
  /** Tokens each GPU computes per micro-batch (micro-batch × example length, at most the sequence length). */
  tokensPerMicroBatch: number;
  /** Share of the GPUs' dense BF16 peak spent on the FLOPs executed, over the time range (fastest first: high). */
  utilization: Range;
  /** QLoRA: time with 4-bit dequantization over time without it (1 for 16-bit weights). */
  dequantSlowdown: number;
  /** Share of GPU time spent in optimizer steps on the GPU. */
  optimizerShare: number;
  /** Share of GPU time spent waiting for communication that compute does not hide. */
  commShare: number;
  /** Kernel issue on the CPU, not the GPU, sets the pace (small micro-batches on eager stacks). */
  issueBound: boolean;
}

export interface TimeResult {
  hours: Range;
  computeHours: Range;
  cpuOptimizerHours: Range;
  fixedHours: Range;
  optimizerSteps: number;
  /** The central estimate of the hours (compute + optimizer), between low and high. */
  centralHours: number;
  facts: TimeFacts;
}

/** FLOPs executed per token, by kind: weight matmuls (P = parameters that multiply), attention scores, adapters. */
export interface FlopsPerToken {
  matmul: number;
  attention: number;
  adapters: number;
}

/**
 * FLOPs executed per training token: 6·P for full fine-tuning (forward 2, backward 4), 4·P for
 * LoRA/QLoRA (frozen weights need no weight gradients), +2·P when activations are recomputed, plus
 * causal attention over the example's length and the adapters' own 6 FLOPs per trainable parameter.
 */
export function flopsPerTokenParts(
  model: ResolvedModel,
  cfg: TrainingConfig,
  tokensPerExample: number,
  trainableParams: number,
): FlopsPerToken {
  const s = model.shape;
  const passes = (cfg.trains === 'all' ? 6 : 4) + (cfg.gradCkpt ? 2 : 0);
  const context = Math.min(tokensPerExample, cfg.seqLen);
  const attentionForward = 2 * s.layers * queryDim(s) * context;
  // A token passes through the adapters of the experts it is routed to, not all of them.
  const activeAdapters = s.experts > 1 ? (trainableParams * activeAdapterWidth(model, cfg)) / adapterWidth(model, cfg) : trainableParams;
  return {
    matmul: passes * model.params.matmul,
    attention: (3 + (cfg.gradCkpt ? 1 : 0)) * attentionForward,
    adapters: cfg.trains === 'all' ? 0 : 6 * activeAdapters,
  };
}

/** Input + output widths of the adapted matrices per layer (all experts). */
const adapterWidth = (model: ResolvedModel, cfg: TrainingConfig): number => loraParams(model.shape, 1, cfg.targets) / model.shape.layers;

/** The same for the matrices one token passes through: its routed experts only. */
function activeAdapterWidth(model: ResolvedModel, cfg: TrainingConfig): number {
  const s = model.shape;
  if (s.experts <= 1) return adapterWidth(model, cfg);
  return loraParams({ ...s, experts: s.expertsPerToken }, 1, cfg.targets) / s.layers;
}

export function flopsPerToken(model: ResolvedModel, cfg: TrainingConfig, tokensPerExample: number, trainableParams: number): number {
  const f = flopsPerTokenParts(model, cfg, tokensPerExample, trainableParams);
  return f.matmul + f.attention + f.adapters;
}

/**
 * Bytes moved by eager attention's score tensors per score and pass (QKᵀ out, soft-capping, softmax
 * in fp32 and back, dropout-free PV in): about 20 (transformers' eager_attention_forward).
 */
const EAGER_ATTENTION_TRAFFIC_PER_SCORE = 20;

/** Collective bus bandwidth per GPU, bytes/s, for `count` GPUs of this kind. */
function linkBytesPerSec(gpu: GpuEntry, count: number): number {
  const intra = gpu.interconnect === 'pcie' ? LINK_BUS_GBS.pcie : LINK_BUS_GBS.fastLink;
  return (count > GPUS_PER_NODE ? Math.min(intra, LINK_BUS_GBS.interNode) : intra) * 1e9;
}

/** Bytes one AdamW step moves per trainable parameter on the GPU (element passes × element size; 8-bit states are bytes). */
function optimizerBytesPerParam(cfg: TrainingConfig, stack: StackProfile): number {
  // Full fine-tuning in mixed precision steps fp32 master weights; pure bf16 steps bf16; PEFT keeps adapters in fp32.
  const element = cfg.trains === 'all' && cfg.precision === 'bf16' ? BYTES.bf16 : BYTES.fp32;
  if (cfg.optimizer === 'adamw') return stack.time.optimizerPasses * element;
  // bitsandbytes' 8-bit AdamW is one fused kernel: weight and gradient in and out, two 1-byte states, plus clipping.
  return 6 * element + 4;
}

interface StepSeconds {
  /** One micro-batch on one GPU: compute, dequantization and unhidden communication. */
  microBatch: number;
  compute: number;
  dequant: number;
  comm: number;
  issueBound: boolean;
  /** One optimizer step on the GPU (zero with CPU offload) and a DDP all-reduce's unhidden part. */
  optimizer: number;
  stepComm: number;
}

/** What one micro-batch and one optimizer step ask of any GPU: FLOPs, bytes, kernel issue. The same on every setup. */
interface Work {
  model: ResolvedModel;
  cfg: TrainingConfig;
  tokensPerExample: number;
  /** FLOPs of one micro-batch at GEMM efficiency, and of its attention at the stack's attention efficiency. */
  gemmFlops: number;
  attentionFlops: number;
  attentionEfficiency: number;
  /** Bytes of one micro-batch's memory-bound kernels, and of its dequantization. */
  memoryBytes: number;
  dequantBytes: number;
  issueSeconds: number;
  /** Bytes sharded strategies gather (per pass) and reduce-scatter, per micro-batch. */
  weightBytes: number;
  gradientBytes: number;
  /** Bytes one optimizer step moves on one unsharded GPU. */
  optimizerBytes: number;
}

/** Computed once per job (the planner times it on every candidate setup). */
const WORK = new WeakMap<MemoryParts, Work>();

function workOf(model: ResolvedModel, cfg: TrainingConfig, parts: MemoryParts, tokensPerExample: number): Work {
  const cached = WORK.get(parts);
  if (cached && cached.model === model && cached.cfg === cfg && cached.tokensPerExample === tokensPerExample) return cached;
  const s = model.shape;
  const stack = stackProfile(cfg.stack);
  const context = Math.min(tokensPerExample, cfg.seqLen);
  const tokens = cfg.microBatch * context;
  const passes = cfg.gradCkpt ? 4 : 3;
  const f = flopsPerTokenParts(model, cfg, tokensPerExample, parts.trainableParams);
  const adapters = cfg.trains === 'all' ? 0 : activeAdapterWidth(model, cfg);
  let layerBytes =
    stack.time.elementwisePerActivationByte * layerActivationBytesPerToken(model) + stack.time.elementwisePerAdapterWidth * adapters;
  if (parts.eagerAttention) layerBytes += s.heads * context * EAGER_ATTENTION_TRAFFIC_PER_SCORE;
  // The loss reads and writes the logits forward and backward.
  const lossBytes = 2 * s.vocab * stack.logitBytes;
  const adaptedMatrices = cfg.trains === 'all' ? 0 : cfg.targets === 'all' ? 7 : 4;
  const work: Work = {
    model,
    cfg,
    tokensPerExample,
    gemmFlops: tokens * (f.matmul + f.adapters),
    attentionFlops: tokens * f.attention,
    attentionEfficiency: stack.time.attentionEfficiency,
    memoryBytes: tokens * (s.layers * passes * layerBytes + lossBytes),
    // Every quantized weight is dequantized in the forward, the backward (and the recomputation).
    dequantBytes: cfg.baseWeights === 'quantized' ? (passes - 1) * model.params.quantizable * stack.time.dequantBytesPerWeight : 0,
    issueSeconds: (s.layers * (stack.time.layerIssueSeconds + adaptedMatrices * stack.time.adapterIssueSeconds) * passes) / 3,
    weightBytes: parts.breakdown.weights - parts.kbitCastBytes,
    gradientBytes: parts.trainableParams * (cfg.trains === 'all' ? BYTES.bf16 : BYTES.fp32),
    optimizerBytes: parts.trainableParams * optimizerBytesPerParam(cfg, stack),
  };
  WORK.set(parts, work);
  return work;
}

/**
 * Seconds of one micro-batch and one optimizer step: matmuls at GEMM efficiency, attention at the
 * stack's attention-kernel efficiency, the memory-bound kernels at the GPU's bandwidth, kernel issue
 * on the CPU, QLoRA's dequantization of every quantized weight per pass, and FSDP/ZeRO gathers and
 * reduce-scatters over the GPUs' links, overlapped with compute except COMM_UNHIDDEN of them.
 */
function stepSeconds(work: Work, gpu: GpuEntry, count: number, strategy: Strategy): StepSeconds {
  const peak = gpu.bf16Tflops * 1e12 * gpu.efficiencyFactor;
  const bandwidth = gpu.bandwidthGBs * 1e9 * BANDWIDTH_EFFICIENCY;
  const gpuSeconds =
    work.gemmFlops / (peak * GEMM_EFFICIENCY) + work.attentionFlops / (peak * work.attentionEfficiency) + work.memoryBytes / bandwidth;
  const issueBound = work.issueSeconds > gpuSeconds;
  const dequant = work.dequantBytes / bandwidth;
  let compute = Math.max(gpuSeconds, work.issueSeconds) + dequant;
  if (strategy === 'zero3-offload' || strategy === 'offload') compute /= OFFLOAD_GPU_EFFICIENCY;
  if (strategy === 'layer-split') compute /= LAYER_SPLIT_EFFICIENCY;

  const link = linkBytesPerSec(gpu, count);
  const share = (count - 1) / count;
  let comm = 0;
  let stepComm = 0;
  // Weights gathered for the forward and again for the backward; gradients reduce-scattered.
  if (strategy === 'fsdp' || strategy === 'zero3-offload') comm = (share * (2 * work.weightBytes + work.gradientBytes)) / link;
  const microBatch = Math.max(compute, comm) + COMM_UNHIDDEN * Math.min(compute, comm);
  if (strategy === 'ddp') {
    // One all-reduce per optimizer step, overlapped with the last backward pass.
    const allReduce = (2 * share * work.gradientBytes) / link;
    stepComm = Math.max(0, allReduce - (2 / 3) * microBatch) + COMM_UNHIDDEN * Math.min(allReduce, microBatch);
  }
  const shards = strategy === 'fsdp' ? count : 1;
  const optimizer = strategy === 'zero3-offload' || strategy === 'offload' ? 0 : work.optimizerBytes / shards / bandwidth;
  return { microBatch, compute, dequant, comm: microBatch - compute, issueBound, optimizer, stepComm };
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
  const dataParallel = strategy === 'single' || strategy === 'offload' || strategy === 'layer-split' ? 1 : count;
  const globalBatch = Math.max(cfg.globalBatch, cfg.microBatch * dataParallel);
  const optimizerSteps = data.trainingTokens / (globalBatch * data.tokensPerExample);
  const microBatchesPerStep = globalBatch / (dataParallel * cfg.microBatch);

  const step = stepSeconds(workOf(model, cfg, parts, data.tokensPerExample), gpu, count, strategy);
  const stepGpu = microBatchesPerStep * step.microBatch + step.optimizer + step.stepComm;
  // A method's own time factor beyond what it trains and stores (1 for the built-in methods).
  const factor = methodSpec(cfg.method).slowdown;
  const base = (optimizerSteps * stepGpu) / 3600;
  const centralCompute = base * Math.sqrt(factor.low * factor.high);
  // No run beats its matmuls at GEMM efficiency: the fast end of the spread stops there.
  const computeGpus = strategy === 'layer-split' ? 1 : count;
  const floor = flops / (computeGpus * gpu.bf16Tflops * 1e12 * gpu.efficiencyFactor * GEMM_EFFICIENCY) / 3600;
  const computeHours = range(Math.min(Math.max(base * TIME_SPREAD.low, floor), base) * factor.low, base * TIME_SPREAD.high * factor.high);

  let cpuOptimizerHours = range(0);
  if (strategy === 'zero3-offload' || strategy === 'offload') {
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
  const nominalPeak = computeGpus * gpu.bf16Tflops * 1e12;
  const utilization = range(flops / (nominalPeak * computeHours.high * 3600), flops / (nominalPeak * computeHours.low * 3600));
  const withoutDequant = step.microBatch - step.dequant;
  const facts: TimeFacts = {
    tokensPerMicroBatch: cfg.microBatch * Math.min(data.tokensPerExample, cfg.seqLen),
    utilization,
    dequantSlowdown: withoutDequant > 0 ? step.microBatch / withoutDequant : 1,
    optimizerShare: stepGpu > 0 ? step.optimizer / stepGpu : 0,
    commShare: stepGpu > 0 ? (microBatchesPerStep * step.comm + step.stepComm) / stepGpu : 0,
    issueBound: step.issueBound,
  };
  const centralHours = centralCompute + (cpuOptimizerHours.low + cpuOptimizerHours.high) / 2;
  return { hours, computeHours, cpuOptimizerHours, fixedHours, optimizerSteps, centralHours, facts };
}
