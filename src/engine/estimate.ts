import { getGpu, hostFor, resolveGpu } from './catalog/gpus.js';
import { resolveModel, type ResolvedModel } from './catalog/models.js';
import { DEFAULT_PRICES, managedServices, resolveProvider, unpricedGpuAnswer } from './catalog/prices.js';
import type { GpuEntry, PriceTable, Provider } from './catalog/schema.js';
import { describeZodError } from './catalog/schema.js';
import { engineeringUsd, hardwareBuyIn, managedQuotes, projectUsd } from './cost.js';
import { BYTES, CPU_ADAM_PARAMS_PER_SEC, DEFAULTS, GPU_COUNTS, PCIE_GBS, STARTUP_HOURS, STORAGE_GBS, USABLE_FRACTION } from './defaults.js';
import { EstimateInputSchema } from './inputs.js';
import { type Job, type Setup, cheapestToRent, optionsWithCost, runOn } from './setups.js';
import { isArticleScenario, plan, type Plan, type Planned } from './plan.js';
import { memoryParts } from './memory.js';
import { methodSpec, resolveMethod, type MethodSpec } from './methods.js';
import { check, fastestFit, fewestOf, fittingOptions } from './planner.js';
import type { Parsed } from './quantities.js';
import { mid, range, type Range } from './range.js';
import { flopsPerToken, type TimeResult } from './time.js';
import { articleMemoryBasis, stackBasis, timeBasis } from './basis-time.js';
import type { Alternative, Basis, Estimate, EstimateInput, EstimateNote, HardwareChoice, Method, TrainingConfig } from './types.js';
import { AMORTIZATION_MONTHS, GB } from './units.js';

export interface EngineContext {
  /** The price table to use (FTCOST_PRICES, or workspace overrides); the built-in one by default. */
  prices?: PriceTable;
  /** Models resolved beforehand (a Hugging Face repo read by src/hub), by the text the request names them with. */
  models?: ReadonlyMap<string, ResolvedModel>;
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000];
const round = (n: number, digits: number): number => {
  const f = POWERS_OF_TEN[digits] ?? 10 ** digits;
  return Math.round(n * f) / f;
};
const roundRange = (r: Range, digits: number): Range => ({ low: round(r.low, digits), high: round(r.high, digits) });
const toGB = (bytes: number): number => round(bytes / GB, 1);

const nextPowerOfTwo = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(n, 1)));

export function buildConfig(spec: MethodSpec, input: EstimateInput, tokensPerExample: number): TrainingConfig {
  return {
    method: spec.id,
    trains: spec.trains,
    baseWeights: spec.baseWeights,
    precision: input.precision ?? spec.defaults.precision ?? DEFAULTS.precision,
    optimizer: input.optimizer ?? spec.defaults.optimizer ?? DEFAULTS.optimizer,
    bits: input.bits ?? DEFAULTS.bits,
    doubleQuant: input.doubleQuant ?? DEFAULTS.doubleQuant,
    rank: input.rank ?? DEFAULTS.rank,
    targets: input.targets ?? DEFAULTS.targets,
    seqLen: input.seqLen ?? Math.max(128, nextPowerOfTwo(tokensPerExample)),
    microBatch: input.microBatch ?? DEFAULTS.microBatch,
    globalBatch: input.globalBatch ?? DEFAULTS.globalBatch,
    gradCkpt: input.gradCkpt ?? spec.defaults.gradCkpt ?? false,
    stack: input.stack ?? DEFAULTS.stack,
  };
}

/** Why no GPU in the catalog can run the job, with the inputs that would shrink it (each surface adds its own syntax). */
function noGpuFits(job: Job): { ok: false; error: string; inputs: string[] } {
  const { cfg, parts } = job;
  const fixes: Array<[string, string]> = [];
  if (!cfg.gradCkpt) fixes.push(['gradCkpt', 'gradient checkpointing']);
  if (cfg.microBatch > 1) fixes.push(['microBatch', 'a smaller micro-batch']);
  fixes.push(['seqLen', 'shorter sequences']);
  return {
    ok: false,
    error:
      `this job fits no priced catalog GPU at up to ${GPU_COUNTS[GPU_COUNTS.length - 1]} GPUs: it needs ${round(parts.total / GB, 1)} GB, ` +
      `of which ${round(parts.breakdown.activations / GB, 1)} GB of activations on every GPU (${cfg.microBatch} × ${cfg.seqLen} tokens); try ${fixes.map(([, words]) => words).join(', ')} or a smaller model`,
    inputs: fixes.map(([key]) => key),
  };
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
  const method: Method = methodResult.value;
  const spec = methodSpec(method);
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

  const notes: EstimateNote[] = [];
  const tokensPerExample = input.tokensPerExample ?? DEFAULTS.tokensPerExample;
  const epochs = input.epochs ?? DEFAULTS.epochs;
  const examples = input.datasetTokens !== undefined ? input.datasetTokens / tokensPerExample : (input.examples ?? DEFAULTS.examples);
  const trainingTokens = (input.datasetTokens ?? examples * tokensPerExample) * epochs;
  const cfg = buildConfig(spec, input, tokensPerExample);
  const parts = memoryParts(model, cfg);
  const flops = trainingTokens * flopsPerToken(model, cfg, tokensPerExample, parts.trainableParams);
  const job: Job = { spec, model, cfg, data: { trainingTokens, tokensPerExample, examples, epochs }, parts, prices, provider, flops };

  if (cfg.seqLen > model.maxContext) notes.push({ code: 'sequence-exceeds-context', seqLen: cfg.seqLen, maxContext: model.maxContext });

  const fitting = fittingOptions(spec.trains, parts);
  // With a provider, the minimum is what that provider rents; otherwise anything priced.
  const rentable = provider ? fitting.filter((o) => provider.perGpuHour[o.gpu.id] !== undefined) : fitting;
  if (provider && rentable.length === 0 && fitting.length > 0) {
    return {
      ok: false,
      error: `provider: ${provider.name} lists no GPU that can run this job; its table has ${Object.keys(provider.perGpuHour).join(', ')}`,
    };
  }
  const minimum = cheapestToRent(job, rentable);
  if (!minimum) return noGpuFits(job);

  const planned = plan(job, input, minimum);
  if (!planned.ok) {
    if (input.gpu !== undefined && planned.error.startsWith('no price for')) return unpricedAnswer(job, input);
    return planned;
  }
  const { headline, owned } = planned.value;
  notes.push(...planned.value.notes);
  const setup: Setup = { gpu: headline.gpu, count: headline.count, fit: headline.fit };
  const price = headline.price;
  const perRun = headline.perRun;
  if (provider && !owned && price.provider !== provider.id) {
    notes.push({ code: 'provider-lacks-gpu', provider: provider.id, providerName: provider.name, gpu: setup.gpu.id });
  }
  const run = { time: headline.time };

  const runs = input.runs !== undefined ? range(input.runs) : spec.runsPerProject;
  const buyIn = hardwareBuyIn(setup.gpu, setup.count);
  const hourly = input.engineeringHourlyUsd ?? DEFAULTS.engineeringHourlyUsd;
  const options = optionsWithCost(job, fitting);
  const alternatives = alternativesOf(planned.value, runs);
  const managed = managedQuotes(managedServices(prices), method, model.params.total / 1e9, trainingTokens);

  notes.push(...physicsNotes(job, setup, run.time, input));
  const unpriced = options.filter((o) => !o.pricePerGpuHour).map((o) => o.gpu);
  if (unpriced.length) notes.push({ code: 'unpriced-options', gpus: unpriced });

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
      bits: cfg.baseWeights === 'quantized' ? cfg.bits : null,
      rank: cfg.trains === 'all' ? null : cfg.rank,
      targets: cfg.trains === 'all' ? null : cfg.targets,
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
      typical: choiceOf(planned.value.typical),
      used: { ...choiceOf(headline), fits: true, gpuName: setup.gpu.name },
      owned,
      requested: planned.value.requested
        ? { ...choiceOf(planned.value.requested), gpuName: planned.value.requested.gpu.name, fits: false }
        : null,
      article: planned.value.article ? choiceOf(planned.value.article) : null,
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
      engineeringUsd: roundRange(engineeringUsd(spec.engineeringDays, hourly), 0),
      engineeringDays: spec.engineeringDays,
      managed: managed.map((q) => ({ ...q, usd: roundRange(q.usd, 2) })),
    },
    quality: { vsFullPct: spec.quality.vsFullPct, sources: spec.quality.sources },
    alternatives,
    basis: basisOf(job, setup, input, hourly, run.time),
    notes,
  };
  return { ok: true, value: estimateResult };
}

const choiceOf = (p: { gpu: GpuEntry; count: number; fit: { strategy: HardwareChoice['strategy'] } }): HardwareChoice => ({
  gpu: p.gpu.id,
  count: p.count,
  strategy: p.fit.strategy,
});

/** The article's setup and a cheaper or faster one, with their figures and how they compare to the headline. */
function alternativesOf(p: Plan, runs: Range): Alternative[] {
  const base = p.headline;
  const out: Alternative[] = [];
  const add = (kind: Alternative['kind'], alt: Planned | undefined) => {
    if (!alt || (alt.gpu.id === base.gpu.id && alt.count === base.count && alt.fit.strategy === base.fit.strategy)) return;
    if (out.some((a) => a.hardware.gpu === alt.gpu.id && a.hardware.count === alt.count)) return;
    const buy = hardwareBuyIn(alt.gpu, alt.count);
    out.push({
      kind,
      hardware: { ...choiceOf(alt), gpuName: alt.gpu.name, nodes: Math.ceil(alt.count / 8) },
      hours: roundRange(alt.time.hours, 2),
      perRunUsd: roundRange(alt.perRun, 2),
      projectUsd: roundRange(projectUsd(alt.perRun, runs), 2),
      hardwareBuyUsd: roundRange(buy.usd, 0),
      cheaperBy: round(mid(base.perRun) / mid(alt.perRun), 2),
      fasterBy: round(mid(base.time.hours) / mid(alt.time.hours), 2),
    });
  };
  add('cheaper', p.cheaper);
  add('faster', p.faster);
  add('article-setup', p.article);
  return out;
}

/** A GPU the price table cannot price, named by the team: fit and time only, said in one line. */
function unpricedAnswer(job: Job, input: EstimateInput): { ok: false; error: string; inputs: string[] } {
  const found = resolveGpu(input.gpu ?? '');
  if (!found.ok) return { ...found, inputs: ['gpu'] };
  const gpu = found.value;
  const fewest = fewestOf(job.spec.trains, job.parts, gpu.id);
  const count = input.gpus ?? fewest?.count ?? 1;
  const fit =
    fastestFit(job.spec.trains, job.parts, gpu, count) ?? check(job.spec.trains, job.parts, gpu, count, count === 1 ? 'single' : 'fsdp');
  const time = runOn(job, gpu, count, fit.strategy).time;
  return { ok: false, error: unpricedGpuAnswer(gpu, count, fit.strategy, fit, time.hours), inputs: ['gpu'] };
}

/** Of the cards named, those that hold the job on one GPU; else the card it is planned on. */
function cardsThatFit(job: Job, ids: string[], planned: string): string[] {
  const fit = ids.filter((id) => {
    const gpu = getGpu(id);
    return gpu !== undefined && check(job.spec.trains, job.parts, gpu, 1, 'single').fits;
  });
  return fit.length > 0 ? fit : [planned];
}

function physicsNotes(job: Job, setup: Setup, time: TimeResult, input: EstimateInput): EstimateNote[] {
  const { spec, parts, model } = job;
  const notes: EstimateNote[] = [];
  if (setup.fit.strategy === 'zero3-offload' || setup.fit.strategy === 'offload') {
    notes.push({
      code: 'cpu-offload',
      statesGB: round(parts.states / GB, 1),
      gpu: setup.gpu.id,
      count: setup.count,
      gpuGB: round((setup.count * setup.gpu.memoryBytes) / GB, 1),
      cpuRamGB: round(parts.offloadCpuBytes / GB, 1),
      cpuOptimizerHours: roundRange(time.cpuOptimizerHours, 2),
    });
  }
  // The article also names a 40 GB A100 for QLoRA: say when the job outgrows it.
  if (spec.baseWeights === 'quantized' && setup.count === 1) {
    const a100 = getGpu('a100-40gb');
    if (a100 && !check(spec.trains, parts, a100, 1, 'single').fits) {
      notes.push({
        code: 'card-too-small',
        gpu: a100.id,
        needGB: round(parts.total / GB, 1),
        cardGB: round(a100.memoryBytes / GB, 1),
        suggestions: cardsThatFit(job, ['rtx-6000-ada', 'l40s', 'rtx-a6000'], setup.gpu.id),
      });
    }
  }
  // Full fine-tuning on several GPUs (or with offload): would 8-bit AdamW states (2 bytes a parameter instead of 8) need fewer?
  if (
    spec.trains === 'all' &&
    job.cfg.optimizer === 'adamw' &&
    input.optimizer === undefined &&
    (setup.count > 1 || setup.fit.strategy === 'offload')
  ) {
    const leaner = memoryParts(model, { ...job.cfg, optimizer: 'adamw-8bit' });
    const fewer = fewestOf(spec.trains, leaner, setup.gpu.id);
    if (
      fewer &&
      (fewer.count < setup.count ||
        (fewer.count === setup.count && fewer.strategy !== setup.fit.strategy && setup.fit.strategy.includes('offload')))
    ) {
      notes.push({ code: 'cheaper-optimizer-fits', optimizer: 'adamw-8bit', gpu: setup.gpu.id, count: fewer.count });
    }
  }
  if (model.resolvedFrom && model.synthesized)
    notes.push({ code: 'synthesized-shape', hidden: Math.round(model.shape.hidden), layers: Math.round(model.shape.layers) });
  if (input.gradCkpt === undefined && !job.cfg.gradCkpt && setup.fit.fits && setup.fit.strategy !== 'single') {
    const withCkpt = memoryParts(model, { ...job.cfg, gradCkpt: true });
    const fewer = fewestOf(spec.trains, withCkpt, setup.gpu.id);
    const without = fewestOf(spec.trains, parts, setup.gpu.id);
    if (fewer && without && fewer.count < without.count && fewer.count < setup.count) {
      notes.push({
        code: 'checkpointing-would-shrink',
        activationsGB: round(parts.breakdown.activations / GB, 1),
        withCheckpointingGB: round(withCkpt.breakdown.activations / GB, 1),
        gpu: setup.gpu.id,
        count: fewer.count,
      });
    }
  }
  return notes;
}

function basisOf(job: Job, setup: Setup, input: EstimateInput, hourly: number, time: TimeResult): Basis {
  const { spec, model, cfg, parts } = job;
  const P = model.params.total;
  const nodes = Math.ceil(setup.count / 8);
  const host = hostFor(setup.gpu, Math.min(setup.count, 8));
  const quantized = cfg.baseWeights === 'quantized';
  return {
    model: {
      resolvedFrom: model.resolvedFrom ?? null,
      experts: model.shape.experts,
      expertsPerToken: model.shape.expertsPerToken,
      hidden: Math.round(model.shape.hidden),
      layers: Math.round(model.shape.layers),
    },
    defaulted: {
      tokensPerExample: input.tokensPerExample === undefined && input.datasetTokens === undefined,
      runs: input.runs === undefined,
    },
    datasetTokensGiven: input.datasetTokens ?? null,
    articleScenario: isArticleScenario(P / 1e9, job.data.trainingTokens),
    stateBytesPerParam: cfg.trains === 'all' ? (parts.breakdown.weights + parts.breakdown.gradients + parts.breakdown.optimizer) / P : null,
    quantization: quantized
      ? {
          bits: cfg.bits,
          doubleQuant: cfg.doubleQuant,
          bytesPerWeight: cfg.bits === 8 ? BYTES.int8 : cfg.doubleQuant ? BYTES.nf4DoubleQuant : BYTES.nf4,
        }
      : null,
    flopsPerParamToken: (cfg.trains === 'all' ? 6 : 4) + (cfg.gradCkpt ? 2 : 0),
    utilization: time.facts.utilization,
    gpuTflops: setup.gpu.bf16Tflops,
    gpuEfficiencyFactor: setup.gpu.efficiencyFactor,
    slowdown: spec.slowdown,
    stack: stackBasis(job.cfg, job.parts),
    articleMemory: articleMemoryBasis(spec, model.id, cfg, parts.total),
    time: timeBasis(setup.gpu, time),
    cpuOffload:
      setup.fit.strategy === 'zero3-offload' || setup.fit.strategy === 'offload'
        ? { adamParamsPerSec: CPU_ADAM_PARAMS_PER_SEC, pcieGBs: PCIE_GBS }
        : null,
    fixed: { startupHours: STARTUP_HOURS, storageGBs: STORAGE_GBS },
    usableFraction: USABLE_FRACTION,
    buyIn: {
      gpuCount: setup.count,
      gpuName: setup.gpu.name,
      gpuUsd: range(setup.gpu.purchaseUsd.low, setup.gpu.purchaseUsd.high),
      gpuSource: setup.gpu.purchaseSource,
      machines: nodes,
      machineName: host.name,
      machineUsd: range(host.usd.low, host.usd.high),
      machineIncludes: host.includes,
      machineSource: host.source,
      months: AMORTIZATION_MONTHS,
    },
    engineering: { days: spec.engineeringDays, hourlyUsd: hourly, work: spec.engineeringWork },
  };
}

export type { GpuEntry };
