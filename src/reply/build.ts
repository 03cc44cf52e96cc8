import {
  GPUS,
  hoursRange,
  MODELS,
  num,
  numRange,
  TOPICS,
  usd,
  usdRange,
  usdShortRange,
  type ClosedModel,
  type Comparison,
  type Estimate,
  type Explanation,
  type PriceTable,
  type Reason,
  type Recommendation,
} from '../engine/index.js';
import { emptySlots, type Slots } from '../intent/schema.js';
import { comparisonImage } from './chart.js';
import {
  alternativeLine,
  assumedText,
  assumptionLines,
  buyVsRentText,
  changeIfText,
  methodInSentence,
  methodName,
  methodShortName,
  questionText,
  reasonText,
  STRATEGY_LABEL,
  warningsOf,
  briefAlternatives,
} from './words.js';
import { encodeSlots } from './payload.js';
import { blankReply, type Action, type Reply } from './reply.js';

const gpuName = (id: string): string => GPUS.find((g) => g.id === id)?.name ?? id;
const pct = (r: { low: number; high: number }): string => (r.low === r.high ? `${r.low}%` : `${r.low}–${r.high}%`);
const METHODOLOGY = 'Method and sources: docs/methodology.md';

function actions(slots: Slots, which: Array<Action['id']>): Action[] {
  const payload = encodeSlots(slots);
  const labels: Record<Action['id'], string> = {
    compare: 'Compare all methods',
    pin: 'Pin this comparison',
    details: 'Breakdown & assumptions',
  };
  return which.map((id) => ({ id, label: labels[id], payload }));
}

function scenario(e: Estimate): string {
  const i = e.inputs;
  return `${e.model.name} · ${num(i.examples)} examples × ${num(i.epochs)} epochs (${num(i.tokensPerExample)} tokens each)`;
}

/** Who quotes a price, without the figures and notes in brackets ("RunPod Community to Lambda"); the details give them whole. */
const quotedBy = (source: string): string => source.replace(/\s*\([^()]*\)/g, '').trim();

const priceFooter = (rows: Estimate[]): string => {
  const prices = [
    ...new Set(
      rows.map((r) => {
        const price = r.cost.pricePerGpuHour;
        return `${gpuName(r.hardware.used.gpu)} ${usdRange(price)}/GPU-h (${quotedBy(price.source)}, ${price.asOf})`;
      }),
    ),
  ];
  return `Prices: ${prices.join('; ')}. ${METHODOLOGY}`;
};

/** Alternatives an estimate's brief answer shows (all of them with the details). */
const BRIEF_ALTERNATIVES = 2;

export function estimateReply(e: Estimate, slots: Slots, detailed: boolean): Reply {
  const used = e.hardware.used;
  const reply = blankReply('estimate', `${methodName(e.method)} · ${e.model.name}`, scenario(e));
  reply.method = e.method;
  reply.figures = [
    { label: 'GPU memory', value: `${num(e.memory.totalGB)} GB in all · ${num(e.memory.perGpuGB)} GB per GPU` },
    { label: 'Hardware', value: `${used.count}× ${used.gpuName}, ${STRATEGY_LABEL[used.strategy]}${used.fits ? '' : ' (does not fit)'}` },
    { label: 'Minimum', value: `${e.hardware.minimum.count}× ${gpuName(e.hardware.minimum.gpu)}` },
    { label: 'Time per run', value: `${hoursRange(e.time.hours)} h` },
    { label: 'Cost per run', value: usdRange(e.cost.perRunUsd) },
    { label: 'Project', value: `${usdRange(e.cost.projectUsd)} (${numRange(e.cost.runs)} runs)` },
    { label: 'Buy instead', value: `${usdRange(e.cost.hardwareBuyUsd)} (≈ ${usdRange(e.cost.amortizedMonthlyUsd)}/month)` },
    { label: 'Engineering', value: `${usdRange(e.cost.engineeringUsd)} (${numRange(e.cost.engineeringDays)} days)` },
    { label: 'Quality vs full', value: pct(e.quality.vsFullPct) },
  ];
  if (e.memory.cpuRamGB > 0)
    reply.figures.splice(1, 0, { label: 'CPU RAM', value: `${num(e.memory.cpuRamGB)} GB for the offloaded optimizer` });
  const shown = detailed ? e.alternatives : briefAlternatives(e, BRIEF_ALTERNATIVES);
  if (shown.length) {
    reply.sections.push({
      title: 'Faster or cheaper',
      lines: shown.map(alternativeLine),
    });
  }
  if (e.cost.managed.length) {
    reply.sections.push({ title: 'Managed services', lines: e.cost.managed.map((m) => `${m.name}: ${usdRange(m.usd)} (as of ${m.asOf})`) });
  }
  if (detailed) {
    const b = e.memory.breakdown;
    reply.sections.push({
      title: 'Memory breakdown (GB)',
      lines: [
        `weights ${num(b.weights)} · gradients ${num(b.gradients)} · optimizer ${num(b.optimizer)} · adapters ${num(b.adapters)} · activations ${num(b.activations)} · overhead ${num(b.overhead)}`,
      ],
    });
    reply.sections.push({ title: 'Assumptions', lines: assumptionLines(e) });
  }
  reply.warnings = warningsOf(e, 'chat', !detailed);
  reply.actions = actions(slots, detailed ? ['compare', 'pin'] : ['compare', 'pin', 'details']);
  reply.footer = priceFooter([e]);
  return reply;
}

export function compareReply(c: Comparison, slots: Slots, detailed: boolean): Reply {
  const rows = c.rows;
  const first = rows[0] as Estimate;
  const reply = blankReply('compare', `${rows.map((r) => methodShortName(r.method)).join(' vs ')} · ${first.model.name}`, scenario(first));
  const cells = (f: (e: Estimate) => string) => rows.map(f);
  reply.table = {
    columns: rows.map((r) => methodName(r.method)),
    rows: [
      { label: 'GPU memory', cells: cells((r) => `${num(r.memory.totalGB)} GB`) },
      { label: 'Hardware', cells: cells((r) => `${r.hardware.used.count}× ${r.hardware.used.gpuName}`) },
      { label: 'Hours per run', cells: cells((r) => hoursRange(r.time.hours)) },
      { label: 'Cost per run', cells: cells((r) => usdShortRange(r.cost.perRunUsd)) },
      { label: 'Project', cells: cells((r) => `${usdShortRange(r.cost.projectUsd)} (${numRange(r.cost.runs)} runs)`) },
      { label: 'Buy-in', cells: cells((r) => usdShortRange(r.cost.hardwareBuyUsd)) },
      { label: 'Quality', cells: cells((r) => pct(r.quality.vsFullPct)) },
    ],
  };
  reply.chart = {
    title: 'Cost per run',
    bars: rows.map((r) => ({
      label: methodShortName(r.method),
      low: r.cost.perRunUsd.low,
      high: r.cost.perRunUsd.high,
      text: usdRange(r.cost.perRunUsd),
    })),
  };
  // Brief: one alternative per method, and in the article's case its setups in one line; the rest with the details.
  const faster = rows.flatMap((r) =>
    (detailed ? r.alternatives : briefAlternatives(r, 1).filter((a) => a.kind !== 'article-setup')).map(
      (a) => `${methodShortName(r.method)}: ${alternativeLine(a)}`,
    ),
  );
  const articles = rows.flatMap((r) =>
    r.alternatives
      .filter((a) => a.kind === 'article-setup')
      .map(
        (a) => `${methodShortName(r.method)} ${a.hardware.count}× ${a.hardware.gpuName} ${usdRange(a.perRunUsd)}, ${hoursRange(a.hours)} h`,
      ),
  );
  if (!detailed && first.basis.articleScenario && articles.length) faster.push(`the article's setups, a run: ${articles.join(' · ')}`);
  if (faster.length) reply.sections.push({ title: 'Faster or cheaper', lines: faster });
  if (detailed) {
    for (const r of rows) reply.sections.push({ title: `${methodName(r.method)}: assumptions`, lines: assumptionLines(r) });
  }
  reply.warnings = [
    ...new Set(rows.flatMap((r) => warningsOf(r, 'chat', !detailed, !detailed).map((w) => `${methodName(r.method)}: ${w}`))),
  ];
  reply.actions = actions({ ...slots, method: null }, detailed ? ['pin'] : ['pin', 'details']);
  reply.footer = priceFooter(rows);
  reply.image = comparisonImage(c);
  return reply;
}

/** The order reasons are shown in: what ruled methods out first, then what decided between the rest. */
const REASON_ORDER: Reason['rule'][] = [
  'budget-below-all',
  'quality-over-budget',
  'budget',
  'budget-rules-out',
  'quality-need',
  'task-any-method',
  'owned-hardware',
  'no-multi-gpu',
  'beats-on-cost-and-quality',
  'cheaper-by',
  'cheapest-enough',
  'article-overruled',
  'first-project',
  'data-size',
  'article-agrees',
];

/** The path from the cheapest method to the best one, each step with its figures. */
function pathSteps(r: Recommendation): string[] {
  const byMethod = new Map(r.estimates.map((e) => [e.method, e]));
  const v = byMethod.get(r.verdict) as Estimate;
  const better = r.estimates
    .filter((e) => e.quality.vsFullPct.low > v.quality.vsFullPct.low)
    .sort((a, b) => a.quality.vsFullPct.low - b.quality.vsFullPct.low);
  const steps = [
    `${numRange(v.cost.runs)} ${methodName(v.method)} runs to find the hyperparameters: ${usdRange(v.cost.perRunUsd)} and ${hoursRange(v.time.hours)} h each on ${v.hardware.used.count}× ${v.hardware.used.gpuName}, ${usdRange(v.cost.projectUsd)} in all.`,
    'Evaluate against your quality bar on held-out data from the real task.',
  ];
  for (const e of better) {
    steps.push(
      `Only if quality falls short: ${methodInSentence(e.method)}, ${usdRange(e.cost.perRunUsd)} a run on ${e.hardware.used.count}× ${e.hardware.used.gpuName} (${pct(e.quality.vsFullPct)} of full fine-tuning's quality).`,
    );
  }
  return steps;
}

/**
 * "Should we use LoRA?", as a channel can read it: the verdict and the figures that decide it, the
 * reasons and one next step first (at most 15 lines in the terminal); the comparison, what would
 * change the answer, hidden costs and buy vs rent on request ("details").
 */
export function recommendReply(r: Recommendation, slots: Slots = emptySlots(), detailed = false): Reply {
  const verdict = methodName(r.verdict);
  const e = r.estimates.find((x) => x.method === r.verdict) as Estimate;
  const confidence =
    r.confidenceWords === 'clear' ? 'A clear answer' : r.confidenceWords === 'likely' ? 'The likely answer' : 'A close call';
  const reply = blankReply('recommend', `Recommendation: ${verdict}`, `${scenario(e)}. ${confidence} on these figures.`);
  reply.method = r.verdict;
  const others = r.estimates.filter((x) => x.method !== r.verdict);
  reply.figures = [e, ...others].map((x) => ({
    label: methodName(x.method),
    value:
      `${usdRange(x.cost.perRunUsd)} a run · ${usdRange(x.cost.projectUsd)} for ${numRange(x.cost.runs)} runs · ${pct(x.quality.vsFullPct)} quality` +
      (x.method === r.verdict ? ` · ${x.hardware.used.count}× ${x.hardware.used.gpuName}${x.hardware.owned ? ' (yours)' : ''}` : ''),
  }));
  // "The article says QLoRA; here LoRA is cheaper and better" carries the same figures as "LoRA beats QLoRA": said once.
  const overruled = r.reasons.find((x) => x.rule === 'article-overruled')?.versus;
  const ordered = r.reasons
    .filter((x) => !(x.rule === 'beats-on-cost-and-quality' && overruled && x.versus === overruled))
    .sort((a, b) => REASON_ORDER.indexOf(a.rule) - REASON_ORDER.indexOf(b.rule));
  reply.reasons = (detailed ? ordered : ordered.slice(0, 3)).map(reasonText);
  const asked = slots.method;
  if (asked && asked !== r.verdict && others.some((x) => x.method === asked)) {
    const when = r.changeIf.filter((c) => c.verdict === asked).map(changeIfText);
    if (when[0]) reply.reasons.push(`You asked about ${methodName(asked)}: ${when[0].charAt(0).toLowerCase()}${when[0].slice(1)}`);
  }
  const steps = pathSteps(r);
  if (detailed) {
    if (r.changeIf.length) reply.sections.push({ title: 'What would change the answer', lines: r.changeIf.map(changeIfText) });
    reply.sections.push({ title: 'Path', lines: steps.map((step, i) => `${i + 1}. ${step}`) });
    reply.sections.push({
      title: 'Hidden costs',
      lines: [
        ...r.hiddenCosts.engineering.map(
          (x) => `${methodName(x.method)}: ${numRange(x.days)} days of setup, ${usdRange(x.usd)} of engineering time`,
        ),
        `Expect 5–20 failed runs before the hyperparameters are right (the article): ${usdRange(r.hiddenCosts.failedExperiments.usd)} with ${methodInSentence(r.verdict)}${
          r.hiddenCosts.failedExperiments.fullUsd ? `, ${usdRange(r.hiddenCosts.failedExperiments.fullUsd)} with full fine-tuning` : ''
        }.`,
        'Cleaning and formatting the data often takes longer than the training (the article); it is not in these figures.',
      ],
    });
    reply.sections.push({ title: 'Buy or rent', lines: [buyVsRentText(r.buyVsRent)] });
    const assumed = assumedText(r);
    if (assumed) reply.sections.push({ title: 'Assumptions', lines: [assumed] });
  } else {
    reply.sections.push({ title: 'Next', lines: [steps[0] as string] });
  }
  reply.questions = r.questions.slice(0, detailed ? 2 : 1).map(questionText);
  reply.actions = actions({ ...slots, method: null }, detailed ? ['compare', 'pin'] : ['details', 'compare', 'pin']);
  reply.footer = priceFooter(r.estimates);
  return reply;
}

/** A closed model: fine-tuned through its vendor; the open models ftcost can size instead. */
/** The model as its vendor writes it ("GPT-4o"), or as typed when it was another of its names ("gpt-5" → "GPT-5"). */
const closedName = (m: ClosedModel, typed: string): string =>
  [m.id, m.name.toLowerCase()].includes(typed.toLowerCase()) ? m.name : typed.replace(/^gpt/i, 'GPT').replace(/^./, (c) => c.toUpperCase());

export function closedModelReply(m: ClosedModel, typed: string): Reply {
  const reply = blankReply(
    'explain',
    `${closedName(m, typed)} is a closed model`,
    `${m.vendor} offers ${m.fineTuning}, so there are no GPUs to plan or rent for it. ftcost sizes open models a team fine-tunes on its own or rented GPUs.`,
  );
  reply.sections = [{ title: 'Open models to size instead', lines: m.openAlternatives.map((id) => `/ftcost compare ${id} 10k 3`) }];
  reply.footer = `Source: ${m.source} (as of ${m.asOf})`;
  return reply;
}

/** "Is it cheaper to buy a GPU?", for the case at hand: renting the planned setup against buying it. */
/** The assumptions behind buying and renting: the buy-in's parts and the price, from the estimate's own lines. */
const buyAssumptions = (e: Estimate): string[] => assumptionLines(e).filter((line) => /^(Hardware buy-in|Price):/.test(line));

export function buyVsRentReply(r: Recommendation, slots: Slots, detailed = false): Reply {
  const e = r.estimates.find((x) => x.method === r.verdict) as Estimate;
  const b = r.buyVsRent;
  const reply = blankReply(
    'recommend',
    b.verdict === 'rent' ? 'Renting is cheaper here' : b.verdict === 'buy' ? 'Buying pays off here' : 'Buying is a close call here',
    scenario(e),
  );
  reply.figures = [
    { label: 'Setup', value: `${b.hardware.count}× ${b.hardware.gpuName} for ${methodInSentence(b.method)}` },
    { label: 'Rent', value: `${usdRange(b.perRunUsd)} a run; ${usdRange(b.rentPerMonthUsd)} a month at ${b.runsPerMonth} runs` },
    { label: 'Buy', value: usdRange(b.buyUsd) },
  ];
  reply.reasons = [buyVsRentText(b)];
  if (detailed) {
    reply.sections.push({
      title: 'Each method, rented or bought',
      lines: r.estimates.map(
        (x) =>
          `${methodName(x.method)} on ${x.hardware.used.count}× ${x.hardware.used.gpuName}: ${usdRange(x.cost.perRunUsd)} a run to rent; ${usdRange(x.cost.hardwareBuyUsd)} to buy (≈ ${usdRange(x.cost.amortizedMonthlyUsd)}/month over its life)`,
      ),
    });
    reply.sections.push({ title: 'Assumptions', lines: buyAssumptions(e) });
  }
  reply.actions = actions({ ...slots, method: null }, detailed ? ['compare'] : ['details', 'compare']);
  reply.footer = priceFooter([e]);
  return reply;
}

/** "How good is QLoRA compared to full fine-tuning?": each method's quality range with its sources, and its cost here. */
export function qualityReply(c: Comparison, slots: Slots, detailed = false): Reply {
  const first = c.rows[0] as Estimate;
  const reply = blankReply('explain', 'Quality compared with full fine-tuning', scenario(first));
  reply.figures = c.rows.map((r) => ({
    label: methodName(r.method),
    value: `${pct(r.quality.vsFullPct)} of full fine-tuning · ${usdRange(r.cost.perRunUsd)} a run`,
  }));
  reply.sections = [{ title: 'Sources', lines: [...new Set(c.rows.flatMap((r) => r.quality.sources))] }];
  if (detailed)
    reply.sections.push({
      title: 'Cost of each',
      lines: c.rows.map(
        (r) =>
          `${methodName(r.method)}: ${usdRange(r.cost.projectUsd)} for ${numRange(r.cost.runs)} runs on ${r.hardware.used.count}× ${r.hardware.used.gpuName}, ${numRange(r.cost.engineeringDays)} days to set up`,
      ),
    });
  reply.actions = actions({ ...slots, method: null }, detailed ? ['compare'] : ['details', 'compare']);
  reply.footer = priceFooter(c.rows);
  return reply;
}

/** "What's the cheapest way?": the cheapest setup per run across methods, each on the hardware that fits it. */
export function cheapestReply(c: Comparison, slots: Slots, detailed = false): Reply {
  const sorted = [...c.rows].sort(
    (a, b) => (a.cost.perRunUsd.low + a.cost.perRunUsd.high) / 2 - (b.cost.perRunUsd.low + b.cost.perRunUsd.high) / 2,
  );
  const best = sorted[0] as Estimate;
  const reply = blankReply(
    'compare',
    `Cheapest: ${methodName(best.method)} on ${best.hardware.used.count}× ${best.hardware.used.gpuName}`,
    scenario(best),
  );
  reply.figures = sorted.map((r) => ({
    label: methodName(r.method),
    value: `${usdRange(r.cost.perRunUsd)} a run · ${hoursRange(r.time.hours)} h on ${r.hardware.used.count}× ${r.hardware.used.gpuName} · ${pct(r.quality.vsFullPct)} quality`,
  }));
  // The cheapest method's cheaper setups, if any, and with the details every method's assumptions.
  const cheaper = best.alternatives.filter((a) => a.kind === 'cheaper');
  if (cheaper.length) reply.sections.push({ title: 'Cheaper still', lines: cheaper.map(alternativeLine) });
  if (detailed) for (const r of sorted) reply.sections.push({ title: `${methodName(r.method)}: assumptions`, lines: assumptionLines(r) });
  reply.actions = actions({ ...slots, method: null }, detailed ? ['compare', 'pin'] : ['details', 'compare', 'pin']);
  reply.footer = priceFooter(sorted);
  return reply;
}

export function explainReply(x: Explanation, slots: Slots): Reply {
  const reply = blankReply('explain', x.title, x.text);
  reply.footer = `Sources: ${x.sources.join('; ')}`;
  reply.actions = actions({ ...slots, method: null }, ['compare']);
  return reply;
}

export function pricesReply(table: PriceTable, gpu: string | null, provider: string | null): Reply {
  const providers = provider ? table.providers.filter((p) => p.id === provider) : table.providers;
  const gpus = gpu ? GPUS.filter((g) => g.id === gpu) : GPUS;
  const scope = [gpu ? gpuName(gpu) : 'GPU', provider ? `on ${providers[0]?.name ?? provider}` : 'on-demand'].join(' ');
  const reply = blankReply(
    'prices',
    `${scope} prices ($/GPU-hour)`,
    'List prices by provider, each with its as-of date; the default column is what estimates use without a provider.',
  );
  const shown = providers.slice(0, 6);
  reply.table = {
    columns: ['default', ...shown.map((p) => p.id)],
    rows: gpus.map((g) => ({
      label: g.name,
      cells: [
        table.defaults[g.id] ? usdRange(table.defaults[g.id] as { low: number; high: number }) : '—',
        ...shown.map((p) => (p.perGpuHour[g.id] !== undefined ? usd(p.perGpuHour[g.id] as number) : '—')),
      ],
    })),
  };
  if (providers.length > shown.length)
    reply.warnings.push(`${providers.length - shown.length} more providers: ask for one by name ("runpod prices").`);
  reply.footer = `As of: ${shown.map((p) => `${p.id} ${p.asOf}`).join(', ')}. Full table: ftcost prices.`;
  return reply;
}

export interface SettingsView {
  scope: string;
  provider?: string;
  hourlyRate?: number;
  prices?: Record<string, number>;
}

export function settingsReply(view: SettingsView, changed?: string): Reply {
  const reply = blankReply('settings', changed ? 'Settings updated' : 'Settings', changed ?? `Settings for ${view.scope}.`);
  reply.figures = [
    { label: 'Default provider', value: view.provider ?? 'none (default price ranges)' },
    { label: 'Engineering rate', value: view.hourlyRate !== undefined ? `${usd(view.hourlyRate)}/h` : '$150/h (the article)' },
    {
      label: 'Price overrides',
      value:
        view.prices && Object.keys(view.prices).length
          ? Object.entries(view.prices)
              .map(([g, p]) => `${gpuName(g)} ${usd(p)}/GPU-h`)
              .join(', ')
          : 'none',
    },
  ];
  reply.footer = 'Change with: "set default provider to runpod", "set engineering rate to $180", "set h100 price to $2.50". Admins only.';
  return reply;
}

export function helpReply(): Reply {
  const reply = blankReply(
    'help',
    'ftcost: what fine-tuning will cost',
    'Ask in plain words or with the slash command; every figure comes from a deterministic engine with its sources.',
  );
  reply.sections = [
    {
      title: 'Ask',
      lines: [
        '/ftcost qlora 70b 10k 3: memory, hardware, hours, cost, buy-in, quality',
        '/ftcost compare 8b 50k 2: full fine-tuning, LoRA and QLoRA side by side',
        '"should we use LoRA? we have 8k legal docs and $500": a recommendation with reasons',
        '"what is gradient checkpointing?": short explanations with sources',
        '"what about 8b?", "and with 100k examples?": follow-ups change only what they mention',
        '"runpod prices", "set default provider to lambda", "pin this comparison"',
      ],
    },
    {
      title: 'Models',
      lines: [
        `${MODELS.slice(0, 8)
          .map((m) => m.id)
          .join(', ')} … or a size such as 70b`,
      ],
    },
    { title: 'Topics', lines: [TOPICS.join(', ')] },
  ];
  reply.footer = METHODOLOGY;
  return reply;
}

export function errorReply(message: string): Reply {
  const reply = blankReply('error', 'That did not work', message);
  reply.ephemeral = true;
  reply.footer = 'Try "help" for examples.';
  return reply;
}

export function unknownReply(): Reply {
  const reply = blankReply(
    'unknown',
    "I didn't catch a fine-tuning question",
    'I answer questions about the cost, hardware and choice of fine-tuning methods.',
  );
  reply.sections = [{ title: 'For example', lines: ['/ftcost qlora 70b 10k 3', 'should we use LoRA?', 'compare 8b 50k 2', 'help'] }];
  reply.ephemeral = true;
  return reply;
}
