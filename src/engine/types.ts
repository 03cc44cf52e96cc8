import type { Range } from './range.js';
import type { Stack } from './stacks.js';

export type { Stack };

/** A method's id: `full`, `lora`, `qlora`, or one registered in the method table (methods.ts). */
export type Method = string;

export const STRATEGIES = ['single', 'offload', 'ddp', 'fsdp', 'zero3-offload', 'layer-split'] as const;
/**
 * single: one GPU. ddp: each GPU holds everything, data parallel. fsdp: FSDP / ZeRO-3 shards weights,
 * gradients and optimizer states. offload: one GPU with the optimizer states, the fp32 master weights
 * and the optimizer step on the CPU (ZeRO-Offload). zero3-offload: ZeRO-3 with the optimizer (and its step) on the CPU.
 * layer-split: `device_map="auto"`, layers spread over GPUs that work one at a time.
 */
export type Strategy = (typeof STRATEGIES)[number];

export type Optimizer = 'adamw' | 'adamw-8bit' | 'paged-adamw-8bit';
export type Precision = 'mixed' | 'bf16';
export type Targets = 'attn' | 'all';

/** What a caller may ask for; everything but method and model has a stated default. */
export interface EstimateInput {
  method: Method | string;
  model: string;
  examples?: number;
  epochs?: number;
  tokensPerExample?: number;
  /** Tokens in the whole dataset (one epoch); replaces examples × tokens per example. */
  datasetTokens?: number;
  seqLen?: number;
  microBatch?: number;
  globalBatch?: number;
  rank?: number;
  targets?: Targets;
  gpu?: string;
  gpus?: number;
  provider?: string;
  gradCkpt?: boolean;
  optimizer?: Optimizer;
  precision?: Precision;
  bits?: 4 | 8;
  /** QLoRA's double quantization of the block scales (default on). */
  doubleQuant?: boolean;
  runs?: number;
  /** The team owns the GPUs named (`gpu`, `gpus`): costed by their power at `electricityUsdPerKwh`, not by rent. */
  owned?: boolean;
  electricityUsdPerKwh?: number;
  engineeringHourlyUsd?: number;
  /** The training stack (hf-peft by default): changes logits memory, fp32 casts and speed. */
  stack?: Stack;
}

/** The training job the memory and time models see, every default filled in. */
export interface TrainingConfig {
  method: Method;
  /** From the method table: what is trained, and how the base weights are held. */
  trains: 'all' | 'adapters';
  baseWeights: 'bf16' | 'quantized';
  precision: Precision;
  optimizer: Optimizer;
  bits: 4 | 8;
  doubleQuant: boolean;
  rank: number;
  targets: Targets;
  seqLen: number;
  microBatch: number;
  globalBatch: number;
  gradCkpt: boolean;
  stack: Stack;
}

export interface MemoryBreakdown {
  weights: number;
  gradients: number;
  optimizer: number;
  adapters: number;
  activations: number;
  overhead: number;
}

export interface HardwareChoice {
  gpu: string;
  count: number;
  strategy: Strategy;
}

export interface HardwareOption extends HardwareChoice {
  gpuName: string;
  perGpuGB: number;
  cpuRamGB: number;
  hours?: Range;
  perRunUsd?: Range;
  pricePerGpuHour?: Range;
}

/** Why a setup cannot run a job. */
export type Obstacle =
  'one-gpu-only' | 'needs-several-gpus' | 'layer-split-scope' | 'offload-scope' | 'not-multi-node' | 'gpu-memory' | 'cpu-ram';

/** Why an alternative setup is shown beside the headline: the article's own setup, or a cheaper or a faster one. */
export type AlternativeKind = 'article-setup' | 'cheaper' | 'faster';

export interface Alternative {
  kind: AlternativeKind;
  hardware: HardwareChoice & { gpuName: string; nodes: number };
  hours: Range;
  perRunUsd: Range;
  projectUsd: Range;
  hardwareBuyUsd: Range;
  /** How many times cheaper (middle of the per-run ranges) and faster (middle of the hours) than the headline; below 1 means dearer or slower. */
  cheaperBy: number;
  fasterBy: number;
}

export interface ManagedQuote {
  id: string;
  name: string;
  usd: Range;
  source: string;
  asOf: string;
}

/** The JSON contract of `ftcost estimate --json` (DESIGN.md); GB = 10^9 bytes, USD, hours. */
export interface Estimate {
  method: Method;
  model: {
    id: string;
    name: string;
    paramsB: number;
    activeParamsB: number;
    synthesized: boolean;
    source: string;
    asOf: string;
  };
  inputs: {
    examples: number;
    epochs: number;
    tokensPerExample: number;
    trainingTokens: number;
    seqLen: number;
    microBatch: number;
    globalBatch: number;
    optimizerSteps: number;
    gradCkpt: boolean;
    optimizer: Optimizer;
    precision: Precision;
    bits: 4 | 8 | null;
    rank: number | null;
    targets: Targets | null;
    trainableParamsB: number;
    provider: string | null;
  };
  memory: {
    totalGB: number;
    perGpuGB: number;
    cpuRamGB: number;
    breakdown: MemoryBreakdown;
  };
  hardware: {
    minimum: HardwareChoice;
    /** The planning rule's typical setup (docs/architecture.md): fewest commonly rented GPUs that fit, cheapest per run, grown past a day's run. */
    typical: HardwareChoice;
    /** What the figures are computed on: the team's own or named setup when it fits, else the typical one or a 3× better one. */
    used: HardwareChoice & { fits: boolean; gpuName: string };
    /** The team owns `used`: its cost is power, not rent. */
    owned: boolean;
    /** The team's setup when it does not fit (never costed): `used` is the nearest that does. */
    requested: (HardwareChoice & { gpuName: string; fits: false }) | null;
    /** The article's setup for the method, when it can hold the job (its figures are in `alternatives`). */
    article: HardwareChoice | null;
    options: HardwareOption[];
  };
  time: {
    hours: Range;
    breakdown: { computeHours: Range; cpuOptimizerHours: Range; fixedHours: Range };
  };
  cost: {
    pricePerGpuHour: Range & { source: string; asOf: string };
    perRunUsd: Range;
    runs: Range;
    projectUsd: Range;
    hardwareBuyUsd: Range;
    amortizedMonthlyUsd: Range;
    engineeringUsd: Range;
    engineeringDays: Range;
    managed: ManagedQuote[];
  };
  quality: { vsFullPct: Range; sources: string[] };
  alternatives: Alternative[];
  /** What the figures rest on, as facts; renderers write the assumptions from it. */
  basis: Basis;
  /** What the reader should know (does not fit, offload, defaults substituted), as codes with their figures. */
  notes: EstimateNote[];
}

/** The facts behind an estimate's figures (docs/methodology.md); `src/render` turns them into sentences. */
export interface Basis {
  model: { resolvedFrom: string | null; experts: number; expertsPerToken: number; hidden: number; layers: number };
  /** Which inputs were left to their defaults. */
  defaulted: { tokensPerExample: boolean; runs: boolean };
  datasetTokensGiven: number | null;
  /** The article's own case (a 60–75B model, 14–17M training tokens): answers show its setups beside the plan. */
  articleScenario: boolean;
  /** Full fine-tuning: bytes of weights, gradients and optimizer state per parameter. */
  stateBytesPerParam: number | null;
  /** Quantized base weights: bits, double quantization and bytes per weight. */
  quantization: { bits: 4 | 8; doubleQuant: boolean; bytesPerWeight: number } | null;
  /** FLOPs per parameter per token executed: 6 (all weights) or 4 (adapters), +2 with recomputation. */
  flopsPerParamToken: number;
  /** Share of the GPUs' dense BF16 peak spent on the FLOPs executed, as the time model works it out for this job. */
  utilization: Range;
  gpuTflops: number;
  gpuEfficiencyFactor: number;
  /** The method's own time factor (1 for full, LoRA and QLoRA; dequantization is in `time`). */
  slowdown: Range;
  /** The training stack assumed (`stack` input) and what it changes in memory. */
  stack: { id: Stack; name: string; logitBytes: number; kbitCastGB: number; eagerAttention: boolean };
  /** The article's memory figure for this method and model, when ftcost's total lies outside it (shown beside it). */
  articleMemory: { gb: Range; quote: string } | null;
  /** What the time model rests on for this job (docs/methodology.md, "Time"). */
  time: {
    tokensPerMicroBatch: number;
    gemmEfficiency: number;
    bandwidthGBs: number;
    spread: Range;
    dequantSlowdown: number;
    optimizerShare: number;
    commShare: number;
    issueBound: boolean;
  };
  cpuOffload: { adamParamsPerSec: Range; pcieGBs: Range } | null;
  fixed: { startupHours: Range; storageGBs: Range };
  usableFraction: number;
  buyIn: {
    gpuCount: number;
    gpuName: string;
    gpuUsd: Range;
    gpuSource: string;
    machines: number;
    machineName: string;
    machineUsd: Range;
    machineIncludes: string;
    machineSource: string;
    months: number;
  };
  engineering: { days: Range; hourlyUsd: number; work: string };
}

/** A note about an estimate: a code and the figures a renderer needs to say it. */
export type EstimateNote =
  | { code: 'article-setup-too-small'; method: Method; gpu: string; count: number }
  | { code: 'cheaper-optimizer-fits'; optimizer: Optimizer; gpu: string; count: number }
  | { code: 'provider-lacks-gpu'; provider: string; providerName: string; gpu: string }
  | { code: 'sequence-exceeds-context'; seqLen: number; maxContext: number }
  | { code: 'cpu-offload'; statesGB: number; gpu: string; count: number; gpuGB: number; cpuRamGB: number; cpuOptimizerHours: Range }
  | { code: 'card-too-small'; gpu: string; needGB: number; cardGB: number; suggestions: string[] }
  | { code: 'synthesized-shape'; hidden: number; layers: number }
  | { code: 'model-note'; text: string }
  | {
      code: 'requested-does-not-fit';
      gpu: string;
      count: number;
      owned: boolean;
      needGB: number;
      usableGB: number;
      reason: Obstacle | null;
      nearest: HardwareChoice | null;
      gradCkptWouldHelp: boolean;
    }
  | { code: 'leads-with-better'; typical: HardwareChoice; cheaperBy: number; fasterBy: number }
  | { code: 'long-run'; hours: Range; faster: (HardwareChoice & { hours: Range }) | null }
  | { code: 'unpriced-options'; gpus: string[] }
  | { code: 'checkpointing-would-shrink'; activationsGB: number; withCheckpointingGB: number; gpu: string; count: number };
