import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRICES,
  recommend,
  usdRange,
  type Method,
  type PriceTable,
  type RecommendInput,
  type Recommendation,
} from '../../src/engine/index.js';

function rec(input: RecommendInput, prices?: PriceTable): Recommendation {
  const r = recommend(input, prices ? { prices } : {});
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/**
 * Scenarios from the article's decision framework ("The Decision Framework", "When Quality
 * Differences Matter", "My Recommendation"): the verdict, and the rules that must be among the reasons.
 */
const SCENARIOS: Array<[string, RecommendInput, Method[], string[]]> = [
  [
    '$500 budget and 8k legal documents',
    { budgetUsd: 500, examples: 8000, task: 'domain-adaptation' },
    ['qlora'],
    ['task-qlora-sufficient', 'limited-data'],
  ],
  [
    '70B, 200k examples, $30,000, math reasoning',
    { model: '70b', examples: 200_000, budgetUsd: 30_000, task: 'numerical-reasoning' },
    ['lora', 'full'],
    ['task-precise-reasoning', 'massive-data'],
  ],
  ['first fine-tuning project, no budget given', { firstTime: true }, ['qlora'], ['first-fine-tuning']],
  [
    'production, 2–5% matters, budget covers LoRA',
    { qualityCritical: true, budgetUsd: 700 },
    ['lora', 'full'],
    ['quality-difference-matters', 'budget-covers-lora'],
  ],
  [
    '8B, 100k+ examples, $1,500+, multi-GPU capacity',
    { model: '8b', examples: 100_000, budgetUsd: 1500, multiGpu: true },
    ['full'],
    ['massive-data', 'multi-gpu-capacity', 'budget-covers-full'],
  ],
  ['budget below even QLoRA’s project', { budgetUsd: 50 }, ['qlora'], ['budget-below-qlora-project']],
  ['nothing known: start with QLoRA', {}, ['qlora'], ['default-start-with-qlora']],
  ['style transfer', { task: 'style' }, ['qlora'], ['task-qlora-sufficient']],
  ['chatbot on $300', { task: 'chatbot', budgetUsd: 300 }, ['qlora'], ['task-qlora-sufficient']],
  ['instruction following, 20k examples', { task: 'instruction-following', examples: 20_000 }, ['qlora'], ['task-qlora-sufficient']],
  ['domain adaptation on 8B', { model: '8b', task: 'domain-adaptation' }, ['qlora'], ['task-qlora-sufficient']],
  [
    'multi-step reasoning, quality matters, $5,000',
    { task: 'multi-step-reasoning', qualityCritical: true, budgetUsd: 5000 },
    ['lora', 'full'],
    ['task-precise-reasoning', 'quality-difference-matters'],
  ],
  [
    'code, 50k, quality matters, $2,000',
    { task: 'code', examples: 50_000, qualityCritical: true, budgetUsd: 2000 },
    ['lora'],
    ['task-code', 'quality-difference-matters'],
  ],
  ['code without multi-GPU engineers', { task: 'code', multiGpu: false }, ['lora'], ['task-code']],
  ['quality matters, no multi-GPU engineers', { qualityCritical: true, multiGpu: false }, ['lora'], ['quality-difference-matters']],
  [
    'first project where quality matters: QLoRA first, upgrade path',
    { firstTime: true, qualityCritical: true },
    ['qlora'],
    ['first-fine-tuning'],
  ],
  ['50 hyperparameter iterations', { iterations: 50 }, ['qlora'], ['many-iterations']],
  [
    'many iterations but quality matters and LoRA is affordable',
    { iterations: 50, qualityCritical: true, budgetUsd: 10_000 },
    ['lora'],
    ['quality-difference-matters'],
  ],
  ['500k examples, nothing else', { examples: 500_000 }, ['lora', 'full'], ['massive-data']],
  [
    '150k examples, multi-GPU, ample budget',
    { examples: 150_000, multiGpu: true, budgetUsd: 100_000 },
    ['full'],
    ['massive-data', 'multi-gpu-capacity'],
  ],
  ['150k examples but $1,000', { examples: 150_000, budgetUsd: 1000 }, ['qlora'], ['budget-below-qlora-project']],
  ['8B, quality matters, $300', { model: '8b', qualityCritical: true, budgetUsd: 300 }, ['lora', 'full'], ['quality-difference-matters']],
  [
    'Mixtral, numerical, 120k, $20,000, multi-GPU',
    { model: 'mixtral-8x7b', task: 'numerical-reasoning', budgetUsd: 20_000, multiGpu: true, examples: 120_000 },
    ['full'],
    ['reasoning-at-scale', 'multi-gpu-capacity'],
  ],
  ['405B where quality matters', { model: '405b', qualityCritical: true }, ['lora', 'full'], ['quality-difference-matters']],
  ['405B on $200', { model: '405b', budgetUsd: 200 }, ['qlora'], ['budget-below-qlora-project']],
  [
    'core business: quality, 120k, multi-GPU, $50,000',
    { qualityCritical: true, examples: 120_000, multiGpu: true, budgetUsd: 50_000 },
    ['full'],
    ['quality-difference-matters', 'massive-data', 'multi-gpu-capacity'],
  ],
  ['Qwen 7B on $20', { model: 'qwen2.5-7b', budgetUsd: 20 }, ['qlora'], []],
  ['LoRA-sized budget, quality matters', { qualityCritical: true, budgetUsd: 580 }, ['lora'], ['quality-difference-matters']],
  [
    '3k examples, quality matters, $1,000',
    { examples: 3000, qualityCritical: true, budgetUsd: 1000 },
    ['lora'],
    ['quality-difference-matters'],
  ],
  ['a million dollars and nothing else: budget is a condition, not a reason', { budgetUsd: 1_000_000 }, ['qlora'], ['budget-covers-full']],
  ['budget covers QLoRA only', { budgetUsd: 130 }, ['qlora'], ['budget-covers-qlora-only']],
  ['numerical reasoning alone', { task: 'numerical-reasoning' }, ['lora'], ['task-precise-reasoning']],
  ['no multi-GPU engineers rules out full even with data', { examples: 200_000, multiGpu: false }, ['lora'], ['no-multi-gpu-capacity']],
];

describe('the decision framework, scenario by scenario', () => {
  it('has at least 30 scenarios', () => expect(SCENARIOS.length).toBeGreaterThanOrEqual(30));

  it.each(SCENARIOS)('%s', (_name, input, verdicts, rules) => {
    const r = rec(input);
    expect(verdicts).toContain(r.verdict);
    const fired = r.reasons.map((x) => x.rule);
    for (const rule of rules) expect(fired).toContain(rule);
    // Every reason names its fact and says something concrete.
    for (const reason of r.reasons) {
      expect(reason.fact.length).toBeGreaterThan(3);
      expect(reason.text.length).toBeGreaterThan(30);
    }
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.questions.length).toBeLessThanOrEqual(2);
  });
});

describe('what a recommendation carries', () => {
  it('budget below QLoRA: says so plainly, with how many runs it buys and a smaller model that fits', () => {
    const r = rec({ budgetUsd: 50 });
    const text = r.reasons.find((x) => x.rule === 'budget-below-qlora-project')!.text;
    expect(text).toMatch(/\$50 is below even QLoRA's project cost/);
    expect(text).toMatch(/pays for about \d+ QLoRA runs?/);
    expect(text).toMatch(/Llama 3\.1 8B fits the budget: QLoRA at \$[\d.]+–\$[\d.]+ a run/);
  });

  it('first project: QLoRA with the upgrade path to LoRA, then full only if needed', () => {
    const r = rec({ firstTime: true });
    expect(r.upgradePath).toHaveLength(4);
    expect(r.upgradePath[0]).toMatch(/^Run 10–20 QLoRA experiments/);
    expect(r.upgradePath[2]).toMatch(/LoRA run/);
    expect(r.upgradePath[3]).toMatch(/^Full fine-tuning only if LoRA does not meet the bar/);
  });

  it('with missing facts it answers, states what it assumed and asks at most two questions, the ones that would change it', () => {
    const r = rec({});
    expect(r.verdict).toBe('qlora');
    expect(r.assumptions.join(' ')).toMatch(/Model: not given, so the article's scenario: Llama 3\.1 70B/);
    expect(r.assumptions.join(' ')).toMatch(/Not given, so not counted: no budget limit/);
    expect(r.questions).toHaveLength(2);
    expect(r.changeIf.length).toBeGreaterThan(0);
    for (const change of r.changeIf) expect(change).toMatch(/the answer would be (LoRA|full fine-tuning)\.$/);
  });

  it('known facts are not asked again', () => {
    const r = rec({ budgetUsd: 700, qualityCritical: true });
    expect(r.questions.join(' ')).not.toMatch(/budget|2–5%/);
  });

  it('hidden costs: engineering days and dollars per method, failed experiments, data preparation', () => {
    const r = rec({});
    expect(r.hiddenCosts.engineering.map((e) => [e.method, e.days])).toEqual([
      ['qlora', { low: 1, high: 2 }],
      ['lora', { low: 2, high: 5 }],
      ['full', { low: 5, high: 10 }],
    ]);
    expect(r.hiddenCosts.engineering[2]!.usd).toEqual({ low: 6000, high: 12000 });
    expect(r.hiddenCosts.failedExperiments.runs).toEqual({ low: 5, high: 20 });
    expect(r.hiddenCosts.dataPreparation).toMatch(/longer than the fine-tuning/);
  });

  it('buy vs rent: break-even months at a stated number of runs per month', () => {
    const r = rec({ runsPerMonth: 30 });
    const b = r.buyVsRent;
    expect(b.runsPerMonth).toBe(30);
    const q = r.estimates.find((e) => e.method === r.verdict)!;
    expect(b.breakEvenMonths.low).toBeCloseTo(q.cost.hardwareBuyUsd.low / (30 * q.cost.perRunUsd.high), 5);
    expect(b.breakEvenMonths.high).toBeCloseTo(q.cost.hardwareBuyUsd.high / (30 * q.cost.perRunUsd.low), 5);
    expect(b.text.startsWith(`At 30 runs a month, renting 1× ${q.hardware.used.gpuName} costs`)).toBe(true);
    expect(rec({ runsPerMonth: 1 }).buyVsRent.text).toMatch(/renting wins/);
  });

  it('the JSON contract: verdict, confidence, reasons {rule, fact, text}, questions, assumptions, estimates', () => {
    const r = rec({ budgetUsd: 500 });
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['verdict', 'confidence', 'reasons', 'questions', 'assumptions', 'estimates']));
    for (const reason of r.reasons) expect(Object.keys(reason).sort()).toEqual(['fact', 'rule', 'text']);
    expect(r.estimates.map((e) => e.method)).toEqual(['full', 'lora', 'qlora']);
  });

  it('rejects a bad task or budget with one line', () => {
    expect(recommend({ task: 'poetry' as never })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^task: "poetry" is not a task; use domain-adaptation/),
    });
    expect(recommend({ budgetUsd: -5 })).toMatchObject({ ok: false, error: expect.stringMatching(/^budget: /) });
    expect(recommend({ model: 'gpt-9' })).toMatchObject({ ok: false, error: expect.stringMatching(/^model: /) });
  });
});

describe('every figure comes from the engine for the case at hand', () => {
  const doubled: PriceTable = {
    ...DEFAULT_PRICES,
    defaults: Object.fromEntries(
      Object.entries(DEFAULT_PRICES.defaults).map(([id, p]) => [id, { ...p, low: p.low * 2, high: p.high * 2 }]),
    ),
  };

  it('doubling the price table doubles the figures the recommendation quotes', () => {
    const base = rec({ firstTime: true });
    const dear = rec({ firstTime: true }, doubled);
    const q = (r: Recommendation) => r.estimates.find((e) => e.method === 'qlora')!.cost.perRunUsd;
    expect(q(dear).low).toBeCloseTo(2 * q(base).low, 1);
    const baseText = base.reasons.find((x) => x.rule === 'first-fine-tuning')!.text;
    const dearText = dear.reasons.find((x) => x.rule === 'first-fine-tuning')!.text;
    expect(baseText).toContain(usdRange(q(base)));
    expect(dearText).toContain(usdRange(q(dear)));
    expect(dearText).not.toBe(baseText);
    expect(dear.upgradePath[0]).toContain(usdRange(q(dear)));
  });

  it('dearer prices move the budget rules: a budget that covered LoRA no longer does', () => {
    const budget = 250;
    expect(rec({ budgetUsd: budget }).reasons.map((x) => x.rule)).toContain('budget-covers-lora');
    expect(rec({ budgetUsd: budget }, doubled).reasons.map((x) => x.rule)).not.toContain('budget-covers-lora');
  });

  it('the model changes the figures: 8B is cheaper than 70B in the same sentence', () => {
    const small = rec({ model: '8b', firstTime: true }).reasons.find((x) => x.rule === 'first-fine-tuning')!.text;
    const large = rec({ model: '70b', firstTime: true }).reasons.find((x) => x.rule === 'first-fine-tuning')!.text;
    expect(small).not.toBe(large);
  });
});
