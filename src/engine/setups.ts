import { getGpu, resolveGpu } from './catalog/gpus.js';
import type { ResolvedModel } from './catalog/models.js';
import { priceFor, type GpuPrice } from './catalog/prices.js';
import type { GpuEntry, PriceTable, Provider } from './catalog/schema.js';
import { perRunUsd } from './cost.js';
import { GPU_COUNTS, GPUS_PER_NODE } from './defaults.js';
import type { MemoryParts } from './memory.js';
import type { MethodSpec } from './methods.js';
import { check, fastestFit, fewestOf, strategiesFor, usableBytes, type Fit, type GpuOption } from './planner.js';
import type { Parsed } from './quantities.js';
import { mid, range, type Range } from './range.js';
import { trainingTime, type DataVolume, type TimeResult } from './time.js';
import type { Alternative, AlternativeKind, EstimateInput, EstimateNote, HardwareOption, Strategy, TrainingConfig } from './types.js';
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

/** The least-bad strategy when nothing fits: the one needing the least memory per GPU. */
function bestEffort(job: Job, gpu: GpuEntry, count: number): Fit {
  const attempts = strategiesFor(job.spec.trains, count).map((s) => check(job.spec.trains, job.parts, gpu, count, s));
  return attempts.reduce((best, a) => (a.perGpu < best.perGpu ? a : best));
}

/** The setup time and cost are computed on: the user's GPU and count, else the baseline. Notes what does not fit. */
export function chooseSetup(job: Job, input: EstimateInput, baseline: GpuOption, notes: EstimateNote[]): Parsed<Setup> {
  if (input.gpu === undefined && input.gpus === undefined)
    return { ok: true, value: { gpu: baseline.gpu, count: baseline.count, fit: baseline } };
  const trains = job.spec.trains;
  let gpu = baseline.gpu;
  if (input.gpu !== undefined) {
    const found = resolveGpu(input.gpu);
    if (!found.ok) return found;
    gpu = found.value;
  }
  if (input.gpus === undefined) {
    const fewest = fewestOf(trains, job.parts, gpu.id);
    if (fewest) return { ok: true, value: { gpu, count: fewest.count, fit: fewest } };
    const count = gpu.multiNode ? (GPU_COUNTS[GPU_COUNTS.length - 1] ?? GPUS_PER_NODE) : GPUS_PER_NODE;
    const fit = bestEffort(job, gpu, count);
    notes.push({ code: 'fits-at-no-count', gpu: gpu.id, count, needGB: toGB(fit.perGpu), usableGB: toGB(usableBytes(gpu)) });
    return { ok: true, value: { gpu, count, fit } };
  }
  const count = input.gpus;
  if (count > GPUS_PER_NODE && !gpu.multiNode) {
    return {
      ok: false,
      error: `gpus: ${gpu.name} is not sold in multi-node clusters; use at most ${GPUS_PER_NODE}, or a data-centre GPU such as h100-sxm`,
    };
  }
  const fit = fastestFit(trains, job.parts, gpu, count);
  if (fit) return { ok: true, value: { gpu, count, fit } };
  const attempt = bestEffort(job, gpu, count);
  const fewest = fewestOf(trains, job.parts, gpu.id);
  notes.push({
    code: 'does-not-fit',
    gpu: gpu.id,
    count,
    strategy: attempt.strategy,
    needGB: toGB(attempt.perGpu),
    usableGB: toGB(usableBytes(gpu)),
    reason: attempt.reason && attempt.reason !== 'gpu-memory' ? attempt.reason : null,
    fewest: fewest ? { gpu: gpu.id, count: fewest.count, strategy: fewest.strategy } : null,
    gradCkptWouldHelp: !job.cfg.gradCkpt && input.gradCkpt === undefined,
  });
  return { ok: true, value: { gpu, count, fit: attempt } };
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

/** Setups worth showing beside the costed one: sharding instead of offload, FSDP instead of a layer split, the cheapest per run. */
export function alternativesFor(job: Job, setup: Setup, perRun: Range, options: HardwareOption[]): Alternative[] {
  const trains = job.spec.trains;
  const alternatives: Alternative[] = [];
  const add = (kind: AlternativeKind, gpu: GpuEntry, count: number, strategy: Strategy) => {
    const run = runOn(job, gpu, count, strategy);
    if (!run.perRun) return;
    alternatives.push({
      kind,
      hardware: { gpu: gpu.id, count, strategy, gpuName: gpu.name, nodes: Math.ceil(count / GPUS_PER_NODE) },
      hours: roundRange(run.time.hours, 2),
      perRunUsd: roundRange(run.perRun, 2),
    });
  };
  const { gpu, count, fit } = setup;
  if (fit.strategy === 'zero3-offload') {
    for (const more of GPU_COUNTS) {
      if (more <= count) continue;
      if (more > GPUS_PER_NODE && !gpu.multiNode) break;
      if (check(trains, job.parts, gpu, more, 'fsdp').fits) {
        add('shard-without-offload', gpu, more, 'fsdp');
        break;
      }
    }
  }
  if (fit.strategy === 'layer-split' && check(trains, job.parts, gpu, count, 'fsdp').fits) add('shard-same-gpus', gpu, count, 'fsdp');
  const cheapest = options
    .filter((o) => o.perRunUsd)
    .reduce<HardwareOption | undefined>(
      (best, o) => (!best || mid(o.perRunUsd as Range) < mid(best.perRunUsd as Range) ? o : best),
      undefined,
    );
  if (
    cheapest &&
    cheapest.perRunUsd &&
    mid(cheapest.perRunUsd) < 0.8 * mid(perRun) &&
    !(cheapest.gpu === gpu.id && cheapest.count === count)
  ) {
    const cheapGpu = getGpu(cheapest.gpu) as GpuEntry;
    if (!alternatives.some((a) => a.hardware.gpu === cheapest.gpu && a.hardware.count === cheapest.count)) {
      add('cheapest-per-run', cheapGpu, cheapest.count, cheapest.strategy);
    }
  }
  return alternatives;
}
