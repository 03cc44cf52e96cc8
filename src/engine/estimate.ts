import { getGpu, resolveGpu } from './catalog/gpus.js';
import { resolveModel, type ResolvedModel } from './catalog/models.js';
import { DEFAULT_PRICES, managedServices, priceFor, resolveProvider, type GpuPrice } from './catalog/prices.js';
import { unpricedGpuAnswer, unpricedOptionsNote } from './catalog/prices.js';
import type { GpuEntry, PriceTable, Provider } from './catalog/schema.js';
import { describeZodError } from './catalog/schema.js';
import { engineeringUsd, hardwareBuyIn, managedQuotes, perRunUsd, projectUsd } from './cost.js';
import {
  CPU_ADAM_PARAMS_PER_SEC,
  DEFAULTS,
  ENGINEERING_DAYS,
  GPU_COUNTS,
  GPUS_PER_NODE,
  PCIE_GBS,
  QLORA_SLOWDOWN,
  QUALITY_SOURCES,
  QUALITY_VS_FULL,
  RUNS_PER_PROJECT,
  STARTUP_HOURS,
  STORAGE_GBS,
  TYPICAL,
  USABLE_FRACTION,
  UTILIZATION,
} from './defaults.js';
import { compact, gb, num, numRange, usd, usdRange } from './format.js';
import { EstimateInputSchema, resolveMethod } from './inputs.js';
import { memoryParts, type MemoryParts } from './memory.js';
import {
  asOption,
  check,
  conventionalFit,
  fastestFit,
  fewestOf,
  fittingOptions,
  strategiesFor,
  type Fit,
  type GpuOption,
} from './planner.js';
import type { Parsed } from './quantities.js';
import { mid, range, type Range } from './range.js';
import { flopsPerToken, trainingTime, type DataVolume, type TimeResult } from './time.js';
import type { Alternative, Estimate, EstimateInput, HardwareOption, Method, Strategy, TrainingConfig } from './types.js';
import { GB } from './units.js';

export interface EngineContext {
  /** The price table to use (FTCOST_PRICES, or workspace overrides); the built-in one by default. */
  prices?: PriceTable;
  /** Models resolved beforehand (a Hugging Face repo read by src/hub), by the text the request names them with. */
  models?: ReadonlyMap<string, ResolvedModel>;
}

export const STRATEGY_LABEL: Record<Strategy, string> = {
  single: 'single GPU',
  ddp: 'data parallel (DDP)',
  fsdp: 'FSDP / ZeRO-3 sharding',
  'zero3-offload': 'ZeRO-3 + optimizer offloaded to CPU',
  'layer-split': 'layer split (device_map="auto")',
};

/** Short forms for tables and charts. */
export const SHORT_STRATEGY_LABEL: Record<Strategy, string> = {
  single: 'single GPU',
  ddp: 'data parallel',
  fsdp: 'FSDP',
  'zero3-offload': 'ZeRO-3 + CPU offload',
  'layer-split': 'layer split',
};

/** Method names as headings use them. */
export const METHOD_NAME: Record<Method, string> = { full: 'Full fine-tuning', lora: 'LoRA', qlora: 'QLoRA' };

const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000];
const round = (n: number, digits: number): number => {
  const f = POWERS_OF_TEN[digits] ?? 10 ** digits;
  return Math.round(n * f) / f;
};
const roundRange = (r: Range, digits: number): Range => ({ low: round(r.low, digits), high: round(r.high, digits) });
const toGB = (bytes: number): number => round(bytes / GB, 1);

const nextPowerOfTwo = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(n, 1)));

interface Job {
  method: Method;
  model: ResolvedModel;
  cfg: TrainingConfig;
  data: DataVolume & { examples: number; epochs: number };
  parts: MemoryParts;
  prices: PriceTable;
  provider: Provider | undefined;
  /** FLOPs of the whole run: the same on every GPU, so computed once. */
  flops: number;
}

/** Hours and cost of running the job on one setup. */
function runOn(
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
function cheapestPerRun(job: Job, options: GpuOption[]): GpuOption | undefined {
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
function cheapestToRent(job: Job, options: GpuOption[]): GpuOption | undefined {
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

function buildConfig(method: Method, input: EstimateInput, tokensPerExample: number): TrainingConfig {
  return {
    method,
    precision: input.precision ?? DEFAULTS.precision,
    optimizer: input.optimizer ?? DEFAULTS.optimizer,
    bits: input.bits ?? DEFAULTS.bits,
    doubleQuant: input.doubleQuant ?? DEFAULTS.doubleQuant,
    rank: input.rank ?? DEFAULTS.rank,
    targets: input.targets ?? DEFAULTS.targets,
    seqLen: input.seqLen ?? Math.max(128, nextPowerOfTwo(tokensPerExample)),
    microBatch: input.microBatch ?? DEFAULTS.microBatch,
    globalBatch: input.globalBatch ?? DEFAULTS.globalBatch,
    gradCkpt: input.gradCkpt ?? DEFAULTS.gradCkpt[method],
  };
}

/** The setup time and cost are computed on: the user's GPU and count, else the typical setup. */
function chooseSetup(
  job: Job,
  input: EstimateInput,
  typical: GpuOption,
  warnings: string[],
): Parsed<{ gpu: GpuEntry; count: number; fit: Fit }> {
  if (input.gpu === undefined && input.gpus === undefined)
    return { ok: true, value: { gpu: typical.gpu, count: typical.count, fit: typical } };
  let gpu = typical.gpu;
  if (input.gpu !== undefined) {
    const found = resolveGpu(input.gpu);
    if (!found.ok) return found;
    gpu = found.value;
  }
  if (input.gpus === undefined) {
    const fewest = fewestOf(job.method, job.parts, gpu.id);
    if (fewest) return { ok: true, value: { gpu, count: fewest.count, fit: fewest } };
    const count = gpu.multiNode ? (GPU_COUNTS[GPU_COUNTS.length - 1] ?? GPUS_PER_NODE) : GPUS_PER_NODE;
    const fit = bestEffort(job, gpu, count);
    warnings.push(
      `This job does not fit on ${gpu.name} even at ${count} GPUs (${gb(fit.perGpu / GB)} per GPU needed, ${gb((gpu.memoryBytes * USABLE_FRACTION) / GB)} usable); figures below assume it did.`,
    );
    return { ok: true, value: { gpu, count, fit } };
  }
  const count = input.gpus;
  if (count > GPUS_PER_NODE && !gpu.multiNode) {
    return {
      ok: false,
      error: `gpus: ${gpu.name} is not sold in multi-node clusters; use at most ${GPUS_PER_NODE}, or a data-centre GPU such as h100-sxm`,
    };
  }
  const fit = fastestFit(job.method, job.parts, gpu, count);
  if (fit) return { ok: true, value: { gpu, count, fit } };
  const attempt = bestEffort(job, gpu, count);
  const fewest = fewestOf(job.method, job.parts, gpu.id);
  const fix = fewest ? `${fewest.count}× ${gpu.name} would fit (${STRATEGY_LABEL[fewest.strategy]})` : `no number of ${gpu.name} GPUs fits`;
  const ckptHint = !job.cfg.gradCkpt && input.gradCkpt === undefined ? '; --grad-ckpt shrinks activations' : '';
  warnings.push(
    `Does not fit: ${count}× ${gpu.name} with ${STRATEGY_LABEL[attempt.strategy]} needs ${gb(attempt.perGpu / GB)} per GPU, ` +
      `${gb((gpu.memoryBytes * USABLE_FRACTION) / GB)} usable${attempt.reason && attempt.reason !== 'GPU memory' ? ` (${attempt.reason})` : ''}; ${fix}${ckptHint}. Time and cost below assume it ran.`,
  );
  return { ok: true, value: { gpu, count, fit: attempt } };
}

/** The least-bad strategy when nothing fits: the one needing the least memory per GPU. */
function bestEffort(job: Job, gpu: GpuEntry, count: number): Fit {
  const attempts = strategiesFor(job.method, count).map((s) => check(job.method, job.parts, gpu, count, s));
  return attempts.reduce((best, a) => (a.perGpu < best.perGpu ? a : best));
}

function optionsWithCost(job: Job, options: GpuOption[]): HardwareOption[] {
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

function alternativesFor(
  job: Job,
  setup: { gpu: GpuEntry; count: number; fit: Fit },
  perRun: Range,
  options: HardwareOption[],
): Alternative[] {
  const alternatives: Alternative[] = [];
  const add = (label: string, gpu: GpuEntry, count: number, strategy: Strategy) => {
    const run = runOn(job, gpu, count, strategy);
    if (!run.perRun) return;
    alternatives.push({
      label,
      hardware: { gpu: gpu.id, count, strategy },
      hours: roundRange(run.time.hours, 2),
      perRunUsd: roundRange(run.perRun, 2),
    });
  };
  const { gpu, count, fit } = setup;
  if (fit.strategy === 'zero3-offload') {
    for (const more of GPU_COUNTS) {
      if (more <= count) continue;
      if (more > GPUS_PER_NODE && !gpu.multiNode) break;
      const sharded = check(job.method, job.parts, gpu, more, 'fsdp');
      if (sharded.fits) {
        const nodes = Math.ceil(more / GPUS_PER_NODE);
        add(`${more}× ${gpu.name}${nodes > 1 ? ` (${nodes} nodes)` : ''} with FSDP, no CPU offload`, gpu, more, 'fsdp');
        break;
      }
    }
  }
  if (fit.strategy === 'layer-split') {
    const sharded = check(job.method, job.parts, gpu, count, 'fsdp');
    if (sharded.fits) add(`the same ${count}× ${gpu.name} with FSDP (all GPUs busy at once)`, gpu, count, 'fsdp');
  }
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
      add(
        `cheapest per run in the catalog: ${cheapest.count}× ${cheapGpu.name} (${STRATEGY_LABEL[cheapest.strategy]})`,
        cheapGpu,
        cheapest.count,
        cheapest.strategy,
      );
    }
  }
  return alternatives;
}

/**
 * Memory, hardware, time, cost and quality of one fine-tuning job. Pure: data in, result out.
 * Invalid input yields `{ ok: false, error }` with one line naming the bad value; it never throws.
 */
export function estimate(input: EstimateInput, ctx: EngineContext = {}): Parsed<Estimate> {
  const valid = EstimateInputSchema.safeParse(input);
  if (!valid.success) return { ok: false, error: describeZodError(valid.error)[0] ?? 'invalid input' };
  const methodResult = resolveMethod(input.method);
  if (!methodResult.ok) return methodResult;
  const method = methodResult.value;
  const modelResult = resolveModel(input.model, ctx.models);
  if (!modelResult.ok) return modelResult;
  const model = modelResult.value;
  const prices = ctx.prices ?? DEFAULT_PRICES;
  let provider: Provider | undefined;
  if (input.provider !== undefined) {
    const found = resolveProvider(prices, input.provider);
    if (!found.ok) return found;
    provider = found.value;
  }

  const warnings: string[] = [];
  const tokensPerExample = input.tokensPerExample ?? DEFAULTS.tokensPerExample;
  const epochs = input.epochs ?? DEFAULTS.epochs;
  const examples = input.datasetTokens !== undefined ? input.datasetTokens / tokensPerExample : (input.examples ?? DEFAULTS.examples);
  const trainingTokens = (input.datasetTokens ?? examples * tokensPerExample) * epochs;
  const cfg = buildConfig(method, input, tokensPerExample);
  const parts = memoryParts(model, cfg);
  const flops = trainingTokens * flopsPerToken(model, cfg, tokensPerExample, parts.trainableParams);
  const job: Job = { method, model, cfg, data: { trainingTokens, tokensPerExample, examples, epochs }, parts, prices, provider, flops };

  if (cfg.seqLen > model.maxContext)
    warnings.push(`Sequence length ${num(cfg.seqLen)} exceeds ${model.name}'s context of ${num(model.maxContext)} tokens.`);

  const fitting = fittingOptions(method, parts);
  // With a provider, the minimum is what that provider rents; otherwise anything priced.
  const rentable = provider ? fitting.filter((o) => provider.perGpuHour[o.gpu.id] !== undefined) : fitting;
  if (provider && rentable.length === 0 && fitting.length > 0) {
    return {
      ok: false,
      error: `provider: ${provider.name} lists no GPU that can run this job; its table has ${Object.keys(provider.perGpuHour).join(', ')}`,
    };
  }
  const minimum = cheapestToRent(job, rentable);
  if (!minimum) {
    const perGpuActivations = parts.breakdown.activations / GB;
    const fixes = [
      cfg.gradCkpt ? '' : 'gradient checkpointing (--grad-ckpt)',
      cfg.microBatch > 1 ? 'a smaller micro-batch (--batch)' : '',
      'shorter sequences (--seq-len)',
    ]
      .filter(Boolean)
      .join(', ');
    return {
      ok: false,
      error:
        `this job fits no priced catalog GPU at up to ${GPU_COUNTS[GPU_COUNTS.length - 1]} GPUs: it needs ${gb(parts.total / GB)}, ` +
        `of which ${gb(perGpuActivations)} of activations on every GPU (${cfg.microBatch} × ${num(cfg.seqLen)} tokens); try ${fixes} or a smaller model`,
    };
  }
  const typicalSpec = TYPICAL[method];
  const typicalGpu = getGpu(typicalSpec.gpu) as GpuEntry;
  const typicalFit = conventionalFit(method, parts, typicalGpu, typicalSpec.count);
  const typical: GpuOption = typicalFit ? asOption(typicalFit, typicalGpu, typicalSpec.count) : minimum;
  if (!typicalFit) {
    warnings.push(
      `The article's typical ${method} setup (${typicalSpec.count}× ${typicalGpu.name}) cannot hold this job; using the minimum setup instead.`,
    );
  }
  // Asked for a provider that does not rent the typical GPU: use the provider's cheapest plan per run.
  let baseline = typical;
  if (provider && input.gpu === undefined && provider.perGpuHour[typical.gpu.id] === undefined) {
    baseline = cheapestPerRun(job, rentable) ?? minimum;
    warnings.push(
      `${provider.name} does not list ${typical.gpu.name}; using its cheapest setup per run, ${baseline.count}× ${baseline.gpu.name}.`,
    );
  } else if (!provider && input.gpu === undefined && !priceFor(prices, typical.gpu.id)) {
    baseline = cheapestPerRun(job, rentable) ?? minimum;
    warnings.push(
      `The price table has no price for ${typical.gpu.name}; using the cheapest priced setup per run, ${baseline.count}× ${baseline.gpu.name}.`,
    );
  }

  const setupResult = chooseSetup(job, input, baseline, warnings);
  if (!setupResult.ok) return setupResult;
  const setup = setupResult.value;
  const run = runOn(job, setup.gpu, setup.count, setup.fit.strategy);
  let price = run.price;
  let perRun = run.perRun;
  if (!price || !perRun) {
    // The chosen GPU has no price (a replacement table without it, or a provider that does not offer it).
    const fallback = priceFor(prices, setup.gpu.id);
    if (!fallback)
      return { ok: false, error: unpricedGpuAnswer(setup.gpu, setup.count, STRATEGY_LABEL[setup.fit.strategy], setup.fit, run.time.hours) };
    price = fallback;
    perRun = perRunUsd(run.time.hours, setup.count, fallback);
  }
  if (provider && price.provider !== provider.id) {
    warnings.push(`${provider.name} lists no ${setup.gpu.name}; priced at the default range instead.`);
  }

  const runs = input.runs !== undefined ? range(input.runs) : RUNS_PER_PROJECT[method];
  const buyIn = hardwareBuyIn(setup.gpu, setup.count);
  const hourly = input.engineeringHourlyUsd ?? DEFAULTS.engineeringHourlyUsd;
  const engineeringDays = ENGINEERING_DAYS[method];
  const options = optionsWithCost(job, fitting);
  const alternatives = alternativesFor(job, setup, perRun, options);
  const managed = managedQuotes(managedServices(prices), method, model.params.total / 1e9, trainingTokens);

  addPhysicsWarnings(job, setup, run.time, input, warnings);

  const estimateResult: Estimate = {
    method,
    model: {
      id: model.id,
      name: model.name,
      paramsB: round(model.params.total / 1e9, 2),
      activeParamsB: round(model.params.active / 1e9, 2),
      synthesized: model.synthesized,
      source: model.source,
      asOf: model.asOf,
    },
    inputs: {
      examples: round(examples, 0),
      epochs,
      tokensPerExample,
      trainingTokens: Math.round(trainingTokens),
      seqLen: cfg.seqLen,
      microBatch: cfg.microBatch,
      globalBatch: cfg.globalBatch,
      optimizerSteps: Math.ceil(run.time.optimizerSteps),
      gradCkpt: cfg.gradCkpt,
      optimizer: cfg.optimizer,
      precision: cfg.precision,
      bits: method === 'qlora' ? cfg.bits : null,
      rank: method === 'full' ? null : cfg.rank,
      targets: method === 'full' ? null : cfg.targets,
      trainableParamsB: round(parts.trainableParams / 1e9, 4),
      provider: provider?.id ?? null,
    },
    memory: {
      totalGB: toGB(parts.total),
      perGpuGB: toGB(setup.fit.perGpu),
      cpuRamGB: toGB(setup.fit.cpuRam),
      breakdown: {
        weights: toGB(parts.breakdown.weights),
        gradients: toGB(parts.breakdown.gradients),
        optimizer: toGB(parts.breakdown.optimizer),
        adapters: toGB(parts.breakdown.adapters),
        activations: toGB(parts.breakdown.activations),
        overhead: toGB(parts.breakdown.overhead),
      },
    },
    hardware: {
      minimum: { gpu: minimum.gpu.id, count: minimum.count, strategy: minimum.strategy },
      typical: { gpu: typical.gpu.id, count: typical.count, strategy: typical.strategy },
      used: { gpu: setup.gpu.id, count: setup.count, strategy: setup.fit.strategy, fits: setup.fit.fits, gpuName: setup.gpu.name },
      options,
    },
    time: {
      hours: roundRange(run.time.hours, 2),
      breakdown: {
        computeHours: roundRange(run.time.computeHours, 2),
        cpuOptimizerHours: roundRange(run.time.cpuOptimizerHours, 2),
        fixedHours: roundRange(run.time.fixedHours, 2),
      },
    },
    cost: {
      pricePerGpuHour: { low: price.low, high: price.high, source: price.source, asOf: price.asOf },
      perRunUsd: roundRange(perRun, 2),
      runs,
      projectUsd: roundRange(projectUsd(perRun, runs), 2),
      hardwareBuyUsd: roundRange(buyIn.usd, 0),
      amortizedMonthlyUsd: roundRange(buyIn.amortizedMonthlyUsd, 0),
      engineeringUsd: roundRange(engineeringUsd(engineeringDays, hourly), 0),
      engineeringDays,
      managed: managed.map((q) => ({ ...q, usd: roundRange(q.usd, 2) })),
    },
    quality: { vsFullPct: QUALITY_VS_FULL[method], sources: QUALITY_SOURCES[method] },
    alternatives,
    assumptions: [...assumptionsFor(job, setup, run.time, price, runs, buyIn.includes, hourly, input), ...unpricedOptionsNote(options)],
    warnings,
  };
  return { ok: true, value: estimateResult };
}

function addPhysicsWarnings(
  job: Job,
  setup: { gpu: GpuEntry; count: number; fit: Fit },
  time: TimeResult,
  input: EstimateInput,
  warnings: string[],
): void {
  const { method, parts, model } = job;
  if (setup.fit.strategy === 'zero3-offload') {
    const onGpus = setup.count * setup.gpu.memoryBytes;
    warnings.push(
      `Model states (${gb(parts.states / GB)}) exceed ${setup.count}× ${setup.gpu.name} (${gb(onGpus / GB)} in all): ` +
        `it fits only with ZeRO-3 sharding plus the optimizer offloaded to CPU, which needs ~${gb(parts.offloadCpuBytes / GB)} of CPU RAM ` +
        `and adds ${numRange(time.cpuOptimizerHours, 'h')} of CPU Adam steps per run.`,
    );
  }
  if (method === 'qlora') {
    const a100 = getGpu('a100-40gb');
    if (a100 && !check(method, parts, a100, 1, 'single').fits && setup.count === 1) {
      warnings.push(
        `An A100 40GB (the article's other typical QLoRA card) is too small: this job needs ${gb(parts.total / GB)} on one GPU, ` +
          `the card holds ${gb(a100.memoryBytes / GB)} (40 GiB); use a 48 GB card such as an RTX 6000 Ada, L40S or RTX A6000.`,
      );
    }
  }
  if (model.resolvedFrom && model.synthesized) {
    warnings.push(
      `No catalog model has that size: using a synthesized Llama-3-like shape (hidden ≈${num(model.shape.hidden)}, ≈${num(model.shape.layers)} layers).`,
    );
  }
  if (input.gradCkpt === undefined && !job.cfg.gradCkpt && setup.fit.fits && setup.fit.strategy !== 'single') {
    const withCkpt = memoryParts(model, { ...job.cfg, gradCkpt: true });
    const fewer = fewestOf(method, withCkpt, setup.gpu.id);
    const without = fewestOf(method, parts, setup.gpu.id);
    if (fewer && without && fewer.count < without.count && fewer.count < setup.count) {
      warnings.push(
        `With gradient checkpointing (--grad-ckpt), activations shrink from ${gb(parts.breakdown.activations / GB)} to ${gb(withCkpt.breakdown.activations / GB)} ` +
          `and ${fewer.count}× ${setup.gpu.name} would be enough (at about a third more compute).`,
      );
    }
  }
}

function assumptionsFor(
  job: Job,
  setup: { gpu: GpuEntry; count: number; fit: Fit },
  time: TimeResult,
  price: GpuPrice,
  runs: Range,
  buyInIncludes: string,
  hourly: number,
  input: EstimateInput,
): string[] {
  const { method, model, cfg, data, parts } = job;
  const P = model.params.total;
  const out: string[] = [];
  const moe =
    model.shape.experts > 1
      ? `, ${compact(model.params.active)} active per token (${model.shape.expertsPerToken} of ${model.shape.experts} experts)`
      : '';
  out.push(
    `Model: ${model.name}, ${compact(P)} parameters${moe}${model.resolvedFrom ? ` (read "${model.resolvedFrom}")` : ''}; shape from ${model.source} (as of ${model.asOf}).`,
  );
  const tokensNote =
    input.tokensPerExample === undefined && input.datasetTokens === undefined
      ? ' (default; tokens per example drive time and cost more than any other input)'
      : '';
  const dataLine =
    input.datasetTokens !== undefined
      ? `Data: ${compact(input.datasetTokens)} tokens per epoch × ${num(data.epochs)} epochs = ${compact(data.trainingTokens)} training tokens.`
      : `Data: ${num(data.examples)} examples × ${num(data.tokensPerExample)} tokens${tokensNote} × ${num(data.epochs)} epochs = ${compact(data.trainingTokens)} training tokens.`;
  out.push(dataLine);
  out.push(
    `Batch: micro-batch ${cfg.microBatch} × ${num(cfg.seqLen)} tokens per GPU; global batch ${cfg.globalBatch} examples (${num(Math.ceil(time.optimizerSteps))} optimizer steps).`,
  );
  if (method === 'full') {
    const perParam = (parts.breakdown.weights + parts.breakdown.gradients + parts.breakdown.optimizer) / P;
    const recipe =
      cfg.precision === 'mixed' ? 'mixed precision (bf16 weights and gradients, fp32 master copy)' : 'pure bf16 (no fp32 master copy)';
    out.push(
      `Full fine-tuning: ${recipe} with ${cfg.optimizer}: ${num(perParam)} bytes of model state per parameter (ZeRO paper; 16 for mixed-precision AdamW).`,
    );
  } else {
    const quant =
      method === 'qlora'
        ? cfg.bits === 8
          ? 'frozen linear weights in 8-bit (LLM.int8), embeddings and LM head in bf16; '
          : cfg.doubleQuant
            ? 'frozen linear weights in 4-bit NF4 with double quantization (0.516 bytes each), embeddings and LM head in bf16; '
            : 'frozen linear weights in 4-bit NF4, one fp32 scale per 64 weights (0.5625 bytes each), embeddings and LM head in bf16; '
        : 'frozen weights in bf16; ';
    out.push(
      `${method === 'lora' ? 'LoRA' : 'QLoRA'}: ${quant}rank ${cfg.rank} on ${cfg.targets === 'all' ? 'all linear layers' : 'attention projections'} = ${compact(parts.trainableParams)} trainable parameters, kept in fp32 with ${cfg.optimizer} states.`,
    );
  }
  out.push(
    cfg.gradCkpt
      ? 'Gradient checkpointing on: each layer keeps only its input and recomputes the rest (+2 FLOPs per parameter per token).'
      : 'Gradient checkpointing off: every layer keeps its activations (more memory, no recomputation).',
  );
  out.push(
    `Memory: GB = 10^9 bytes; activations with FlashAttention plus the LM head's logits (bf16 + fp32 + fp32 gradient); overhead = 1 GB runtime per GPU + 10% allocator reserve${method === 'qlora' ? ' + one dequantized weight matrix' : ''}; a GPU is used up to ${Math.round(USABLE_FRACTION * 100)}% of its capacity (sold in GiB).`,
  );
  const util = UTILIZATION[method];
  const slow = method === 'qlora' ? `, ÷ ${numRange(QLORA_SLOWDOWN)} for 4-bit dequantization` : '';
  out.push(
    `Time on ${setup.count}× ${setup.gpu.name} (${STRATEGY_LABEL[setup.fit.strategy]}): ${method === 'full' ? 6 : 4}${cfg.gradCkpt ? '+2' : ''} FLOPs per parameter per token at ${Math.round(util.low * 100)}–${Math.round(util.high * 100)}% of ${num(setup.gpu.bf16Tflops)} dense BF16 TFLOP/s${setup.gpu.efficiencyFactor < 1 ? ` × ${setup.gpu.efficiencyFactor} for its software stack` : ''}${slow}${setup.fit.strategy === 'layer-split' ? '; one GPU computes at a time' : ''}.`,
  );
  if (setup.fit.strategy === 'zero3-offload') {
    out.push(
      `CPU offload: each optimizer step runs DeepSpeed CPU Adam at ${numRange(range(CPU_ADAM_PARAMS_PER_SEC.low / 1e9, CPU_ADAM_PARAMS_PER_SEC.high / 1e9))} billion parameters/s per node and moves 4 bytes per parameter over PCIe at ${numRange(PCIE_GBS)} GB/s per GPU.`,
    );
  }
  out.push(
    `Fixed time per run: ${numRange(STARTUP_HOURS, 'h')} to start, plus loading and saving weights at ${numRange(STORAGE_GBS)} GB/s = ${numRange(time.fixedHours, 'h')}.`,
  );
  out.push(`Price: ${setup.gpu.name} ${usdRange(price)}/GPU-hour (${price.source}, as of ${price.asOf}).`);
  out.push(
    `Runs per project: ${numRange(runs)}${input.runs === undefined ? ' (the article: 5–10 for full and LoRA, 10–20 for QLoRA, which is cheap to iterate)' : ''}; project cost = runs × cost per run.`,
  );
  out.push(`Hardware buy-in: ${buyInIncludes}.`);
  out.push(
    `Engineering setup: ${numRange(ENGINEERING_DAYS[method], 'days')} (the article's estimate for ${method === 'full' ? 'distributed training' : method === 'lora' ? 'multi-GPU setup and tuning' : 'existing tools such as Unsloth or PEFT'}) × 8 h × ${usd(hourly)}/h, reported apart from project cost.`,
  );
  out.push(`Quality vs full fine-tuning: ${numRange(QUALITY_VS_FULL[method])}% (${QUALITY_SOURCES[method][0]}).`);
  return out;
}
