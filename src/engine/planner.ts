import { getGpu, GPUS, hostFor } from './catalog/gpus.js';
import type { GpuEntry } from './catalog/schema.js';
import { GPU_COUNTS, GPUS_PER_NODE, USABLE_FRACTION } from './defaults.js';
import { placement, type MemoryParts, type Placement } from './memory.js';
import type { Method, Strategy } from './types.js';

export interface Fit extends Placement {
  strategy: Strategy;
  fits: boolean;
  /** Why it does not fit, in words, when it does not. */
  reason?: string;
}

export const usableBytes = (gpu: GpuEntry): number => gpu.memoryBytes * USABLE_FRACTION;

/** Can `count` GPUs run the job with `strategy`? */
export function check(method: Method, parts: MemoryParts, gpu: GpuEntry, count: number, strategy: Strategy): Fit {
  const place = placement(parts, strategy, count);
  const fit = (fits: boolean, reason?: string): Fit => ({ ...place, strategy, fits, ...(reason ? { reason } : {}) });
  if (strategy === 'single' && count !== 1) return fit(false, 'single means one GPU');
  if (strategy !== 'single' && count === 1) return fit(false, 'needs several GPUs');
  if (strategy === 'layer-split' && (method === 'full' || count > GPUS_PER_NODE)) return fit(false, 'layer split is for LoRA/QLoRA on one node');
  if (strategy === 'zero3-offload' && method !== 'full') return fit(false, 'optimizer offload only matters for full fine-tuning');
  if (count > GPUS_PER_NODE && !gpu.multiNode) return fit(false, `${gpu.name} is not built into multi-node clusters`);
  if (place.perGpu > usableBytes(gpu)) return fit(false, 'GPU memory');
  if (place.cpuRam > 0) {
    const nodes = Math.ceil(count / GPUS_PER_NODE);
    const host = hostFor(gpu, Math.min(count, GPUS_PER_NODE));
    if (place.cpuRam / nodes > host.cpuRamGB * 1e9 * 0.9) return fit(false, 'CPU RAM for the offloaded optimizer');
  }
  return fit(true);
}

/** Strategies worth trying on `count` GPUs, fastest first. */
export function strategiesFor(method: Method, count: number): Strategy[] {
  if (count === 1) return ['single'];
  return method === 'full' ? ['ddp', 'fsdp', 'zero3-offload'] : ['ddp', 'fsdp', 'layer-split'];
}

/** The fastest strategy that fits on `count` GPUs, if any. */
export function fastestFit(method: Method, parts: MemoryParts, gpu: GpuEntry, count: number): Fit | undefined {
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
export function conventionalFit(method: Method, parts: MemoryParts, gpu: GpuEntry, count: number): Fit | undefined {
  if (count === 1) return fastestFit(method, parts, gpu, 1);
  const order: Strategy[] = method === 'full' ? ['ddp', 'fsdp', 'zero3-offload'] : ['ddp', 'layer-split', 'fsdp'];
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

/** For every catalog GPU that can run the job: the fewest GPUs and the fastest strategy at that count. */
export function fittingOptions(method: Method, parts: MemoryParts): GpuOption[] {
  const options: GpuOption[] = [];
  for (const gpu of GPUS) {
    for (const count of GPU_COUNTS) {
      if (count > GPUS_PER_NODE && !gpu.multiNode) break;
      const fit = fastestFit(method, parts, gpu, count);
      if (fit) {
        options.push({ ...fit, gpu, count });
        break;
      }
    }
  }
  return options;
}

/** The fewest GPUs of one kind that run the job, if any count does. */
export function fewestOf(method: Method, parts: MemoryParts, gpuId: string): GpuOption | undefined {
  const gpu = getGpu(gpuId);
  if (!gpu) return undefined;
  for (const count of GPU_COUNTS) {
    if (count > GPUS_PER_NODE && !gpu.multiNode) break;
    const fit = fastestFit(method, parts, gpu, count);
    if (fit) return { ...fit, gpu, count };
  }
  return undefined;
}
