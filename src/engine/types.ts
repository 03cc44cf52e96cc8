import type { Range } from './range.js';

export const METHODS = ['full', 'lora', 'qlora'] as const;
export type Method = (typeof METHODS)[number];

export const STRATEGIES = ['single', 'ddp', 'fsdp', 'zero3-offload', 'layer-split'] as const;
/**
 * single: one GPU. ddp: each GPU holds everything, data parallel. fsdp: FSDP / ZeRO-3 shards weights,
 * gradients and optimizer states. zero3-offload: ZeRO-3 with the optimizer (and its step) on the CPU.
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
  engineeringHourlyUsd?: number;
}

/** The training job the memory and time models see, every default filled in. */
export interface TrainingConfig {
  method: Method;
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

export interface Alternative {
  label: string;
  hardware: HardwareChoice;
  hours: Range;
  perRunUsd: Range;
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
    typical: HardwareChoice;
    used: HardwareChoice & { fits: boolean; gpuName: string };
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
  assumptions: string[];
  warnings: string[];
}
