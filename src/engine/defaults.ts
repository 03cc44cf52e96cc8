import type { Optimizer, Precision, Targets } from './types.js';
import { range } from './range.js';
import type { Stack } from './stacks.js';

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
  /** Hugging Face Trainer + PEFT (+ bitsandbytes) + FlashAttention 2: what most fine-tuning guides use. */
  stack: 'hf-peft' as Stack,
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
/**
 * Eager attention (Gemma 2 on stacks without soft-capped FlashAttention) saves, per score of the
 * s × s matrix of each head: the soft-capped scores after tanh (bf16), the softmax in fp32 and its
 * bf16 copy = 2 + 4 + 2 bytes (transformers' eager_attention_forward for Gemma 2).
 */
export const EAGER_ATTENTION_BYTES_PER_SCORE = 8;
/** Gemma 2's final soft-capping (logits / 30, tanh, × 30) adds bf16 logit-sized tensors where the stack materializes logits. */
export const FINAL_SOFTCAP_BYTES_PER_LOGIT: Readonly<Record<Stack, number>> = { 'hf-peft': 4, torchtune: 4, nemo: 4, unsloth: 0, liger: 0 };

/** GPU counts ftcost plans with: what clouds rent on one node, then whole 8-GPU nodes. */
export const GPU_COUNTS = [1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256] as const;
export const GPUS_PER_NODE = 8;

/**
 * Share of a GPU's dense BF16 peak that the large matrix multiplies of training sustain: cuBLAS
 * reaches ~85–90% of peak on A100 and ~70–80% on H100 in isolation, less under a training run's
 * power and clock limits (docs/methodology.md, "Time").
 */
export const GEMM_EFFICIENCY = 0.7;
/** Share of HBM/GDDR bandwidth that memory-bound kernels (norms, activations, casts, AdamW, dequantization) reach. */
export const BANDWIDTH_EFFICIENCY = 0.8;

/**
 * Collective bandwidth per GPU, bytes/s of NCCL "bus bandwidth": NVLink/Infinity Fabric within a node
 * (A100 ~230 GB/s, H100 ~360 GB/s measured; the lower is assumed), PCIe cards (P2P through the host on
 * most consumer cards), and between nodes (8 rail-aligned 200–400 Gb/s NICs per node, so a ring
 * crosses each NIC with 1/8 of the data).
 */
export const LINK_BUS_GBS = { fastLink: 230, pcie: 12, interNode: 160 } as const;
/** Communication that prefetching does not hide behind compute (first gather, last reduce-scatter, synchronisation). */
export const COMM_UNHIDDEN = 0.1;
/** GPU-side work slows when ZeRO-3 also streams the optimizer to and from the CPU (torchtune, 70B FSDP + CPU offload on 8× A100: ~27% MFU). */
export const OFFLOAD_GPU_EFFICIENCY = 0.65;
/** `device_map="auto"`: one GPU at a time, plus activation copies between GPUs. */
export const LAYER_SPLIT_EFFICIENCY = 0.95;
/**
 * Real runs spread around the central estimate (stack versions, padding, data loading, clocks): the
 * time range is central × low–high, from the spread of the published runs (docs/methodology.md, "Calibration").
 */
export const TIME_SPREAD = range(0.75, 1.45);

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
