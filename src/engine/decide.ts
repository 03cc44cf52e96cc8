import { compare } from './compare.js';
import type { EngineContext } from './estimate.js';
import { DEFAULTS } from './defaults.js';
import { BUILTIN_METHOD_IDS, methodSpec } from './methods.js';
import { TASKS, type Task } from './job-inputs.js';
import { compact, gb, hoursRange, num, numRange, usd, usdRange } from './format.js';
import type { Parsed } from './quantities.js';
import { mid, range, type Range } from './range.js';
import type { Estimate, EstimateInput } from './types.js';

/** The decision rules below are written for the three built-in methods (issue 13 makes them table-driven). */
type Method = (typeof BUILTIN_METHOD_IDS)[number];
const METHODS = BUILTIN_METHOD_IDS;
import { AMORTIZATION_MONTHS } from './units.js';

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

export interface Reason {
  rule: string;
  fact: string;
  text: string;
}

export interface BuyVsRent {
  method: string;
  hardware: string;
  buyUsd: Range;
  perRunUsd: Range;
  runsPerMonth: number;
  rentPerMonthUsd: Range;
  /** Months of renting that add up to the purchase price. */
  breakEvenMonths: Range;
  /** Runs per month at which buying pays off within the 36-month amortization. */
  runsPerMonthToBreakEvenIn36: number;
  text: string;
}

export interface HiddenCosts {
  engineering: { method: Method; days: Range; usd: Range; text: string }[];
  failedExperiments: { runs: Range; usd: Range; text: string };
  dataPreparation: string;
}

export interface Recommendation {
  verdict: Method;
  confidence: number;
  reasons: Reason[];
  questions: string[];
  assumptions: string[];
  changeIf: string[];
  upgradePath: string[];
  hiddenCosts: HiddenCosts;
  buyVsRent: BuyVsRent;
  scores: Record<Method, number>;
  estimates: Estimate[];
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const METHOD_NAME: Record<Method, string> = { full: 'full fine-tuning', lora: 'LoRA', qlora: 'QLoRA' };
const RANK: Record<Method, number> = { qlora: 0, lora: 1, full: 2 };
const QLORA_TASKS: readonly Task[] = ['domain-adaptation', 'style', 'instruction-following', 'chatbot'];
const REASONING_TASKS: readonly Task[] = ['numerical-reasoning', 'multi-step-reasoning'];

type Costs = Record<Method, Estimate>;

interface ScoredReason extends Reason {
  favours: Method[];
}

interface Scored {
  verdict: Method;
  scores: Record<Method, number>;
  excluded: Set<Method>;
  reasons: ScoredReason[];
  margin: number;
}

/**
 * The article's decision framework as rules. Each adds points to the methods it favours, citing
 * the fact, the rule and the engine's figures for this case; a budget below a method's project
 * cost rules the method out. QLoRA starts with one point ("For most teams: start with QLoRA"),
 * and ties go to the cheaper method.
 */
function score(facts: RecommendInput, costs: Costs, examples: number): Scored {
  const scores: Record<Method, number> = { qlora: 1, lora: 0, full: 0 };
  const excluded = new Set<Method>();
  const reasons: ScoredReason[] = [];
  let favoured: Method[] = [];
  const add = (method: Method, points: number) => {
    scores[method] += points;
    if (points > 0) favoured.push(method);
  };
  const because = (reason: Reason) => {
    reasons.push({ ...reason, favours: favoured });
    favoured = [];
  };
  const project = (m: Method) => costs[m].cost.projectUsd;
  const perRun = (m: Method) => costs[m].cost.perRunUsd;

  favoured = ['qlora'];
  because({
    rule: 'default-start-with-qlora',
    fact: "the article's recommendation for most teams",
    text: `Start with QLoRA: ${numRange(costs.qlora.cost.runs)} runs at ${usdRange(perRun('qlora'))} each find the hyperparameters for ${usdRange(project('qlora'))}, and it gets most of the benefit at a fraction of the cost.`,
  });

  const B = facts.budgetUsd;
  if (B !== undefined) {
    const fact = `budget ${usd(B)}`;
    if (B < project('qlora').low) {
      excluded.add('lora').add('full');
      favoured = ['qlora'];
      const affordableRuns = Math.floor(B / perRun('qlora').high);
      because({
        rule: 'budget-below-qlora-project',
        fact,
        text:
          `${usd(B)} is below even QLoRA's project cost (${usdRange(project('qlora'))} for ${numRange(costs.qlora.cost.runs)} runs): ` +
          (affordableRuns >= 1
            ? `it pays for about ${affordableRuns} QLoRA run${affordableRuns === 1 ? '' : 's'} at ${usdRange(perRun('qlora'))}, too few to tune hyperparameters. Plan fewer, shorter runs or a smaller model.`
            : `it does not cover one QLoRA run (${usdRange(perRun('qlora'))}). Use a smaller model or fewer tokens.`),
      });
    } else if (B < project('lora').low) {
      excluded.add('lora').add('full');
      add('qlora', 2);
      because({
        rule: 'budget-covers-qlora-only',
        fact,
        text: `${usd(B)} covers QLoRA's project (${usdRange(project('qlora'))}) but not LoRA's (${usdRange(project('lora'))}).`,
      });
    } else {
      add('lora', 1);
      if (B < project('full').low) {
        excluded.add('full');
        because({
          rule: 'budget-covers-lora',
          fact,
          text: `${usd(B)} covers LoRA's project (${usdRange(project('lora'))}) but not full fine-tuning's (${usdRange(project('full'))}).`,
        });
      } else {
        add('full', 1);
        const comfortable = B >= project('full').high;
        because({
          rule: comfortable ? 'budget-covers-full' : 'budget-covers-part-of-full',
          fact,
          text: comfortable
            ? `${usd(B)} covers full fine-tuning's whole project (${usdRange(project('full'))} for ${numRange(costs.full.cost.runs)} runs); affording it is a condition, not a reason, to choose it.`
            : `${usd(B)} covers the low end of full fine-tuning's project (${usdRange(project('full'))}), not its high end.`,
        });
      }
    }
  }

  if (facts.task !== undefined) {
    const fact = `task: ${TASK_LABEL[facts.task]}`;
    if (QLORA_TASKS.includes(facts.task)) {
      add('qlora', 2);
      because({
        rule: 'task-qlora-sufficient',
        fact,
        text: `For ${TASK_LABEL[facts.task]}, QLoRA is usually sufficient (the article); its ${numRange(costs.qlora.quality.vsFullPct)}% of full fine-tuning's quality rarely shows.`,
      });
    } else if (REASONING_TASKS.includes(facts.task) || facts.task === 'code') {
      add('lora', 2);
      add('full', 1);
      because({
        rule: facts.task === 'code' ? 'task-code' : 'task-precise-reasoning',
        fact,
        text:
          facts.task === 'code'
            ? `For code, LoRA (${numRange(costs.lora.quality.vsFullPct)}% of full quality) over QLoRA: LoRA already trails full fine-tuning on code (Biderman et al. 2024, "LoRA Learns Less and Forgets Less"), and 4-bit quantization adds error.`
            : `Precise ${facts.task === 'numerical-reasoning' ? 'numerical' : 'multi-step'} reasoning favours LoRA (the article: "slightly better numerical precision") or full fine-tuning; LoRA trails full fine-tuning on math (Biderman et al. 2024).`,
      });
      if (examples >= 100_000) {
        add('full', 2);
        because({
          rule: 'reasoning-at-scale',
          fact: `${TASK_LABEL[facts.task]} with ${compact(examples)} examples`,
          text: `On code and math the gap between LoRA and full fine-tuning grows with the data (Biderman et al. 2024): with ${compact(examples)} examples, full fine-tuning (${usdRange(perRun('full'))} a run) can use what LoRA leaves.`,
        });
      }
    }
  }

  if (facts.qualityCritical === true) {
    add('lora', 2);
    add('full', 2);
    because({
      rule: 'quality-difference-matters',
      fact: 'a 2–5% quality difference has business impact',
      text: `In production where 2–5% matters, LoRA (${numRange(costs.lora.quality.vsFullPct)}% of full quality) or full fine-tuning beats QLoRA (${numRange(costs.qlora.quality.vsFullPct)}%); LoRA's project costs ${usdRange(project('lora'))}.`,
    });
  }

  if (examples >= 100_000) {
    add('full', 2);
    add('lora', 2);
    because({
      rule: 'massive-data',
      fact: `${compact(examples)} examples`,
      text: `With 100K+ examples, LoRA or full fine-tuning can use the data better than QLoRA (the article); here that is ${compact(costs.full.inputs.trainingTokens)} training tokens, ${hoursRange(costs.full.time.hours)} h per full run and ${hoursRange(costs.lora.time.hours)} h per LoRA run.`,
    });
  } else if (examples < 10_000) {
    add('qlora', 1);
    because({
      rule: 'limited-data',
      fact: `${compact(examples)} examples`,
      text: `Under 10K examples, the data limits quality more than the method: QLoRA (the article's advice for limited data), at ${usdRange(perRun('qlora'))} a run.`,
    });
  }

  if (facts.firstTime === true) {
    add('qlora', 2);
    because({
      rule: 'first-fine-tuning',
      fact: 'first fine-tuning project',
      text: `A first project learns most from cheap iterations: QLoRA runs cost ${usdRange(perRun('qlora'))} and take ${numRange(methodSpec('qlora').engineeringDays)} days to set up with existing tools.`,
    });
  }

  if (facts.multiGpu === true) {
    add('full', 2);
    because({
      rule: 'multi-gpu-capacity',
      fact: 'engineers for multi-GPU training',
      text: `The team can run multi-GPU training, which full fine-tuning needs (${costs.full.hardware.typical.count}× ${costs.full.hardware.used.gpuName} here, ${numRange(methodSpec('full').engineeringDays)} days of setup).`,
    });
  } else if (facts.multiGpu === false) {
    add('full', -3);
    if (costs.lora.hardware.minimum.count > 1) add('lora', -1);
    favoured = ['qlora'];
    because({
      rule: 'no-multi-gpu-capacity',
      fact: 'no multi-GPU engineering capacity',
      text: `Without multi-GPU engineering, full fine-tuning (${costs.full.hardware.typical.count} GPUs here) is impractical; QLoRA runs on ${costs.qlora.hardware.used.count} GPU.`,
    });
  }

  if (facts.iterations !== undefined && facts.iterations >= 20) {
    add('qlora', 1);
    because({
      rule: 'many-iterations',
      fact: `${num(facts.iterations)} runs expected`,
      text: `${num(facts.iterations)} runs favour the cheapest run: QLoRA ${usdRange(perRun('qlora'))} against LoRA ${usdRange(perRun('lora'))} and full ${usdRange(perRun('full'))}.`,
    });
  }

  let verdict: Method = 'qlora';
  for (const method of METHODS) {
    if (excluded.has(method) && method !== 'qlora') continue;
    if (scores[method] > scores[verdict] || (scores[method] === scores[verdict] && RANK[method] < RANK[verdict])) verdict = method;
  }
  const others = METHODS.filter((m) => m !== verdict && !(excluded.has(m) && m !== 'qlora')).map((m) => scores[m]);
  const margin = scores[verdict] - (others.length ? Math.max(...others) : scores[verdict] - 3);
  // The reasons for the verdict first; the default advice only when it is the verdict.
  const ordered = [
    ...reasons.filter((r) => r.favours.includes(verdict) && (r.rule !== 'default-start-with-qlora' || verdict === 'qlora')),
    ...reasons.filter((r) => !r.favours.includes(verdict) && r.rule !== 'default-start-with-qlora'),
  ];
  return { verdict, scores, excluded, reasons: ordered, margin };
}

/** The facts a recommendation can ask about, in the order of questions asked on ties. */
const FACT_PROBES: Array<{
  key: keyof RecommendInput;
  question: string;
  values: (costs: Costs) => unknown[];
  describe: (v: unknown, costs: Costs) => string;
}> = [
  {
    key: 'budgetUsd',
    question: 'What budget do you have for the training runs of this project?',
    values: (c) => [c.qlora.cost.projectUsd.low * 0.5, c.lora.cost.projectUsd.high, c.full.cost.projectUsd.high],
    describe: (v) => `with a budget of ${usd(v as number)}`,
  },
  {
    key: 'qualityCritical',
    question: 'Is this a production system where a 2–5% quality difference has business impact?',
    values: () => [true, false],
    describe: (v) => (v ? 'if a 2–5% quality difference mattered in production' : 'if a 2–5% quality difference did not matter'),
  },
  {
    key: 'task',
    question: 'What is the task: domain adaptation, style, instruction following, a chatbot, numerical or multi-step reasoning, or code?',
    values: () => ['domain-adaptation', 'numerical-reasoning', 'code'],
    describe: (v) => `for ${TASK_LABEL[v as Task]}`,
  },
  {
    key: 'examples',
    question: 'How many training examples do you have?',
    values: () => [5_000, 200_000],
    describe: (v) => `with ${compact(v as number)} examples`,
  },
  {
    key: 'multiGpu',
    question: 'Does the team have engineers who can run multi-GPU training?',
    values: () => [true, false],
    describe: (v) => (v ? 'with multi-GPU engineering capacity' : 'without multi-GPU engineering capacity'),
  },
  {
    key: 'firstTime',
    question: 'Is this your first fine-tuning project?',
    values: () => [true, false],
    describe: (v) => (v ? 'for a first fine-tuning project' : 'for an experienced team'),
  },
];

function casesFor(input: RecommendInput, ctx: EngineContext): Parsed<Costs> {
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
  const result = compare({ ...estimateInput, model: input.model ?? '70b', ...(runs !== undefined ? { runs } : {}) }, ctx, METHODS);
  if (!result.ok) return result;
  const [full, lora, qlora] = result.value.rows as [Estimate, Estimate, Estimate];
  return { ok: true, value: { full, lora, qlora } };
}

/** The largest of a ladder of smaller models whose QLoRA project fits the budget, in words. */
function smallerModelThatFits(input: RecommendInput, costs: Costs, budget: number, ctx: EngineContext): string {
  const current = costs.qlora.model.paramsB;
  for (const model of ['llama-3.1-8b', 'llama-3.2-3b', 'llama-3.2-1b']) {
    const cases = casesFor({ ...input, model }, ctx);
    if (!cases.ok || cases.value.qlora.model.paramsB >= current) continue;
    const q = cases.value.qlora;
    if (q.cost.projectUsd.low <= budget) {
      return `${q.model.name} fits the budget: QLoRA at ${usdRange(q.cost.perRunUsd)} a run, ${usdRange(q.cost.projectUsd)} for ${numRange(q.cost.runs)} runs.`;
    }
  }
  return 'Even a 1B model does not fit the budget with this data: cut the tokens (fewer examples or epochs).';
}

function buyVsRent(method: Method, costs: Costs, runsPerMonth: number | undefined): BuyVsRent {
  const e = costs[method];
  const runs = runsPerMonth ?? Math.max(1, Math.round(mid(e.cost.runs)));
  const buy = e.cost.hardwareBuyUsd;
  const perRun = e.cost.perRunUsd;
  const rent = range(perRun.low * runs, perRun.high * runs);
  const breakEven = range(buy.low / rent.high, buy.high / rent.low);
  const toBreakEven = Math.ceil(mid(buy) / (AMORTIZATION_MONTHS * mid(perRun)));
  const hardware = `${e.hardware.used.count}× ${e.hardware.used.gpuName}`;
  const verdict =
    breakEven.low > AMORTIZATION_MONTHS
      ? `renting wins: buying pays off only after ${num(breakEven.low)}+ months, beyond the ${AMORTIZATION_MONTHS}-month life assumed`
      : breakEven.high <= AMORTIZATION_MONTHS
        ? `buying pays off in ${numRange(breakEven)} months`
        : `buying pays off in ${numRange(breakEven)} months, close to the ${AMORTIZATION_MONTHS}-month life assumed`;
  return {
    method,
    hardware,
    buyUsd: buy,
    perRunUsd: perRun,
    runsPerMonth: runs,
    rentPerMonthUsd: rent,
    breakEvenMonths: breakEven,
    runsPerMonthToBreakEvenIn36: toBreakEven,
    text:
      `At ${runs} run${runs === 1 ? '' : 's'} a month, renting ${hardware} costs ${usdRange(rent)} a month against ${usdRange(buy)} to buy: ${verdict}. ` +
      `Buying pays off within ${AMORTIZATION_MONTHS} months from about ${num(toBreakEven)} runs a month (power and hosting not counted).`,
  };
}

function hiddenCosts(verdict: Method, costs: Costs, hourlyUsd: number): HiddenCosts {
  const order: Method[] = ['qlora', 'lora', 'full'];
  const engineering = order.map((m) => ({
    method: m,
    days: costs[m].cost.engineeringDays,
    usd: costs[m].cost.engineeringUsd,
    text: `${capitalize(METHOD_NAME[m])}: ${numRange(costs[m].cost.engineeringDays)} days of setup, ${usdRange(costs[m].cost.engineeringUsd)} at ${usd(hourlyUsd)}/h (the article's day counts)`,
  }));
  const failed = range(5, 20);
  const perRun = costs[verdict].cost.perRunUsd;
  const failedUsd = range(failed.low * perRun.low, failed.high * perRun.high);
  return {
    engineering,
    failedExperiments: {
      runs: failed,
      usd: failedUsd,
      text: `Expect 5–20 failed runs before the hyperparameters are right (the article): ${usdRange(failedUsd)} with ${METHOD_NAME[verdict]} at ${usdRange(perRun)} a run, against ${usdRange(range(5 * costs.full.cost.perRunUsd.low, 20 * costs.full.cost.perRunUsd.high))} with full fine-tuning.`,
    },
    dataPreparation:
      'Cleaning, formatting and validating the training data often takes longer than the fine-tuning itself (the article); it is not in these figures.',
  };
}

function upgradePath(verdict: Method, costs: Costs): string[] {
  const q = costs.qlora;
  const l = costs.lora;
  const f = costs.full;
  const steps = [
    `Run ${numRange(q.cost.runs)} QLoRA experiments to find the hyperparameters: ${usdRange(q.cost.perRunUsd)} and ${hoursRange(q.time.hours)} h each on ${q.hardware.used.count}× ${q.hardware.used.gpuName}, ${usdRange(q.cost.projectUsd)} in all.`,
    'Evaluate against your quality bar on held-out data from the real task.',
    `If quality falls short, a final LoRA run with the same settings: ${usdRange(l.cost.perRunUsd)} on ${l.hardware.used.count}× ${l.hardware.used.gpuName} (${numRange(l.quality.vsFullPct)}% of full fine-tuning's quality).`,
    `Full fine-tuning only if LoRA does not meet the bar: ${usdRange(f.cost.perRunUsd)} a run on ${f.hardware.used.count}× ${f.hardware.used.gpuName}, plus ${numRange(methodSpec('full').engineeringDays)} days of distributed-training setup.`,
  ];
  if (verdict === 'lora')
    steps[2] = `Then LoRA for the runs that count: ${usdRange(l.cost.perRunUsd)} a run, ${usdRange(l.cost.projectUsd)} for ${numRange(l.cost.runs)} runs.`;
  if (verdict === 'full') {
    steps[2] = `Check LoRA on the best settings (${usdRange(l.cost.perRunUsd)} a run): if it matches, stop there.`;
    steps[3] = `Then full fine-tuning: ${usdRange(f.cost.perRunUsd)} a run on ${f.hardware.used.count}× ${f.hardware.used.gpuName}, ${usdRange(f.cost.projectUsd)} for ${numRange(f.cost.runs)} runs.`;
  }
  return steps;
}

/**
 * "Should we use LoRA?": a verdict with reasons, the figures of the case at hand, what would
 * change the answer, the upgrade path, the hidden costs and buy-vs-rent. Missing facts are
 * assumed (and said), and at most two questions ask for the facts that would most change it.
 */
export function recommend(input: RecommendInput, ctx: EngineContext = {}): Parsed<Recommendation> {
  if (input.task !== undefined && !TASKS.includes(input.task)) {
    return { ok: false, error: `task: "${String(input.task).slice(0, 40)}" is not a task; use ${TASKS.join(', ')}` };
  }
  if (input.budgetUsd !== undefined && !(Number.isFinite(input.budgetUsd) && input.budgetUsd >= 0 && input.budgetUsd <= 1e12)) {
    return { ok: false, error: 'budget: must be a number of dollars from 0 to 1,000,000,000,000' };
  }
  if (input.iterations !== undefined && !(Number.isInteger(input.iterations) && input.iterations >= 1 && input.iterations <= 100_000)) {
    return { ok: false, error: 'iterations: must be a whole number from 1 to 100,000' };
  }
  if (
    input.runsPerMonth !== undefined &&
    !(Number.isInteger(input.runsPerMonth) && input.runsPerMonth >= 1 && input.runsPerMonth <= 100_000)
  ) {
    return { ok: false, error: 'runs per month: must be a whole number from 1 to 100,000' };
  }
  const cases = casesFor(input, ctx);
  if (!cases.ok) return cases;
  const costs = cases.value;
  const examples = costs.qlora.inputs.examples;
  const scored = score(input, costs, examples);
  const tooSmall = scored.reasons.find((r) => r.rule === 'budget-below-qlora-project');
  if (tooSmall && input.budgetUsd !== undefined) tooSmall.text += ` ${smallerModelThatFits(input, costs, input.budgetUsd, ctx)}`;

  // What would change the answer: each fact's other values, known facts included.
  const flips: Array<{ key: keyof RecommendInput; text: string }> = [];
  const questionWeight = new Map<keyof RecommendInput, number>();
  for (const probe of FACT_PROBES) {
    for (const value of probe.values(costs)) {
      if (input[probe.key] === value) continue;
      const altInput = { ...input, [probe.key]: value };
      let alt: Scored;
      if (probe.key === 'examples') {
        const altCases = casesFor(altInput, ctx);
        if (!altCases.ok) continue;
        alt = score(altInput, altCases.value, value as number);
      } else alt = score(altInput, costs, examples);
      if (alt.verdict !== scored.verdict) {
        flips.push({
          key: probe.key,
          text: `${capitalize(probe.describe(value, costs))}, the answer would be ${METHOD_NAME[alt.verdict]}.`,
        });
        if (input[probe.key] === undefined) questionWeight.set(probe.key, (questionWeight.get(probe.key) ?? 0) + 1);
      }
    }
  }
  const questions = FACT_PROBES.filter((p) => (questionWeight.get(p.key) ?? 0) > 0)
    .sort((a, b) => (questionWeight.get(b.key) ?? 0) - (questionWeight.get(a.key) ?? 0))
    .slice(0, 2)
    .map((p) => p.question);

  const known = FACT_PROBES.filter((p) => input[p.key] !== undefined).length;
  const confidence =
    Math.round(Math.min(0.95, Math.max(0.35, 0.45 + 0.08 * Math.min(scored.margin, 4) + 0.04 * known - 0.05 * questions.length)) * 100) /
    100;

  const assumptions: string[] = [];
  if (input.model === undefined) assumptions.push(`Model: not given, so the article's scenario: ${costs.qlora.model.name}.`);
  else assumptions.push(`Model: ${costs.qlora.model.name}.`);
  if (input.examples === undefined && input.datasetTokens === undefined)
    assumptions.push(`Data: not given, so the article's ${num(DEFAULTS.examples)} examples × ${num(costs.qlora.inputs.epochs)} epochs.`);
  else
    assumptions.push(
      `Data: ${num(examples)} examples × ${num(costs.qlora.inputs.epochs)} epochs, ${num(costs.qlora.inputs.tokensPerExample)} tokens each.`,
    );
  if (input.iterations === undefined && input.runs === undefined) {
    assumptions.push(
      `Runs per project: full ${numRange(methodSpec('full').runsPerProject)}, LoRA ${numRange(methodSpec('lora').runsPerProject)}, QLoRA ${numRange(methodSpec('qlora').runsPerProject)} (the article).`,
    );
  }
  const unknown = FACT_PROBES.filter((p) => input[p.key] === undefined && p.key !== 'examples').map((p) => p.key);
  if (unknown.length) {
    const labels: Record<string, string> = {
      budgetUsd: 'no budget limit',
      qualityCritical: 'a 2–5% quality difference is not critical',
      task: 'a task QLoRA usually handles',
      multiGpu: 'multi-GPU capacity unknown',
      firstTime: 'team experience unknown',
    };
    assumptions.push(`Not given, so not counted: ${unknown.map((k) => labels[k as string] ?? String(k)).join('; ')}.`);
  }
  assumptions.push(
    `Costs per case from the engine: memory ${gb(costs.full.memory.totalGB)} / ${gb(costs.lora.memory.totalGB)} / ${gb(costs.qlora.memory.totalGB)} and cost per run ${usdRange(costs.full.cost.perRunUsd)} / ${usdRange(costs.lora.cost.perRunUsd)} / ${usdRange(costs.qlora.cost.perRunUsd)} for full / LoRA / QLoRA on their typical setups (\`ftcost compare\` shows the details).`,
  );

  return {
    ok: true,
    value: {
      verdict: scored.verdict,
      confidence,
      reasons: scored.reasons.map(({ rule, fact, text }) => ({ rule, fact, text })),
      questions,
      assumptions,
      changeIf: flips
        .map((f) => f.text)
        .filter((t, i, all) => all.indexOf(t) === i)
        .slice(0, 4),
      upgradePath: upgradePath(scored.verdict, costs),
      hiddenCosts: hiddenCosts(scored.verdict, costs, input.engineeringHourlyUsd ?? DEFAULTS.engineeringHourlyUsd),
      buyVsRent: buyVsRent(scored.verdict, costs, input.runsPerMonth),
      scores: scored.scores,
      estimates: [costs.full, costs.lora, costs.qlora],
    },
  };
}
