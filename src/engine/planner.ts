import { getGpu, GPUS, hostFor } from './catalog/gpus.js';
import type { GpuEntry } from './catalog/schema.js';
import { GPU_COUNTS, GPUS_PER_NODE, USABLE_FRACTION } from './defaults.js';
import { placement, type MemoryParts, type Placement } from './memory.js';
import type { Obstacle, Strategy, TrainingConfig } from './types.js';

export type { Obstacle };

/** What the planner needs of a method: whether it trains every weight (full fine-tuning) or adapters. */
export type Trains = TrainingConfig['trains'];

export interface Fit extends Placement {
  strategy: Strategy;
  fits: boolean;
  /** Why it does not fit, when it does not. */
  reason: Obstacle | undefined;
}

export const usableBytes = (gpu: GpuEntry): number => gpu.memoryBytes * USABLE_FRACTION;

/** Why `count` GPUs cannot run the job with `strategy`, or undefined when they can. */
function obstacle(
  method: Trains,
  parts: MemoryParts,
  gpu: GpuEntry,
  count: number,
  strategy: Strategy,
  place: Placement,
): Obstacle | undefined {
  const oneGpu = strategy === 'single' || strategy === 'offload';
  if (oneGpu && count !== 1) return 'one-gpu-only';
  if (!oneGpu && count === 1) return 'needs-several-gpus';
  if (strategy === 'layer-split' && (method === 'all' || count > GPUS_PER_NODE)) return 'layer-split-scope';
  if ((strategy === 'zero3-offload' || strategy === 'offload') && method !== 'all') return 'offload-scope';
  if (count > GPUS_PER_NODE && !gpu.multiNode) return 'not-multi-node';
  if (place.perGpu > usableBytes(gpu)) return 'gpu-memory';
  if (place.cpuRam > 0) {
    const nodes = Math.ceil(count / GPUS_PER_NODE);
    const host = hostFor(gpu, count < GPUS_PER_NODE ? count : GPUS_PER_NODE);
    if (place.cpuRam / nodes > host.cpuRamGB * 1e9 * 0.9) return 'cpu-ram';
  }
  return undefined;
}

/** Can `count` GPUs run the job with `strategy`? */
export function check(method: Trains, parts: MemoryParts, gpu: GpuEntry, count: number, strategy: Strategy): Fit {
  const place = placement(parts, strategy, count);
  const reason = obstacle(method, parts, gpu, count, strategy, place);
  return { perGpu: place.perGpu, cpuRam: place.cpuRam, strategy, fits: reason === undefined, reason };
}

const SINGLE: readonly Strategy[] = ['single'];
/** One GPU for full fine-tuning: all of it on the GPU, else the optimizer on the CPU (ZeRO-Offload). */
const SINGLE_FULL: readonly Strategy[] = ['single', 'offload'];
const FULL_STRATEGIES: readonly Strategy[] = ['ddp', 'fsdp', 'zero3-offload'];
const ADAPTER_STRATEGIES: readonly Strategy[] = ['ddp', 'fsdp', 'layer-split'];

/** Strategies worth trying on `count` GPUs, fastest first. */
export function strategiesFor(method: Trains, count: number): readonly Strategy[] {
  if (count === 1) return method === 'all' ? SINGLE_FULL : SINGLE;
  return method === 'all' ? FULL_STRATEGIES : ADAPTER_STRATEGIES;
}

/** The fastest strategy that fits on `count` GPUs, if any. */
export function fastestFit(method: Trains, parts: MemoryParts, gpu: GpuEntry, count: number): Fit | undefined {
  for (const strategy of strategiesFor(method, count)) {
    const result = check(method, parts, gpu, count, strategy);
    if (result.fits) return result;
  }
  return undefined;
}

/**
 * The strategy the article's tooling uses on a given setup: data parallel when one GPU holds the
 * job; otherwise DeepSpeed ZeRO-3 (with CPU offload when needed) for full fine-tuning and PEFT's
 * `device_map="auto"` layer split for LoRA/QLoRA.
 */
export function conventionalFit(method: Trains, parts: MemoryParts, gpu: GpuEntry, count: number): Fit | undefined {
  if (count === 1) return fastestFit(method, parts, gpu, 1);
  const order: Strategy[] = method === 'all' ? ['ddp', 'fsdp', 'zero3-offload'] : ['ddp', 'layer-split', 'fsdp'];
  for (const strategy of order) {
    const result = check(method, parts, gpu, count, strategy);
    if (result.fits) return result;
  }
  return undefined;
}

export interface GpuOption extends Fit {
  gpu: GpuEntry;
  count: number;
}

/** A fit on a given GPU and count (built field by field: V8 spreads are slow on this hot path). */
export const asOption = (fit: Fit, gpu: GpuEntry, count: number): GpuOption => ({
  perGpu: fit.perGpu,
  cpuRam: fit.cpuRam,
  strategy: fit.strategy,
  fits: fit.fits,
  reason: fit.reason,
  gpu,
  count,
});

/**
 * Fewest GPUs a strategy needs, from memory alone: per-GPU memory is `shared / N + fixed`, so
 * N ≥ shared / (usable − fixed). Infinity when even one GPU's fixed part does not fit.
 */
function minimumCount(parts: MemoryParts, strategy: Strategy, usable: number): number {
  const b = parts.breakdown;
  switch (strategy) {
    case 'single':
    case 'ddp':
      return parts.total <= usable ? 1 : Infinity;
    case 'offload':
      return b.weights + b.gradients + b.activations + parts.perGpuOverhead <= usable ? 1 : Infinity;
    case 'fsdp': {
      const room = usable - b.activations - parts.perGpuOverhead - parts.gatherBuffer;
      return room > 0 ? parts.states / room : Infinity;
    }
    case 'zero3-offload': {
      const room = usable - b.activations - parts.perGpuOverhead - parts.gatherBuffer;
      return room > 0 ? (b.weights + b.gradients) / room : Infinity;
    }
    case 'layer-split': {
      const room = usable - parts.logits - parts.perGpuOverhead;
      return room > 0 ? (parts.states + parts.layerActivations) / room : Infinity;
    }
  }
}

/** The fewest GPUs of one kind that run the job, if any count does, with the fastest strategy at that count. */
export function fewestOfGpu(method: Trains, parts: MemoryParts, gpu: GpuEntry): GpuOption | undefined {
  const usable = usableBytes(gpu);
  const maxCount = gpu.multiNode ? (GPU_COUNTS[GPU_COUNTS.length - 1] as number) : GPUS_PER_NODE;
  let best: number | undefined = fastestFit(method, parts, gpu, 1) ? 1 : undefined;
  for (const strategy of method === 'all' ? FULL_STRATEGIES : ADAPTER_STRATEGIES) {
    if (best === 1) break;
    const needed = Math.max(1, minimumCount(parts, strategy, usable) * (1 - 1e-12));
    if (needed > maxCount) continue;
    for (const count of GPU_COUNTS) {
      if (count < needed || (best !== undefined && count >= best)) continue;
      if (count > maxCount) break;
      if (check(method, parts, gpu, count, count === 1 ? 'single' : strategy).fits) {
        best = count;
        break;
      }
    }
  }
  if (best === undefined) return undefined;
  const fit = fastestFit(method, parts, gpu, best);
  return fit ? asOption(fit, gpu, best) : undefined;
}

/** For every catalog GPU that can run the job: the fewest GPUs and the fastest strategy at that count. */
export function fittingOptions(method: Trains, parts: MemoryParts): GpuOption[] {
  const options: GpuOption[] = [];
  for (const gpu of GPUS) {
    const option = fewestOfGpu(method, parts, gpu);
    if (option) options.push(option);
  }
  return options;
}

/** The fewest GPUs of one kind (by id) that run the job, if any count does. */
export function fewestOf(method: Trains, parts: MemoryParts, gpuId: string): GpuOption | undefined {
  const gpu = getGpu(gpuId);
  return gpu ? fewestOfGpu(method, parts, gpu) : undefined;
}
