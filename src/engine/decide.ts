import { compare } from './compare.js';
import type { EngineContext } from './estimate.js';
import { TASKS, type Task } from './job-inputs.js';
import { methodSpec, METHOD_IDS } from './methods.js';
import type { Parsed } from './quantities.js';
import { mid, range, type Range } from './range.js';
import type { Estimate, EstimateInput, Method } from './types.js';
import { AMORTIZATION_MONTHS } from './units.js';
import { groupThousands, usd } from './format.js';

/**
 * "Should we use LoRA?", decided from the engine's own figures for the case (docs/methodology.md,
 * "The decision"). Every method of the method table is estimated; the team's constraints (budget,
 * hardware, multi-GPU skills) rule some out; the quality the task needs rules out others; of the
 * rest, the cheapest project wins, and a method another beats on cost and quality together is never
 * chosen. The reasons carry the figures that decided, as facts: src/reply writes the sentences.
 */

export const TASK_LABEL: Record<Task, string> = {
  'domain-adaptation': 'domain adaptation',
  style: 'style or tone',
  'instruction-following': 'instruction following',
  chatbot: 'a chatbot or assistant',
  'numerical-reasoning': 'numerical reasoning',
  'multi-step-reasoning': 'multi-step reasoning',
  code: 'code',
  other: 'another task',
};

/** Facts about the team and the project; every one optional. */
export interface RecommendInput extends Omit<EstimateInput, 'method' | 'model'> {
  model?: string;
  /** What the team can spend on the project's training runs (USD). */
  budgetUsd?: number;
  task?: Task;
  /** A 2–5% quality difference has business impact (a production system). */
  qualityCritical?: boolean;
  /** The team's first fine-tuning project. */
  firstTime?: boolean;
  /** Engineers able to run multi-GPU (distributed) training. */
  multiGpu?: boolean;
  /** Training runs expected over the project (hyperparameter search included). */
  iterations?: number;
  /** For buy vs rent: training runs per month once the project settles (default: the project's runs over one month). */
  runsPerMonth?: number;
}

/** The quality a task needs, as the lowest share of full fine-tuning's quality that is enough. */
export type QualityNeed = 'most-tasks' | 'precise' | 'best';

/** How a budget meets a method's project cost range. */
export type BudgetFit = 'covers' | 'covers-low-end' | 'below';

export type ReasonRule =
  | 'cheapest-enough'
  | 'beats-on-cost-and-quality'
  | 'cheaper-by'
  | 'budget'
  | 'budget-rules-out'
  | 'budget-below-all'
  | 'quality-need'
  | 'task-any-method'
  | 'quality-over-budget'
  | 'no-multi-gpu'
  | 'owned-hardware'
  | 'article-overruled'
  | 'article-agrees'
  | 'data-size'
  | 'first-project';

/** One reason, as facts: the rule, the methods it is about, and the figures it rests on. */
export interface Reason {
  rule: ReasonRule;
  /** The fact it rests on, in a few words ("budget $500", "8B model"). */
  fact: string;
  method: Method;
  /** The method it is compared with, if any. */
  versus?: Method;
  figures: Record<string, number | Range | string | boolean>;
}

export interface BuyVsRent {
  method: Method;
  /** The setup priced: the one the recommendation uses, sized for this job. */
  hardware: { gpu: string; gpuName: string; count: number };
  owned: boolean;
  buyUsd: Range;
  perRunUsd: Range;
  runsPerMonth: number;
  rentPerMonthUsd: Range;
  /** Months of renting that add up to the purchase price. */
  breakEvenMonths: Range;
  /** Runs per month at which buying pays off within the 36-month amortization. */
  runsPerMonthToBreakEvenIn36: number;
  verdict: 'rent' | 'buy' | 'close';
}

export interface HiddenCosts {
  engineering: Array<{ method: Method; days: Range; usd: Range }>;
  failedExperiments: { runs: Range; usd: Range; fullUsd: Range | null };
}

export interface Recommendation {
  verdict: Method;
  /** 0–1, from how far the verdict is ahead and how many facts are known; said in words (`confidenceWords`). */
  confidence: number;
  confidenceWords: 'clear' | 'likely' | 'close call';
  need: QualityNeed;
  reasons: Reason[];
  /** Facts that would change the verdict, by the probe that found it. */
  changeIf: Array<{ fact: keyof RecommendInput; value: unknown; verdict: Method }>;
  /** The facts to ask about, most decisive first (at most two). */
  questions: Array<keyof RecommendInput>;
  /** What was assumed for facts not given. */
  assumed: Array<keyof RecommendInput>;
  /** Methods from cheapest to best quality, for the upgrade path. */
  path: Method[];
  hiddenCosts: HiddenCosts;
  buyVsRent: BuyVsRent;
  /** Each method's budget fit, when a budget was given. */
  budgetFit: Partial<Record<Method, BudgetFit>>;
  estimates: Estimate[];
}

const cost = (e: Estimate): number => mid(e.cost.perRunUsd);
const project = (e: Estimate): number => mid(e.cost.projectUsd);
const quality = (e: Estimate): Range => e.quality.vsFullPct;

/** The lowest share of full fine-tuning's quality the task needs (lower bound of a method's range must reach it). */
const NEED_FLOOR: Record<QualityNeed, number> = { 'most-tasks': 0, precise: 95, best: 100 };
const PRECISE_TASKS: readonly Task[] = ['numerical-reasoning', 'multi-step-reasoning', 'code'];
/** The article's data sizes: under 10K examples the data limits quality more than the method; 100K+ can use full fine-tuning. */
const LIMITED_DATA = 10_000;
const MASSIVE_DATA = 100_000;

function qualityNeed(facts: RecommendInput, examples: number): QualityNeed {
  const precise = facts.task !== undefined && PRECISE_TASKS.includes(facts.task);
  if (precise && examples >= MASSIVE_DATA && facts.qualityCritical === true) return 'best';
  if (precise || facts.qualityCritical === true) return 'precise';
  return 'most-tasks';
}

function budgetFit(budget: number, e: Estimate): BudgetFit {
  const p = e.cost.projectUsd;
  return budget >= p.high ? 'covers' : budget >= p.low ? 'covers-low-end' : 'below';
}

/** A beats B: no dearer per run and per project, no worse in quality, and better in one of them. */
function beats(a: Estimate, b: Estimate): boolean {
  const qa = quality(a);
  const qb = quality(b);
  const noWorse = cost(a) <= cost(b) && project(a) <= project(b) && qa.low >= qb.low && qa.high >= qb.high;
  const better = cost(a) < cost(b) || project(a) < project(b) || qa.low > qb.low || qa.high > qb.high;
  return noWorse && better;
}

interface Decision {
  verdict: Estimate;
  reasons: Reason[];
  need: QualityNeed;
  /** How far ahead the verdict is of the next candidate (project cost ratio, ≥ 1), for the confidence. */
  margin: number;
  budgetFit: Partial<Record<Method, BudgetFit>>;
}

/** The decision for a set of estimates and facts (pure; the probes for "what would change it" call it again). */
function decide(facts: RecommendInput, estimates: Estimate[]): Decision {
  const examples = estimates[0]?.inputs.examples ?? 0;
  const need = qualityNeed(facts, examples);
  const reasons: Reason[] = [];
  const fits: Partial<Record<Method, BudgetFit>> = {};
  let candidates = [...estimates];

  // The team's hardware and skills.
  if (facts.owned) {
    const onOwned = candidates.filter((e) => e.hardware.owned);
    if (onOwned.length) candidates = onOwned;
  }
  if (facts.multiGpu === false) {
    const single = candidates.filter((e) => e.hardware.used.count === 1);
    for (const e of candidates.filter((x) => x.hardware.used.count > 1)) {
      reasons.push({ rule: 'no-multi-gpu', fact: 'no multi-GPU engineering', method: e.method, figures: { gpus: e.hardware.used.count } });
    }
    if (single.length) candidates = single;
  }

  // Quality: what the task needs rules out the methods whose range starts below it.
  const floor = NEED_FLOOR[need];
  const goodEnough = candidates.filter((e) => quality(e).low >= floor);
  const byQuality = (list: Estimate[]) => [...list].sort((a, b) => quality(b).low - quality(a).low || project(a) - project(b));

  // Budget: a method whose project exceeds it is not chosen while another's whole range fits.
  let pool = goodEnough.length ? goodEnough : byQuality(candidates).slice(0, 1);
  const B = facts.budgetUsd;
  if (B !== undefined) {
    for (const e of estimates) fits[e.method] = budgetFit(B, e);
    const covered = pool.filter((e) => fits[e.method] === 'covers');
    const partly = pool.filter((e) => fits[e.method] === 'covers-low-end');
    if (covered.length) pool = covered;
    else if (partly.length) pool = partly;
    else {
      const anyCovered = candidates.filter((e) => fits[e.method] !== 'below');
      if (anyCovered.length && facts.qualityCritical !== true) pool = anyCovered;
    }
  }
  const verdict = [...pool].sort((a, b) => project(a) - project(b) || cost(a) - cost(b))[0] ?? (estimates[0] as Estimate);
  const others = estimates.filter((e) => e.method !== verdict.method);

  // The reasons, each with the figures it rests on.
  const cheapestOverall = [...estimates].sort((a, b) => project(a) - project(b))[0] as Estimate;
  if (B !== undefined) {
    reasons.push({
      rule: 'budget',
      fact: `budget ${usd(B)}`,
      method: verdict.method,
      figures: { budget: B, fit: fits[verdict.method] ?? 'below', project: verdict.cost.projectUsd },
    });
    const overBudgetQuality = facts.qualityCritical === true && fits[verdict.method] === 'below';
    if (overBudgetQuality)
      reasons.push({
        rule: 'quality-over-budget',
        fact: 'quality critical',
        method: verdict.method,
        figures: { budget: B, project: verdict.cost.projectUsd },
      });
    // The better methods the budget rules out, so the reader knows why they were not chosen.
    for (const e of others) {
      if (fits[e.method] !== 'below' || quality(e).low < quality(verdict).low || overBudgetQuality) continue;
      reasons.push({
        rule: 'budget-rules-out',
        fact: `budget ${usd(B)}`,
        method: e.method,
        figures: { budget: B, project: e.cost.projectUsd },
      });
    }
    if (estimates.every((e) => fits[e.method] === 'below')) {
      reasons.push({
        rule: 'budget-below-all',
        fact: `budget ${usd(B)}`,
        method: cheapestOverall.method,
        figures: { budget: B, project: cheapestOverall.cost.projectUsd, perRun: cheapestOverall.cost.perRunUsd },
      });
    }
  }
  if (need === 'most-tasks' && facts.task !== undefined) {
    reasons.push({
      rule: 'task-any-method',
      fact: `task: ${TASK_LABEL[facts.task]}`,
      method: verdict.method,
      figures: { quality: quality(verdict) },
    });
  }
  if (need !== 'most-tasks') {
    const ruledOut = estimates.filter((e) => quality(e).low < floor).map((e) => e.method);
    reasons.push({
      rule: 'quality-need',
      fact: facts.qualityCritical ? 'a 2–5% quality difference matters' : `task: ${TASK_LABEL[facts.task as Task]}`,
      method: verdict.method,
      figures: { need, floor, quality: quality(verdict), ruledOut: ruledOut.join(',') },
    });
  }
  for (const e of others) {
    if (beats(verdict, e)) {
      reasons.push({
        rule: 'beats-on-cost-and-quality',
        fact: `${verdict.model.name}, ${groupThousands(examples)} examples`,
        method: verdict.method,
        versus: e.method,
        figures: { perRun: verdict.cost.perRunUsd, versusPerRun: e.cost.perRunUsd, quality: quality(verdict), versusQuality: quality(e) },
      });
    }
  }
  const dearer = others.filter((e) => project(e) > project(verdict) && !beats(verdict, e));
  const nextDearer = dearer.sort((a, b) => project(a) - project(b))[0];
  if (nextDearer) {
    reasons.push({
      rule: 'cheaper-by',
      fact: 'the figures for this case',
      method: verdict.method,
      versus: nextDearer.method,
      figures: {
        ratio: project(nextDearer) / project(verdict),
        project: verdict.cost.projectUsd,
        versusProject: nextDearer.cost.projectUsd,
        quality: quality(verdict),
        versusQuality: quality(nextDearer),
      },
    });
  }
  const cheapest = estimates.every((e) => project(verdict) <= project(e));
  if (cheapest && !nextDearer && !reasons.some((r) => r.rule === 'beats-on-cost-and-quality')) {
    reasons.push({
      rule: 'cheapest-enough',
      fact: 'the figures for this case',
      method: verdict.method,
      figures: { perRun: verdict.cost.perRunUsd, project: verdict.cost.projectUsd, quality: quality(verdict) },
    });
  }
  if (facts.owned && verdict.hardware.owned) {
    reasons.push({
      rule: 'owned-hardware',
      fact: 'your own GPUs',
      method: verdict.method,
      figures: {
        gpu: verdict.hardware.used.gpuName,
        count: verdict.hardware.used.count,
        perRun: verdict.cost.perRunUsd,
        hours: verdict.time.hours,
      },
    });
  }
  if (examples < LIMITED_DATA || examples >= MASSIVE_DATA) {
    reasons.push({
      rule: 'data-size',
      fact: `${groupThousands(examples)} examples`,
      method: verdict.method,
      figures: { examples, limited: examples < LIMITED_DATA },
    });
  }
  if (facts.firstTime === true) {
    reasons.push({
      rule: 'first-project',
      fact: 'first fine-tuning project',
      method: verdict.method,
      figures: { engineeringDays: verdict.cost.engineeringDays, perRun: verdict.cost.perRunUsd },
    });
  }
  // The article's advice for most teams is to start with QLoRA: say when the figures agree, and when they overrule it.
  const articlePick = estimates.find((e) => e.method === 'qlora');
  if (articlePick && need === 'most-tasks' && B === undefined && !facts.owned) {
    if (articlePick.method === verdict.method)
      reasons.push({ rule: 'article-agrees', fact: 'the article', method: verdict.method, figures: {} });
    else {
      reasons.push({
        rule: 'article-overruled',
        fact: 'the article',
        method: verdict.method,
        versus: articlePick.method,
        figures: {
          perRun: verdict.cost.perRunUsd,
          versusPerRun: articlePick.cost.perRunUsd,
          quality: quality(verdict),
          versusQuality: quality(articlePick),
          beats: beats(verdict, articlePick),
        },
      });
    }
  }
  const next = [...pool].filter((e) => e.method !== verdict.method).sort((a, b) => project(a) - project(b))[0];
  const margin = next ? project(next) / project(verdict) : 3;
  return { verdict, reasons, need, margin, budgetFit: fits };
}

/** The facts a recommendation can ask about, in the order of questions asked on ties, with values to probe. */
const PROBES: Array<{ key: keyof RecommendInput; values: (estimates: Estimate[]) => unknown[]; reestimate?: true }> = [
  {
    key: 'budgetUsd',
    values: (es) => {
      const projects = es.map((e) => e.cost.projectUsd).sort((a, b) => a.low - b.low);
      return [Math.max(1, Math.round((projects[0]?.low ?? 100) * 0.5)), ...projects.map((p) => Math.round(p.high))];
    },
  },
  { key: 'qualityCritical', values: () => [true, false] },
  { key: 'task', values: () => ['domain-adaptation', 'numerical-reasoning', 'code'] },
  { key: 'multiGpu', values: () => [false], reestimate: true },
  { key: 'firstTime', values: () => [true] },
];

function casesFor(input: RecommendInput, ctx: EngineContext): Parsed<Estimate[]> {
  const runs = input.iterations ?? input.runs;
  const {
    budgetUsd: _b,
    task: _t,
    qualityCritical: _q,
    firstTime: _f,
    multiGpu: _m,
    iterations: _i,
    runsPerMonth: _r,
    ...estimateInput
  } = input;
  const result = compare({ ...estimateInput, model: input.model ?? '70b', ...(runs !== undefined ? { runs } : {}) }, ctx);
  if (!result.ok) return result;
  let rows = result.value.rows;
  // A team without multi-GPU skills: each method on the one GPU that fits it, where one does.
  if (input.multiGpu === false && input.gpus === undefined) {
    const single: Estimate[] = [];
    for (const e of rows) {
      const one = e.hardware.options
        .filter((o) => o.count === 1 && o.perRunUsd)
        .sort((a, b) => mid(a.perRunUsd as Range) - mid(b.perRunUsd as Range))[0];
      if (e.hardware.used.count === 1 || !one) {
        single.push(e);
        continue;
      }
      const again = compare(
        { ...estimateInput, model: input.model ?? '70b', gpu: one.gpu, gpus: 1, ...(runs !== undefined ? { runs } : {}) },
        ctx,
        [e.method],
      );
      single.push(again.ok ? (again.value.rows[0] as Estimate) : e);
    }
    rows = single;
  }
  return { ok: true, value: rows };
}

function buyVsRent(e: Estimate, runsPerMonth: number | undefined): BuyVsRent {
  const runs = runsPerMonth ?? Math.max(1, Math.round(mid(e.cost.runs)));
  const buy = e.cost.hardwareBuyUsd;
  const perRun = e.cost.perRunUsd;
  const rent = range(perRun.low * runs, perRun.high * runs);
  const breakEven = range(buy.low / Math.max(rent.high, 1e-9), buy.high / Math.max(rent.low, 1e-9));
  const toBreakEven = Math.ceil(mid(buy) / (AMORTIZATION_MONTHS * Math.max(mid(perRun), 1e-9)));
  return {
    method: e.method,
    hardware: { gpu: e.hardware.used.gpu, gpuName: e.hardware.used.gpuName, count: e.hardware.used.count },
    owned: e.hardware.owned,
    buyUsd: buy,
    perRunUsd: perRun,
    runsPerMonth: runs,
    rentPerMonthUsd: rent,
    breakEvenMonths: breakEven,
    runsPerMonthToBreakEvenIn36: toBreakEven,
    verdict: breakEven.low > AMORTIZATION_MONTHS ? 'rent' : breakEven.high <= AMORTIZATION_MONTHS ? 'buy' : 'close',
  };
}

function validate(input: RecommendInput): string | undefined {
  if (input.task !== undefined && !TASKS.includes(input.task))
    return `task: "${String(input.task).slice(0, 40)}" is not a task; use ${TASKS.join(', ')}`;
  if (input.budgetUsd !== undefined && !(Number.isFinite(input.budgetUsd) && input.budgetUsd >= 0 && input.budgetUsd <= 1e12)) {
    return 'budget: must be a number of dollars from 0 to 1,000,000,000,000';
  }
  for (const [key, label] of [
    ['iterations', 'iterations'],
    ['runsPerMonth', 'runs per month'],
  ] as const) {
    const v = input[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= 100_000)) return `${label}: must be a whole number from 1 to 100,000`;
  }
  return undefined;
}

/**
 * "Should we use LoRA?": a verdict with reasons computed from the engine's figures for the case,
 * what would change it, the questions worth asking, the upgrade path, hidden costs and buy vs rent.
 */
export function recommend(input: RecommendInput, ctx: EngineContext = {}): Parsed<Recommendation> {
  const invalid = validate(input);
  if (invalid) return { ok: false, error: invalid };
  const cases = casesFor(input, ctx);
  if (!cases.ok) return cases;
  const estimates = cases.value;
  const decision = decide(input, estimates);
  const verdict = decision.verdict;

  const changeIf: Recommendation['changeIf'] = [];
  const weight = new Map<keyof RecommendInput, number>();
  for (const probe of PROBES) {
    for (const value of probe.values(estimates)) {
      if (input[probe.key] === value) continue;
      const altInput = { ...input, [probe.key]: value };
      const altCases = probe.reestimate ? casesFor(altInput, ctx) : undefined;
      if (altCases && !altCases.ok) continue;
      const alt = decide(altInput, altCases?.ok ? altCases.value : estimates);
      if (alt.verdict.method === verdict.method) continue;
      if (!changeIf.some((c) => c.fact === probe.key && c.verdict === alt.verdict.method))
        changeIf.push({ fact: probe.key, value, verdict: alt.verdict.method });
      if (input[probe.key] === undefined) weight.set(probe.key, (weight.get(probe.key) ?? 0) + 1);
    }
  }
  const questions = PROBES.map((p) => p.key)
    .filter((k) => (weight.get(k) ?? 0) > 0)
    .sort((a, b) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0))
    .slice(0, 2);
  const known = PROBES.filter((p) => input[p.key] !== undefined).length;
  const confidence =
    Math.round(
      Math.min(0.95, Math.max(0.3, 0.4 + 0.15 * Math.min(Math.log2(decision.margin), 2) + 0.05 * known - 0.07 * questions.length)) * 100,
    ) / 100;
  const assumed = PROBES.map((p) => p.key).filter((k) => input[k] === undefined);
  const path = [...estimates].sort((a, b) => cost(a) - cost(b)).map((e) => e.method);
  const perRun = verdict.cost.perRunUsd;
  const full = estimates.find((e) => methodSpec(e.method).trains === 'all');
  const failed = range(5, 20);

  return {
    ok: true,
    value: {
      verdict: verdict.method,
      confidence,
      confidenceWords: confidence >= 0.7 ? 'clear' : confidence >= 0.5 ? 'likely' : 'close call',
      need: decision.need,
      reasons: decision.reasons,
      changeIf: changeIf.slice(0, 4),
      questions,
      assumed,
      path,
      hiddenCosts: {
        engineering: estimates.map((e) => ({ method: e.method, days: e.cost.engineeringDays, usd: e.cost.engineeringUsd })),
        failedExperiments: {
          runs: failed,
          usd: range(failed.low * perRun.low, failed.high * perRun.high),
          fullUsd:
            full && full.method !== verdict.method
              ? range(failed.low * full.cost.perRunUsd.low, failed.high * full.cost.perRunUsd.high)
              : null,
        },
      },
      buyVsRent: buyVsRent(verdict, input.runsPerMonth),
      budgetFit: decision.budgetFit,
      estimates,
    },
  };
}

export { METHOD_IDS };
