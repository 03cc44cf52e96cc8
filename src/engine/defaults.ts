import type { Optimizer, Precision, Targets } from './types.js';
import { range } from './range.js';

/**
 * Every default and constant the engine assumes, with where it comes from. docs/methodology.md
 * explains each; estimates repeat the ones they used in `assumptions`.
 */
export const DEFAULTS = {
  /** The article's scenario: Llama 70B, 10K examples, 3 epochs. */
  examples: 10_000,
  epochs: 3,
  /** Average tokens per training example (prompt + response); the largest single uncertainty. */
  tokensPerExample: 512,
  microBatch: 1,
  /** Examples per optimizer step (at least micro-batch × data-parallel GPUs); SFT recipes use 16–128. */
  globalBatch: 32,
  rank: 16,
  targets: 'all' as Targets,
  optimizer: 'adamw' as Optimizer,
  precision: 'mixed' as Precision,
  bits: 4 as 4 | 8,
  doubleQuant: true,
  engineeringHourlyUsd: 150,
} as const;

/** Bytes kept per parameter of model state. */
export const BYTES = {
  bf16: 2,
  fp32: 4,
  /** NF4 with double quantization: 4 + 8/64 + 32/(64·256) bits (QLoRA paper, arXiv 2305.14314). */
  nf4DoubleQuant: (4 + 8 / 64 + 32 / (64 * 256)) / 8,
  /** NF4 with one fp32 absmax per 64-weight block. */
  nf4: (4 + 32 / 64) / 8,
  /** LLM.int8(): one byte per weight, the per-row scales are negligible. */
  int8: 1,
  /** AdamW keeps two moments; 8-bit AdamW (bitsandbytes) keeps them in one byte each. */
  adamMoments: { adamw32: 8, adamw16: 4, adamw8: 2 },
} as const;

/** Per-GPU memory the framework needs beyond the model: CUDA context, cuBLAS and NCCL workspaces. */
export const RUNTIME_BYTES_PER_GPU = 1.0e9;
/** The caching allocator reserves more than activations use (fragmentation). */
export const ALLOCATOR_RESERVE = 0.1;
/** A plan fits when it uses at most this share of a card's capacity. */
export const USABLE_FRACTION = 0.95;
/** Bytes per logit element kept for the loss: bf16 logits + fp32 upcast + fp32 gradient. */
export const LOGIT_BYTES = 2 + 4 + 4;

/** GPU counts ftcost plans with: what clouds rent on one node, then whole 8-GPU nodes. */
export const GPU_COUNTS = [1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256] as const;
export const GPUS_PER_NODE = 8;

/** Multipliers on utilization for how GPUs share the work. */
export const STRATEGY_EFFICIENCY = {
  /** Gradient all-reduce once per optimizer step. */
  ddp: 0.95,
  /** FSDP/ZeRO-3 gathers weights every micro-batch: fine on NVLink, costly over PCIe. */
  fsdpFastLink: 0.9,
  fsdpPcie: 0.5,
  /** GPU-side work slows when ZeRO-3 also streams the optimizer to and from the CPU (torchtune, 70B FSDP + CPU offload on 8× A100: ~27% MFU). */
  offloadGpu: 0.65,
  /** `device_map="auto"`: one GPU at a time, plus activation copies between GPUs. */
  layerSplit: range(0.9, 1),
  /** Between nodes over InfiniBand/RoCE. */
  multiNode: 0.85,
};

/**
 * DeepSpeed CPU Adam throughput on one 8-GPU node's two CPU sockets, parameters per second: 1.4e9 in
 * DeepSpeed PR #735, 1.3–1.75e9 node-level with transfers (ZenFlow, core-binding reports); a
 * well-bound dual-socket H100 node sits at the upper end.
 */
export const CPU_ADAM_PARAMS_PER_SEC = range(1.2e9, 2.5e9);
/** Pinned host↔GPU copies per GPU: ~25 GB/s measured on A100 (PCIe Gen4 x16), lower for large buffers. */
export const PCIE_GBS = range(16, 25);

/** Fixed time per run: starting the job and environment, then loading and saving weights. */
export const STARTUP_HOURS = range(0.1, 0.25);
export const STORAGE_GBS = range(0.5, 1.5);

/** Hardware planning (docs/methodology.md, "Hardware planning"); see src/engine/plan.ts for the rule. */
export const PLAN = {
  /** A run longer than a day slows iteration: the typical setup grows (same GPU, data parallel) to stay under it. */
  reasonableHours: 24,
  /** Growth is taken while the cost per run rises by at most this factor. */
  growthCostTolerance: 1.25,
  /** A job that fits one 80 GB card is not spread over more than this many GPUs by default. */
  maxGpusWhenOne80Fits: 2,
  /** Another setup leads when it is this many times cheaper or faster than the typical one... */
  leadRatio: 3,
  /** ...and, if cheaper, at most this much slower; if faster, at most this much dearer. */
  leadSlowerTolerance: 1.5,
  leadDearerTolerance: 1.1,
  /** Shown beside the headline: the cheapest setup when it costs at most this share of the headline's, the fastest when it takes at most this share of its time. */
  showCheaperBelow: 0.8,
  showFasterBelow: 0.5,
  /** A faster setup is shown when it costs at most this much more than the headline. */
  showFasterDearerUpTo: 1.5,
  /** For a run over a week, the fastest setup may span nodes (data-centre GPUs) up to this many GPUs, at up to this much more cost. */
  maxGpusForFaster: 64,
  weekFasterDearerUpTo: 2,
  /** Runs over a week are flagged with the fastest option. */
  weekHours: 168,
} as const;

/**
 * Owned hardware is costed by its power. Default electricity price: the U.S. commercial average,
 * about 13 ¢/kWh (EIA, Electric Power Monthly, Table 5.6.A, April 2025: states from about 9 to 25 ¢);
 * a setting or --kwh-price changes it. The high end adds 50% for the host, cooling and power-supply
 * losses (Uptime Institute Global Data Center Survey 2024: average PUE 1.56).
 */
export const ELECTRICITY = {
  usdPerKwh: 0.13,
  source: 'EIA Electric Power Monthly, Table 5.6.A (April 2025): U.S. commercial average ≈ 13 ¢/kWh',
  overhead: { low: 1, high: 1.5 },
  overheadSource: 'host, cooling and PSU losses; Uptime Institute 2024 average PUE 1.56',
  asOf: '2025-06',
} as const;
