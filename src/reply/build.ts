import {
  GPUS,
  hoursRange,
  MODELS,
  num,
  numRange,
  TOPICS,
  usd,
  usdRange,
  type Comparison,
  type Estimate,
  type Explanation,
  type PriceTable,
  type Recommendation,
} from '../engine/index.js';
import type { Slots } from '../intent/schema.js';
import { comparisonImage } from './chart.js';
import { alternativeLabel, assumptionLines, methodName, methodShortName, STRATEGY_LABEL, warningsOf } from './words.js';
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

const priceFooter = (rows: Estimate[]): string => {
  const prices = [
    ...new Set(
      rows.map(
        (r) =>
          `${gpuName(r.hardware.used.gpu)} ${usdRange(r.cost.pricePerGpuHour)}/GPU-h (${r.cost.pricePerGpuHour.source}, as of ${r.cost.pricePerGpuHour.asOf})`,
      ),
    ),
  ];
  return `Prices: ${prices.join('; ')}. ${METHODOLOGY}`;
};

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
  if (e.alternatives.length) {
    reply.sections.push({
      title: 'Faster or cheaper',
      lines: e.alternatives.map((a) => `${alternativeLabel(a)}: ${hoursRange(a.hours)} h, ${usdRange(a.perRunUsd)} per run`),
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
  reply.warnings = warningsOf(e, 'chat');
  reply.actions = actions(slots, detailed ? ['compare', 'pin'] : ['compare', 'pin', 'details']);
  reply.footer = priceFooter([e]);
  return reply;
}

export function compareReply(c: Comparison, slots: Slots, detailed: boolean): Reply {
  const rows = c.rows;
  const first = rows[0] as Estimate;
  const reply = blankReply('compare', `Full vs LoRA vs QLoRA · ${first.model.name}`, scenario(first));
  const cells = (f: (e: Estimate) => string) => rows.map(f);
  reply.table = {
    columns: rows.map((r) => methodName(r.method)),
    rows: [
      { label: 'GPU memory', cells: cells((r) => `${num(r.memory.totalGB)} GB`) },
      { label: 'Hardware', cells: cells((r) => `${r.hardware.used.count}× ${r.hardware.used.gpuName}`) },
      { label: 'Hours per run', cells: cells((r) => hoursRange(r.time.hours)) },
      { label: 'Cost per run', cells: cells((r) => usdRange(r.cost.perRunUsd)) },
      { label: 'Project', cells: cells((r) => `${usdRange(r.cost.projectUsd)} (${numRange(r.cost.runs)} runs)`) },
      { label: 'Buy-in', cells: cells((r) => usdRange(r.cost.hardwareBuyUsd)) },
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
  const faster = rows.flatMap((r) =>
    r.alternatives.map(
      (a) => `${methodName(r.method)}: ${alternativeLabel(a)}: ${hoursRange(a.hours)} h, ${usdRange(a.perRunUsd)} per run`,
    ),
  );
  if (faster.length) reply.sections.push({ title: 'Faster or cheaper', lines: faster });
  if (detailed) {
    for (const r of rows) reply.sections.push({ title: `${methodName(r.method)}: assumptions`, lines: assumptionLines(r) });
  }
  reply.warnings = [...new Set(rows.flatMap((r) => warningsOf(r, 'chat').map((w) => `${methodName(r.method)}: ${w}`)))];
  reply.actions = actions({ ...slots, method: null }, detailed ? ['pin'] : ['pin', 'details']);
  reply.footer = priceFooter(rows);
  reply.image = comparisonImage(c);
  return reply;
}

export function recommendReply(r: Recommendation, slots: Slots): Reply {
  const verdict = methodName(r.verdict);
  const e = r.estimates.find((x) => x.method === r.verdict) as Estimate;
  const reply = blankReply('recommend', `Recommendation: ${verdict}`, `Confidence ${Math.round(r.confidence * 100)}% · ${scenario(e)}`);
  reply.method = r.verdict;
  reply.reasons = r.reasons.map((x) => `${x.fact}: ${x.text}`);
  reply.figures = r.estimates.map((x) => ({
    label: methodName(x.method),
    value: `${usdRange(x.cost.perRunUsd)} per run · ${usdRange(x.cost.projectUsd)} per project`,
  }));
  const asked = slots.method;
  if (asked && asked !== r.verdict) {
    const a = r.estimates.find((x) => x.method === asked) as Estimate;
    const when = r.changeIf.filter((c) =>
      c.endsWith(`the answer would be ${methodName(asked).toLowerCase() === 'full fine-tuning' ? 'full fine-tuning' : methodName(asked)}.`),
    );
    reply.sections.push({
      title: `About ${methodName(asked)}, since you asked`,
      lines: [
        `${methodName(asked)} here: ${usdRange(a.cost.perRunUsd)} a run on ${a.hardware.used.count}× ${a.hardware.used.gpuName}, ${usdRange(a.cost.projectUsd)} a project, ${pct(a.quality.vsFullPct)} of full fine-tuning's quality.`,
        ...(when.length
          ? when
          : [`It becomes the better choice when quality differences of 2–5% matter or the task needs precise reasoning (see below).`]),
      ],
    });
  }
  if (r.changeIf.length) reply.sections.push({ title: 'What would change the answer', lines: r.changeIf });
  reply.sections.push({ title: 'Upgrade path', lines: r.upgradePath.map((step, i) => `${i + 1}. ${step}`) });
  reply.sections.push({
    title: 'Hidden costs',
    lines: [...r.hiddenCosts.engineering.map((x) => x.text), r.hiddenCosts.failedExperiments.text, r.hiddenCosts.dataPreparation],
  });
  reply.sections.push({ title: 'Buy or rent', lines: [r.buyVsRent.text] });
  reply.sections.push({ title: 'Assumptions', lines: r.assumptions });
  reply.questions = r.questions;
  reply.actions = actions({ ...slots, method: null }, ['compare', 'pin']);
  reply.footer = priceFooter(r.estimates);
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
