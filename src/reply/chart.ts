import { compact, DEFAULT_PRICES, num, usd, usdRange, type Comparison, type Method, type PriceTable, type Range } from '../engine/index.js';
import { methodName, SHORT_STRATEGY_LABEL } from './words.js';

/**
 * The comparison of full fine-tuning, LoRA and QLoRA as a picture: cost per run (a low–high bar)
 * and GPU memory by method, each bar labelled with its hardware and figure, the scenario and the
 * prices' provider and as-of date in the title and caption.
 *
 * `comparisonImage` (pure) turns the engine's compare result into a platform-neutral description,
 * which a Reply carries; `comparisonSvg` draws it; `comparisonPng` rasterizes the SVG with resvg and
 * the DejaVu Sans font shipped in assets/fonts (no system fonts, no browser, no network).
 */

export interface ComparisonImageMethod {
  method: Method;
  /** "Full fine-tuning", "LoRA", "QLoRA". */
  label: string;
  /** The setup time and cost are computed on: "8× H100 SXM 80GB". */
  hardware: string;
  /** How the job fits that hardware, and its price: "ZeRO-3 + CPU offload · $3.00/GPU-h". */
  detail: string;
  /** False when the setup asked for could not hold the job: the figures are for the nearest one that can. */
  fits: boolean;
  costUsd: Range;
  /** "$216–$432" */
  costText: string;
  /** The whole job's memory across GPUs (GB = 10^9 bytes). */
  memoryGB: number;
  /** "1,132 GB" */
  memoryText: string;
}

export interface ComparisonImage {
  /** "Llama 3.1 70B · full fine-tuning vs LoRA vs QLoRA" */
  title: string;
  /** "10,000 examples × 3 epochs (512 tokens each) · 15.4M training tokens" */
  scenario: string;
  /** "Prices: RunPod (Community Cloud) list prices, as of 2026-11-09" */
  prices: string;
  /** The provider's name, or null for ftcost's default price ranges. */
  provider: string | null;
  /** The prices' as-of date, or the span of dates ("2025-12 to 2026-01-01"). */
  pricesAsOf: string;
  methods: ComparisonImageMethod[];
  /** A text alternative for screen readers (Slack alt_text, Discord attachment description), ≤ 1,000 characters. */
  alt: string;
  /** A file name for the upload: "ftcost-compare-llama-3.1-70b.png". */
  fileName: string;
}

/** Slack's alt text takes 1,000 characters, Discord's attachment description 1,024. */
const ALT_MAX = 1000;

const perGpuHour = (r: Range): string => `${r.low === r.high ? usdCents(r.low) : `${usdCents(r.low)}–${usdCents(r.high)}`}/GPU-h`;
/** Hourly prices keep their cents ($3.00/GPU-h), unlike per-run costs. */
const usdCents = (n: number): string => (n >= 10 ? usd(n) : `$${n.toFixed(2)}`);

function dateSpan(dates: string[]): string {
  const sorted = [...new Set(dates)].sort();
  if (sorted.length === 0) return 'unknown';
  return sorted.length === 1 ? (sorted[0] as string) : `${sorted[0]} to ${sorted[sorted.length - 1]}`;
}

/**
 * The picture's content, from the engine's compare result: no I/O, no randomness. `prices` names
 * the provider (the default table when omitted; an unknown id is shown as given).
 */
export function comparisonImage(comparison: Comparison, prices: PriceTable = DEFAULT_PRICES): ComparisonImage {
  const rows = comparison.rows;
  const first = rows[0];
  if (!first) throw new Error('comparisonImage: the comparison has no rows');
  const i = first.inputs;
  const providerId = i.provider;
  const provider = providerId ? (prices.providers.find((p) => p.id === providerId)?.name ?? providerId) : null;
  const pricesAsOf = dateSpan(rows.map((r) => r.cost.pricePerGpuHour.asOf));
  const methods = rows.map((r): ComparisonImageMethod => {
    const used = r.hardware.used;
    return {
      method: r.method,
      label: methodName(r.method),
      hardware: `${used.count}× ${used.gpuName}`,
      detail: `${SHORT_STRATEGY_LABEL[used.strategy]} · ${perGpuHour(r.cost.pricePerGpuHour)}`,
      fits: r.hardware.requested === null,
      costUsd: { low: r.cost.perRunUsd.low, high: r.cost.perRunUsd.high },
      costText: usdRange(r.cost.perRunUsd),
      memoryGB: r.memory.totalGB,
      memoryText: `${num(r.memory.totalGB)} GB`,
    };
  });
  const title = `${first.model.name} · ${methods.map((m, n) => (n === 0 ? m.label.toLowerCase() : m.label)).join(' vs ')}`;
  const scenario = `${num(i.examples)} examples × ${num(i.epochs)} ${i.epochs === 1 ? 'epoch' : 'epochs'} (${num(i.tokensPerExample)} tokens each) · ${compact(i.trainingTokens)} training tokens`;
  const priceLine = `Prices: ${provider ? `${provider} list prices` : 'default rates (no provider chosen)'}, as of ${pricesAsOf}`;
  const altText = [
    `Chart of cost per run and GPU memory for fine-tuning ${first.model.name} on ${scenario}.`,
    ...methods.map(
      (m) =>
        `${m.label}: ${m.costText} per run, ${m.memoryText} of GPU memory, on ${m.hardware}${m.fits ? '' : ' (the setup asked for does not fit; the nearest that does)'} (${m.detail}).`,
    ),
    `${priceLine}.`,
  ].join(' ');
  const alt = altText.length <= ALT_MAX ? altText : `${altText.slice(0, ALT_MAX - 1)}…`;
  const slug =
    first.model.id
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'model';
  return { title, scenario, prices: priceLine, provider, pricesAsOf, methods, alt, fileName: `ftcost-compare-${slug}.png` };
}
