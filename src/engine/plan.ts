import { getGpu, GPUS, resolveGpu } from './catalog/gpus.js';
import { priceFor, type GpuPrice } from './catalog/prices.js';
import type { GpuEntry } from './catalog/schema.js';
import { perRunUsd } from './cost.js';
import { ELECTRICITY, GPU_COUNTS, GPUS_PER_NODE, PLAN } from './defaults.js';
import { check, conventionalFit, fastestFit, fewestOfGpu, usableBytes, type Fit, type GpuOption } from './planner.js';
import type { Parsed } from './quantities.js';
import { mid, range, type Range } from './range.js';
import { runOn, type Job } from './setups.js';
import type { TimeResult } from './time.js';
import type { EstimateInput, EstimateNote, HardwareChoice } from './types.js';
import { GB } from './units.js';

/**
 * Which hardware an estimate is planned, timed and costed on (docs/methodology.md, "Hardware
 * planning"). The rule, in order:
 * 1. Hardware the team owns or names is used as given when it fits. A setup that does not fit is
 *    never costed: the nearest one that fits (more of the same GPU, else the planned setup) is.
 * 2. Otherwise the typical setup: the fewest GPUs of a commonly rented kind (catalog flag
 *    `commonlyRented`) that fit, the cheapest per run among those; grown (data parallel, same GPU)
 *    while a run would take more than a day and the cost per run stays within 25%, to at most two
 *    GPUs for a job that fits one 80 GB card and one 8-GPU node otherwise.
 * 3. Another setup of the same method, on the GPUs the team named (else any the price table
 *    offers), within one node unless the team asked for more, that is at least 3× cheaper (and not
 *    1.5× slower) or 3× faster (and not 10% dearer) leads instead.
 */

export interface Planned {
  gpu: GpuEntry;
  count: number;
  fit: Fit;
  time: TimeResult;
  /** Rent per GPU-hour, or the power the team pays for on its own hardware. */
  price: GpuPrice;
  perRun: Range;
}

export interface Plan {
  headline: Planned;
  /** The rule's typical setup (step 2), which the headline may differ from. */
  typical: Planned;
  owned: boolean;
  /** The team's own setup when it does not fit (then never costed). */
  requested?: { gpu: GpuEntry; count: number; fit: Fit };
  /** The article's typical setup for this method, with its figures, when it can hold the job. */
  article?: Planned;
  /** A cheaper or faster setup worth showing beside the headline. */
  cheaper?: Planned;
  faster?: Planned;
  notes: EstimateNote[];
}

const toGB = (bytes: number): number => Math.round((bytes / GB) * 10) / 10;
const choice = (p: { gpu: GpuEntry; count: number; fit: Fit }): HardwareChoice => ({
  gpu: p.gpu.id,
  count: p.count,
  strategy: p.fit.strategy,
});

/** Power a team pays for on its own GPUs: board power at the electricity price, up to 1.5× for host, cooling and PSU losses. */
export function energyPrice(gpu: GpuEntry, usdPerKwh: number): GpuPrice {
  const kw = gpu.boardPowerW / 1000;
  return {
    low: kw * usdPerKwh,
    high: kw * usdPerKwh * ELECTRICITY.overhead.high,
    source: `${gpu.name} board power ${gpu.boardPowerW} W at $${usdPerKwh}/kWh, up to ×${ELECTRICITY.overhead.high} for host and cooling (${ELECTRICITY.overheadSource})`,
    asOf: ELECTRICITY.asOf,
    provider: null,
  };
}

/** Setups priced once per job: the plan looks at the same ones from several rules. */
const pricedMemo = new WeakMap<Job, Map<string, Planned | undefined>>();
/** The fewest GPUs of each kind, once per job. */
const fewestMemo = new WeakMap<Job, Map<string, GpuOption | undefined>>();

function fewestFor(job: Job, gpu: GpuEntry): GpuOption | undefined {
  let memo = fewestMemo.get(job);
  if (!memo) fewestMemo.set(job, (memo = new Map()));
  if (!memo.has(gpu.id)) memo.set(gpu.id, fewestOfGpu(job.spec.trains, job.parts, gpu));
  return memo.get(gpu.id);
}

/** A setup's time and cost: rent from the price table (or provider), or power on owned hardware. */
function priced(job: Job, gpu: GpuEntry, count: number, fit: Fit, owned: boolean, kwh: number): Planned | undefined {
  let memo = pricedMemo.get(job);
  if (!memo) pricedMemo.set(job, (memo = new Map()));
  const key = `${gpu.id}|${count}|${fit.strategy}|${owned ? kwh : ''}`;
  if (memo.has(key)) return memo.get(key);
  const planned = pricedUncached(job, gpu, count, fit, owned, kwh);
  memo.set(key, planned);
  return planned;
}

function pricedUncached(job: Job, gpu: GpuEntry, count: number, fit: Fit, owned: boolean, kwh: number): Planned | undefined {
  const run = runOn(job, gpu, count, fit.strategy);
  const price = owned ? energyPrice(gpu, kwh) : run.price;
  if (!price) return undefined;
  return { gpu, count, fit, time: run.time, price, perRun: perRunUsd(run.time.hours, count, price) };
}

const cost = (p: Planned): number => mid(p.perRun);
const hours = (p: Planned): number => mid(p.time.hours);

/** GPUs the plan may use: the one the team named, else every GPU the price table (or provider) prices. */
function pricedGpus(job: Job, named: GpuEntry | undefined): GpuEntry[] {
  if (named) return [named];
  return GPUS.filter(
    (g) => priceFor(job.prices, g.id, job.provider) !== undefined && (!job.provider || job.provider.perGpuHour[g.id] !== undefined),
  );
}

/** Setups of one GPU kind worth pricing: its fewest count, and the counts above it up to `maxCount`. */
function setupsOf(job: Job, gpu: GpuEntry, maxCount: number): Array<{ gpu: GpuEntry; count: number; fit: Fit }> {
  const fewest = fewestFor(job, gpu);
  if (!fewest) return [];
  const out = [{ gpu, count: fewest.count, fit: fewest as Fit }];
  for (const count of GPU_COUNTS) {
    if (count <= fewest.count || count > maxCount || (count > GPUS_PER_NODE && !gpu.multiNode)) continue;
    const fit = fastestFit(job.spec.trains, job.parts, gpu, count);
    if (fit) out.push({ gpu, count, fit });
  }
  return out;
}

/** Does the job fit one 80 GB card? (Then it is not spread over more than two GPUs by default.) */
function fitsOne80(job: Job): boolean {
  const h100 = getGpu('h100-sxm');
  return h100 !== undefined && fastestFit(job.spec.trains, job.parts, h100, 1) !== undefined;
}

/** Step 2: the fewest GPUs of a commonly rented kind that fit, the cheapest per run of those, grown while a run takes over a day. */
function typicalSetup(job: Job, gpus: GpuEntry[], kwh: number): Planned | undefined {
  const fewest = gpus
    .map((gpu) => fewestFor(job, gpu))
    .filter((o): o is GpuOption => o !== undefined)
    .map((o) => priced(job, o.gpu, o.count, o, false, kwh))
    .filter((p): p is Planned => p !== undefined);
  const rented = fewest.filter((p) => p.gpu.commonlyRented);
  const pool = rented.length ? rented : fewest;
  if (pool.length === 0) return undefined;
  const minCount = Math.min(...pool.map((p) => p.count));
  let best = pool.filter((p) => p.count === minCount).reduce((a, b) => (cost(b) < cost(a) ? b : a));
  const limit = fitsOne80(job) ? PLAN.maxGpusWhenOne80Fits : GPUS_PER_NODE;
  while (best.time.hours.high > PLAN.reasonableHours && best.count * 2 <= limit) {
    const fit = fastestFit(job.spec.trains, job.parts, best.gpu, best.count * 2);
    const grown = fit ? priced(job, best.gpu, best.count * 2, fit, false, kwh) : undefined;
    if (!grown || cost(grown) > cost(best) * PLAN.growthCostTolerance) break;
    best = grown;
  }
  return best;
}

/** Step 3: a setup at least 3× cheaper or faster than the typical one, within the typical setup's bounds. */
function leadingSetup(typical: Planned, space: Planned[]): Planned | undefined {
  let lead: Planned | undefined;
  for (const p of space) {
    const cheaper = cost(typical) / cost(p) >= PLAN.leadRatio && hours(p) <= hours(typical) * PLAN.leadSlowerTolerance;
    const faster = hours(typical) / hours(p) >= PLAN.leadRatio && cost(p) <= cost(typical) * PLAN.leadDearerTolerance;
    if ((cheaper || faster) && (!lead || cost(p) < cost(lead) || (cost(p) === cost(lead) && hours(p) < hours(lead)))) lead = p;
  }
  return lead;
}

/**
 * The article's own case: Llama 3.1 70B (a 60–75B model), 10,000 examples × 512 tokens × 3 epochs
 * (15.4M training tokens, taken as 14–17M). Answers for it show the article's setups beside the plan.
 */
export const ARTICLE_SCENARIO = { paramsB: { low: 60, high: 75 }, trainingTokensM: { low: 14, high: 17 } } as const;

export const isArticleScenario = (paramsB: number, trainingTokens: number): boolean =>
  paramsB >= ARTICLE_SCENARIO.paramsB.low &&
  paramsB <= ARTICLE_SCENARIO.paramsB.high &&
  trainingTokens / 1e6 >= ARTICLE_SCENARIO.trainingTokensM.low &&
  trainingTokens / 1e6 <= ARTICLE_SCENARIO.trainingTokensM.high;

/** The article's setup for the method, when it can hold the job, priced like any other. */
function articleSetup(job: Job, kwh: number): Planned | undefined {
  const article = job.spec.articleSetup;
  const gpu = article ? getGpu(article.gpu) : undefined;
  if (!article || !gpu) return undefined;
  const fit = conventionalFit(job.spec.trains, job.parts, gpu, article.count);
  return fit ? priced(job, gpu, article.count, fit, false, kwh) : undefined;
}

/** The nearest setup that fits a requested GPU: more of it, within what is possible. */
function nearestOf(job: Job, gpu: GpuEntry, count: number, kwh: number, owned: boolean): Planned | undefined {
  for (const more of GPU_COUNTS) {
    if (more <= count || (more > GPUS_PER_NODE && !gpu.multiNode)) continue;
    const fit = fastestFit(job.spec.trains, job.parts, gpu, more);
    if (fit) return priced(job, gpu, more, fit, owned, kwh);
  }
  return undefined;
}

/** The least-bad attempt on a setup that does not fit: the strategy needing the least memory per GPU. */
function attemptOn(job: Job, gpu: GpuEntry, count: number): Fit {
  const strategies: Fit['strategy'][] = count === 1 ? ['single', 'offload'] : ['ddp', 'fsdp', 'zero3-offload', 'layer-split'];
  return strategies.map((s) => check(job.spec.trains, job.parts, gpu, count, s)).reduce((a, b) => (b.perGpu < a.perGpu ? b : a));
}

export function plan(job: Job, input: EstimateInput, minimum: GpuOption): Parsed<Plan> {
  const notes: EstimateNote[] = [];
  const kwh = input.electricityUsdPerKwh ?? ELECTRICITY.usdPerKwh;
  let named: GpuEntry | undefined;
  if (input.gpu !== undefined) {
    const found = resolveGpu(input.gpu);
    if (!found.ok) return found;
    named = found.value;
  }
  const owned = input.owned === true && named !== undefined;
  if (input.gpus !== undefined && input.gpus > GPUS_PER_NODE && named && !named.multiNode) {
    return {
      ok: false,
      error: `gpus: ${named.name} is not sold in multi-node clusters; use at most ${GPUS_PER_NODE}, or a data-centre GPU such as h100-sxm`,
    };
  }
  const gpus = pricedGpus(job, named);
  const typical = typicalSetup(job, gpus, kwh) ?? (named ? undefined : priced(job, minimum.gpu, minimum.count, minimum, false, kwh));
  const maxCount = Math.max(GPUS_PER_NODE, input.gpus ?? 0);

  let headline: Planned | undefined;
  let requested: Plan['requested'];
  if (named) {
    const count = input.gpus ?? fewestFor(job, named)?.count;
    const fit = count !== undefined ? fastestFit(job.spec.trains, job.parts, named, count) : undefined;
    if (count !== undefined && fit) headline = priced(job, named, count, fit, owned, kwh);
    else {
      const attemptCount = count ?? (named.multiNode ? maxCount : GPUS_PER_NODE);
      const attempt = attemptOn(job, named, attemptCount);
      requested = { gpu: named, count: attemptCount, fit: attempt };
      headline = count !== undefined ? nearestOf(job, named, count, kwh, false) : undefined;
      headline ??= typicalSetup(job, pricedGpus(job, undefined), kwh);
      notes.push({
        code: 'requested-does-not-fit',
        gpu: named.id,
        count: attemptCount,
        owned,
        needGB: toGB(attempt.perGpu),
        usableGB: toGB(usableBytes(named)),
        reason: attempt.reason && attempt.reason !== 'gpu-memory' ? attempt.reason : null,
        nearest: headline ? choice(headline) : null,
        gradCkptWouldHelp: !job.cfg.gradCkpt && input.gradCkpt === undefined,
      });
    }
    if (!headline && named) {
      // The named GPU has no price: answered for fit and time only.
      return { ok: false, error: `no price for ${named.id}`, inputs: ['gpu'] };
    }
  } else {
    headline = typical;
  }
  if (!headline || !typical) return { ok: false, error: 'no priced setup can run this job', inputs: ['gpu'] };

  // Step 3, and what to show beside the headline: on the GPUs named (else all priced), within one node unless asked for more.
  const space = (named && !requested ? [named] : pricedGpus(job, undefined)).flatMap((gpu) =>
    setupsOf(job, gpu, maxCount)
      .map((s) => priced(job, s.gpu, s.count, s.fit, false, kwh))
      .filter((p): p is Planned => p !== undefined),
  );
  if (!named && !requested) {
    // The lead keeps the typical setup's bound: a job that fits one 80 GB card stays on at most two GPUs.
    const bound = fitsOne80(job) ? PLAN.maxGpusWhenOne80Fits : Infinity;
    const lead = leadingSetup(
      headline,
      space.filter((p) => p.count <= bound),
    );
    if (lead) {
      notes.push({
        code: 'leads-with-better',
        typical: choice(headline),
        cheaperBy: cost(headline) / cost(lead),
        fasterBy: hours(headline) / hours(lead),
      });
      headline = lead;
    }
  }
  const same = (a: Planned, b: Planned) => a.gpu.id === b.gpu.id && a.count === b.count;
  const cheapest = space
    .filter((p) => !same(p, headline as Planned))
    .reduce<Planned | undefined>((a, b) => (!a || cost(b) < cost(a) ? b : a), undefined);
  const cheaper = cheapest && !owned && cost(cheapest) <= cost(headline) * PLAN.showCheaperBelow ? cheapest : undefined;
  const fastestIn = (setups: Planned[], dearer: number) =>
    setups
      .filter((p) => !same(p, headline as Planned) && cost(p) <= cost(headline as Planned) * dearer)
      .reduce<Planned | undefined>((a, b) => (!a || hours(b) < hours(a) ? b : a), undefined);
  const fastest = fastestIn(space, PLAN.showFasterDearerUpTo);
  const faster = fastest && hours(fastest) <= hours(headline) * PLAN.showFasterBelow ? fastest : undefined;
  if (headline.time.hours.high > PLAN.weekHours) {
    // Over a week: the fastest option, across nodes where the GPUs allow it, at up to twice the cost.
    const wide = (named && !requested ? [named] : pricedGpus(job, undefined)).flatMap((gpu) =>
      setupsOf(job, gpu, gpu.multiNode ? PLAN.maxGpusForFaster : GPUS_PER_NODE)
        .map((s) => priced(job, s.gpu, s.count, s.fit, false, kwh))
        .filter((p): p is Planned => p !== undefined),
    );
    const quick = fastestIn(wide, PLAN.weekFasterDearerUpTo);
    const better = quick && hours(quick) < hours(headline) ? quick : undefined;
    notes.push({ code: 'long-run', hours: headline.time.hours, faster: better ? { ...choice(better), hours: better.time.hours } : null });
  }
  const article = articleSetup(job, kwh);
  if (job.spec.articleSetup && !article) {
    notes.push({
      code: 'article-setup-too-small',
      method: job.spec.id,
      gpu: job.spec.articleSetup.gpu,
      count: job.spec.articleSetup.count,
    });
  }
  return {
    ok: true,
    value: {
      headline,
      typical,
      owned: owned && !requested,
      ...(requested ? { requested } : {}),
      ...(article ? { article } : {}),
      ...(cheaper ? { cheaper } : {}),
      ...(faster ? { faster } : {}),
      notes,
    },
  };
}

export { range };
