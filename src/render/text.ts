import {
  compact,
  GPUS,
  hoursRange,
  MODELS,
  num,
  numRange,
  usd,
  usdRange,
  type Comparison,
  type Estimate,
  type Explanation,
  type Recommendation,
  type PriceTable,
  type Range,
} from '../engine/index.js';
import { recommendReply } from '../reply/build.js';
import { renderReplyText } from './chat-text.js';
import {
  alternativeLabel,
  assumptionLines,
  methodName,
  methodShortName,
  SHORT_STRATEGY_LABEL,
  STRATEGY_LABEL,
  warningsOf,
} from '../reply/words.js';

const gpuName = (id: string): string => GPUS.find((g) => g.id === id)?.name ?? id;
const setup = (h: { gpu: string; count: number; strategy: keyof typeof STRATEGY_LABEL }): string =>
  `${h.count}× ${gpuName(h.gpu)} (${STRATEGY_LABEL[h.strategy]})`;
const pct = (r: Range): string => (r.low === r.high ? `${r.low}%` : `${r.low}–${r.high}%`);

/** Greedy word wrap with a hanging indent. */
function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width - indent.length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join('\n');
}

function scenario(e: Estimate): string {
  const i = e.inputs;
  return `${e.model.name} (${num(e.model.paramsB)}B params) · ${num(i.examples)} examples × ${num(i.epochs)} epochs · ${compact(i.trainingTokens)} training tokens`;
}

export function renderEstimate(e: Estimate, width = 100): string {
  const row = (label: string, value: string) => `  ${label.padEnd(15)}${wrap(value, width - 17, ' '.repeat(17))}`;
  const b = e.memory.breakdown;
  const breakdown = [
    `weights ${num(b.weights)}`,
    b.adapters ? `adapters ${num(b.adapters)}` : '',
    `gradients ${num(b.gradients)}`,
    `optimizer ${num(b.optimizer)}`,
    `activations ${num(b.activations)}`,
    `overhead ${num(b.overhead)}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const used = e.hardware.used;
  const c = e.cost;
  const lines = [
    `${methodName(e.method)} · ${scenario(e)}`,
    '',
    row(
      'GPU memory',
      `${num(e.memory.totalGB)} GB in all · ${num(e.memory.perGpuGB)} GB per GPU on ${used.count}× ${used.gpuName}${e.memory.cpuRamGB ? ` · ${num(e.memory.cpuRamGB)} GB CPU RAM` : ''}`,
    ),
    row('', `(GB) ${breakdown}`),
    row('Setup', `${setup(used)}${e.hardware.owned ? ', yours: costed by its power' : ''}`),
    ...(e.hardware.requested ? [row('You asked for', `${setup(e.hardware.requested)}: does not fit`)] : []),
    row('Minimum', setup(e.hardware.minimum)),
    row('Time per run', `${hoursRange(e.time.hours)} h`),
    row(
      'Cost per run',
      `${usdRange(c.perRunUsd)} at ${usdRange(c.pricePerGpuHour)}/GPU-hour${e.hardware.owned ? ' of electricity' : ''} (${c.pricePerGpuHour.source}, as of ${c.pricePerGpuHour.asOf})`,
    ),
    row('Project', `${usdRange(c.projectUsd)} for ${numRange(c.runs)} runs`),
    row('Buy instead', `${usdRange(c.hardwareBuyUsd)} (≈ ${usdRange(c.amortizedMonthlyUsd)}/month over 36 months)`),
    row('Engineering', `${usdRange(c.engineeringUsd)} setup (${numRange(c.engineeringDays)} days), not in the project cost`),
    row('Quality', `${pct(e.quality.vsFullPct)} of full fine-tuning`),
  ];
  if (c.managed.length) lines.push(row('Managed', c.managed.map((m) => `${m.name} ${usdRange(m.usd)} (as of ${m.asOf})`).join(' · ')));
  if (e.alternatives.length) {
    lines.push('', 'Alternatives');
    for (const a of e.alternatives)
      lines.push(`  · ${wrap(`${alternativeLabel(a)}: ${hoursRange(a.hours)} h, ${usdRange(a.perRunUsd)} per run`, width - 4, '    ')}`);
  }
  const warnings = warningsOf(e, 'cli');
  if (warnings.length) {
    lines.push('', 'Warnings');
    for (const w of warnings) lines.push(`  ! ${wrap(w, width - 4, '    ')}`);
  }
  lines.push('', 'Assumptions');
  for (const a of assumptionLines(e)) lines.push(`  - ${wrap(a, width - 4, '    ')}`);
  return lines.join('\n');
}

/** A low–high bar against `max`: solid up to the low figure, shaded across the span to the high one. */
export function rangeBar(r: Range, max: number, width: number): string {
  if (!(max > 0) || !(r.high > 0)) return '';
  const solid = Math.max(1, Math.round((r.low / max) * width));
  const span = Math.max(0, Math.round((r.high / max) * width) - solid);
  return '█'.repeat(solid) + '░'.repeat(span);
}

export function renderComparison(cmp: Comparison, width = 100): string {
  const rows = cmp.rows;
  const first = rows[0];
  if (!first) return '';
  const table: Array<[string, string[]]> = [];
  const line = (label: string, cells: string[]): [string, string[]] => {
    table.push([label, cells]);
    return [label, cells];
  };
  const hw = (h: { gpu: string; count: number }) => `${h.count}× ${gpuName(h.gpu)}`;
  line(
    '',
    rows.map((r) => methodName(r.method)),
  );
  line(
    'GPU memory',
    rows.map((r) => `${num(r.memory.totalGB)} GB`),
  );
  line(
    'Setup',
    rows.map((r) => `${hw(r.hardware.used)}${r.hardware.owned ? ' (yours)' : ''}`),
  );
  line(
    '  strategy',
    rows.map((r) => SHORT_STRATEGY_LABEL[r.hardware.used.strategy]),
  );
  line(
    'Minimum hardware',
    rows.map((r) => hw(r.hardware.minimum)),
  );
  line(
    'Hours per run',
    rows.map((r) => hoursRange(r.time.hours)),
  );
  line(
    'Cost per run',
    rows.map((r) => usdRange(r.cost.perRunUsd)),
  );
  line(
    'Project cost',
    rows.map((r) => `${usdRange(r.cost.projectUsd)} (${numRange(r.cost.runs)} runs)`),
  );
  line(
    'Hardware buy-in',
    rows.map((r) => usdRange(r.cost.hardwareBuyUsd)),
  );
  line(
    'Engineering',
    rows.map((r) => usdRange(r.cost.engineeringUsd)),
  );
  line(
    'Quality vs full',
    rows.map((r) => pct(r.quality.vsFullPct)),
  );
  const widths = rows.map((_, i) => Math.max(...table.map(([, cells]) => (cells[i] ?? '').length)) + 2);
  const out = [
    scenario(first),
    '',
    ...table.map(([label, cells]) => (label.padEnd(18) + cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('')).trimEnd()),
    '',
    'Cost per run (low–high)',
  ];
  const max = Math.max(...rows.map((r) => r.cost.perRunUsd.high));
  const barWidth = Math.max(10, width - 40);
  for (const r of rows) {
    const label = methodShortName(r.method).padEnd(8);
    out.push(`  ${label}${rangeBar(r.cost.perRunUsd, max, barWidth)} ${usdRange(r.cost.perRunUsd)}`);
  }
  const alternatives = rows.flatMap((r) =>
    r.alternatives.map(
      (a) => `${methodName(r.method)}: ${alternativeLabel(a)}: ${hoursRange(a.hours)} h, ${usdRange(a.perRunUsd)} per run`,
    ),
  );
  if (alternatives.length) {
    out.push('', 'Faster or cheaper setups');
    for (const a of alternatives) out.push(`  · ${wrap(a, width - 4, '    ')}`);
  }
  const prices = rows.map(
    (r) => `${gpuName(r.hardware.used.gpu)} ${usdRange(r.cost.pricePerGpuHour)}/GPU-h (as of ${r.cost.pricePerGpuHour.asOf})`,
  );
  out.push('', `Prices: ${wrap([...new Set(prices)].join('; '), width - 8, '        ')}`);
  const warnings = [...new Set(rows.flatMap((r) => warningsOf(r, 'cli').map((w) => `${methodName(r.method)}: ${w}`)))];
  if (warnings.length) {
    out.push('', 'Warnings');
    for (const w of warnings) out.push(`  ! ${wrap(w, width - 4, '    ')}`);
  }
  out.push('', `Details and assumptions: ftcost estimate <method> ${first.model.id} ${first.inputs.examples} ${first.inputs.epochs}`);
  return out.join('\n');
}

export function renderModels(): string {
  const lines = ['id'.padEnd(16) + 'name'.padEnd(22) + 'params'.padEnd(16) + 'context'.padEnd(10) + 'source'];
  for (const m of MODELS) {
    const params = m.publishedActiveParamsB ? `${m.publishedParamsB}B (${m.publishedActiveParamsB}B act.)` : `${m.publishedParamsB}B`;
    lines.push(m.id.padEnd(16) + m.name.padEnd(22) + params.padEnd(16) + num(m.maxContext).padEnd(10) + `${m.source} (${m.asOf})`);
  }
  lines.push('', 'A bare size such as 70b picks the catalog model of that size; other sizes get a synthesized Llama-like shape.');
  return lines.join('\n');
}

export function renderGpus(): string {
  const lines = [
    'id'.padEnd(16) +
      'name'.padEnd(20) +
      'memory'.padEnd(10) +
      'BF16 TF/s'.padEnd(11) +
      'GB/s'.padEnd(7) +
      'buy (USD)'.padEnd(16) +
      'as of',
  ];
  for (const g of GPUS) {
    lines.push(
      g.id.padEnd(16) +
        g.name.padEnd(20) +
        `${num(g.memoryBytes / 2 ** 30)} GiB`.padEnd(10) +
        num(g.bf16Tflops).padEnd(11) +
        num(g.bandwidthGBs).padEnd(7) +
        usdRange(g.purchaseUsd).padEnd(16) +
        g.asOf,
    );
  }
  lines.push('', 'Dense BF16 tensor throughput (never the sparse figure); memory as sold, in GiB.');
  return lines.join('\n');
}

export function renderPrices(table: PriceTable): string {
  const gpuIds = GPUS.map((g) => g.id);
  const providers = table.providers;
  const head = 'gpu'.padEnd(16) + 'default'.padEnd(14) + providers.map((p) => p.id.padEnd(11)).join('');
  const lines = [head];
  for (const id of gpuIds) {
    const preset = table.defaults[id];
    const cells = providers.map((p) => (p.perGpuHour[id] !== undefined ? usd(p.perGpuHour[id] as number) : '—').padEnd(11));
    lines.push(id.padEnd(16) + (preset ? usdRange(preset) : '—').padEnd(14) + cells.join(''));
  }
  lines.push('', 'On-demand $/GPU-hour. As of:');
  for (const p of providers) lines.push(`  ${p.id.padEnd(14)}${p.asOf}  ${p.name}, ${p.url}${p.note ? ` (${p.note})` : ''}`);
  lines.push('', 'Defaults (used without --provider):');
  for (const [id, d] of Object.entries(table.defaults))
    lines.push(`  ${id.padEnd(16)}${usdRange(d).padEnd(13)}${d.source} (as of ${d.asOf})`);
  return lines.join('\n');
}

/** `ftcost recommend`: the chat's answer with its details (the comparison's figures, what would change it, hidden costs, buy vs rent). */
export function renderRecommendation(r: Recommendation, width = 100): string {
  return renderReplyText(recommendReply(r, undefined, true), { color: false, width });
}

export function renderExplanation(x: Explanation, width = 100): string {
  return [x.title, '', wrap(x.text, width, ''), '', `Sources: ${wrap(x.sources.join('; '), width - 9, '         ')}`].join('\n');
}
