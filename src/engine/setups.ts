import type { ResolvedModel } from './catalog/models.js';
import { priceFor, type GpuPrice } from './catalog/prices.js';
import type { GpuEntry, PriceTable, Provider } from './catalog/schema.js';
import { perRunUsd } from './cost.js';
import type { MemoryParts } from './memory.js';
import type { MethodSpec } from './methods.js';
import type { Fit, GpuOption } from './planner.js';
import { mid, range, type Range } from './range.js';
import { trainingTime, type DataVolume, type TimeResult } from './time.js';
import type { HardwareOption, Strategy, TrainingConfig } from './types.js';
import { GB } from './units.js';

/** One fine-tuning job, every input resolved: what the setup search and the cost figures work on. */
export interface Job {
  spec: MethodSpec;
  model: ResolvedModel;
  cfg: TrainingConfig;
  data: DataVolume & { examples: number; epochs: number };
  parts: MemoryParts;
  prices: PriceTable;
  provider: Provider | undefined;
  /** FLOPs of the whole run: the same on every GPU, so computed once. */
  flops: number;
}

/** The hardware time and cost are computed on, and how the job fits it. */
export interface Setup {
  gpu: GpuEntry;
  count: number;
  fit: Fit;
}

const POWERS = [1, 10, 100];
const roundRange = (r: Range, digits: number): Range => {
  const f = POWERS[digits] ?? 10 ** digits;
  return { low: Math.round(r.low * f) / f, high: Math.round(r.high * f) / f };
};
const toGB = (bytes: number): number => Math.round((bytes / GB) * 10) / 10;

/** Hours and cost of running the job on one setup. */
export function runOn(
  job: Job,
  gpu: GpuEntry,
  count: number,
  strategy: Strategy,
): { time: TimeResult; price: GpuPrice | undefined; perRun: Range | undefined } {
  const time = trainingTime(job.model, job.cfg, job.parts, job.data, gpu, count, strategy, job.flops);
  const price = priceFor(job.prices, gpu.id, job.provider);
  return { time, price, perRun: price ? perRunUsd(time.hours, count, price) : undefined };
}

const hourlyRent = (job: Job, option: GpuOption): number | undefined => {
  const price = priceFor(job.prices, option.gpu.id, job.provider);
  return price ? option.count * mid(price) : undefined;
};

/** The option with the lowest cost per run (middle of the range), if any is priced. */
export function cheapestPerRun(job: Job, options: GpuOption[]): GpuOption | undefined {
  let best: GpuOption | undefined;
  let bestCost = Infinity;
  for (const option of options) {
    const run = runOn(job, option.gpu, option.count, option.strategy);
    if (run.perRun && mid(run.perRun) < bestCost) {
      best = option;
      bestCost = mid(run.perRun);
    }
  }
  return best;
}

/**
 * The least hardware that runs the job: the fewest GPUs, then the lowest hourly rent (two 24 GB cards
 * may rent for less than one 48 GB card, but one card is less hardware); unpriced options are skipped.
 */
export function cheapestToRent(job: Job, options: GpuOption[]): GpuOption | undefined {
  let best: GpuOption | undefined;
  let bestRent = Infinity;
  for (const option of options) {
    const rent = hourlyRent(job, option);
    if (rent === undefined) continue;
    if (best === undefined || option.count < best.count || (option.count === best.count && rent < bestRent)) {
      best = option;
      bestRent = rent;
    }
  }
  return best;
}

export function optionsWithCost(job: Job, options: GpuOption[]): HardwareOption[] {
  return options.map((o) => {
    const run = runOn(job, o.gpu, o.count, o.strategy);
    const option: HardwareOption = {
      gpu: o.gpu.id,
      count: o.count,
      strategy: o.strategy,
      gpuName: o.gpu.name,
      perGpuGB: toGB(o.perGpu),
      cpuRamGB: toGB(o.cpuRam),
      hours: roundRange(run.time.hours, 2),
    };
    if (run.price) option.pricePerGpuHour = range(run.price.low, run.price.high);
    if (run.perRun) option.perRunUsd = roundRange(run.perRun, 2);
    return option;
  });
}
