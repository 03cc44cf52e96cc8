import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { Logger } from '../log.js';
import { ADVANCE_EM } from './font-metrics.js';
import {
  compact,
  DEFAULT_PRICES,
  num,
  usd,
  usdRange,
  hasMethod,
  methodSpec,
  type Comparison,
  type Method,
  type PriceTable,
  type Range,
} from '../engine/index.js';
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
  /** False when the setup asked for (--gpu/--gpus) cannot hold the job. */
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
      fits: used.fits,
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
        `${m.label}: ${m.costText} per run, ${m.memoryText} of GPU memory, on ${m.hardware}${m.fits ? '' : ' (does not fit)'} (${m.detail}).`,
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

// ---------------------------------------------------------------------------------------------
// SVG

/** Okabe–Ito colours, distinguishable with every common colour-vision deficiency. */
/** Each method's colour, from the method table (Okabe–Ito for the built-in ones). */
export const methodColour = (method: Method): string => (hasMethod(method) ? methodSpec(method).colour : INK);
const INK = '#1b1b1b';
const MUTED = '#555555';
const FAINT = '#8a8a8a';
const WARN = '#D55E00';
const FONT = "'DejaVu Sans', sans-serif";

export const IMAGE_WIDTH = 1200;
export const IMAGE_HEIGHT = 675;

/** Characters XML 1.0 forbids, which no escaping can make legal: dropped. */
const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- these characters are what it matches
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for an SVG text node or attribute: &, <, >, quotes escaped; characters XML forbids dropped. */
export function escapeXml(text: string): string {
  return String(text)
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Advance width of `text` in the shipped DejaVu Sans at `size` px, from the fonts' own metrics
 * (font-metrics.ts), with 3% to spare for kerning and rounding; a character the fonts lack counts
 * as a wide one.
 */
export function textWidth(text: string, size: number, bold = false): number {
  const table = ADVANCE_EM[bold ? 'bold' : 'regular'];
  let em = 0;
  for (const ch of text) em += table[ch.codePointAt(0) as number] ?? 0.8;
  return em * size * 1.03;
}

/** `text`, cut with an ellipsis so that it fits `width` px. */
export function fitText(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, size, bold) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

interface TextOptions {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'end' | 'middle';
  /** Truncate to this width (px). */
  max?: number;
}

function text(x: number, y: number, content: string, o: TextOptions): string {
  const shown = o.max === undefined ? content : fitText(content, o.max, o.size, o.bold);
  const attrs = [
    `x="${round(x)}"`,
    `y="${round(y)}"`,
    `font-size="${o.size}"`,
    o.bold ? 'font-weight="bold"' : '',
    `fill="${o.fill ?? INK}"`,
    o.anchor && o.anchor !== 'start' ? `text-anchor="${o.anchor}"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${escapeXml(shown)}</text>`;
}

const round = (n: number): string => String(Math.round(n * 10) / 10);
const rect = (x: number, y: number, w: number, h: number, attrs: string): string =>
  `<rect x="${round(x)}" y="${round(y)}" width="${round(Math.max(0, w))}" height="${round(h)}" ${attrs}/>`;

/** Bar length for `value` on a linear scale to `max` over `width` px; a non-zero value stays visible. */
function barLength(value: number, max: number, width: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.max(4, (value / max) * width);
}

/** Type sizes (px at 1200×675): large enough to read in a chat preview a third of that width. */
const SIZE = { title: 36, line: 24, header: 26, method: 30, hardware: 24, detail: 20, figure: 28, legend: 20 };

/** Geometry of the picture, in SVG user units (the PNG is rendered at `scale` times this). */
const LAYOUT = {
  margin: 40,
  /** The method labels' column: as wide as its longest label, within these bounds. */
  labelMin: 250,
  labelMax: 400,
  panelGap: 48,
  headerY: 190,
  firstRowY: 212,
  rowHeight: 134,
  barHeight: 46,
  /** Space between a panel's axis and its figures. */
  figureGap: 12,
};

/** The whole picture as an SVG document (1200×675 user units). Every string is escaped. */
export function comparisonSvg(image: ComparisonImage): string {
  const W = IMAGE_WIDTH;
  const H = IMAGE_HEIGHT;
  const L = LAYOUT;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`,
    `<title>${escapeXml(image.title)}</title>`,
    `<desc>${escapeXml(image.alt)}</desc>`,
    rect(0, 0, W, H, 'fill="#ffffff"'),
  );
  const inner = W - 2 * L.margin;
  out.push(text(L.margin, 60, image.title, { size: SIZE.title, bold: true, max: inner }));
  out.push(text(L.margin, 100, image.scenario, { size: SIZE.line, fill: MUTED, max: inner }));
  out.push(text(L.margin, 134, image.prices, { size: SIZE.line, fill: MUTED, max: inner }));

  // The method labels, then two panels, cost per run and memory, each bar under its figure; the
  // bars share one linear scale per panel.
  const detail = (m: ComparisonImageMethod) => (m.fits ? m.detail : 'does not fit this setup');
  const labelWidth = Math.min(
    L.labelMax,
    Math.max(
      L.labelMin,
      ...image.methods.flatMap((m) => [
        textWidth(m.label, SIZE.method, true),
        textWidth(m.hardware, SIZE.hardware),
        textWidth(detail(m), SIZE.detail),
      ]),
    ) + 28,
  );
  const costX = L.margin + labelWidth;
  const panels = W - L.margin - costX - L.panelGap;
  const costWidth = Math.round(panels * 0.58);
  const memoryWidth = panels - costWidth;
  const memoryX = costX + costWidth + L.panelGap;
  const maxCost = Math.max(0, ...image.methods.map((m) => m.costUsd.high));
  const maxMemory = Math.max(0, ...image.methods.map((m) => m.memoryGB));

  out.push(text(costX, L.headerY, 'Cost per run (USD)', { size: SIZE.header, bold: true, max: costWidth }));
  out.push(text(memoryX, L.headerY, 'GPU memory (GB)', { size: SIZE.header, bold: true, max: memoryWidth }));

  const rowsBottom = L.firstRowY + image.methods.length * L.rowHeight - 26;
  for (const x of [costX, memoryX])
    out.push(`<line x1="${x}" y1="${L.firstRowY + 2}" x2="${x}" y2="${rowsBottom}" stroke="${FAINT}" stroke-width="2"/>`);

  image.methods.forEach((m, index) => {
    const top = L.firstRowY + index * L.rowHeight;
    const colour = methodColour(m.method);
    const labelMax = labelWidth - 20;
    out.push(text(L.margin, top + 36, m.label, { size: SIZE.method, bold: true, max: labelMax }));
    out.push(text(L.margin, top + 70, m.hardware, { size: SIZE.hardware, fill: m.fits ? INK : WARN, max: labelMax }));
    out.push(text(L.margin, top + 100, detail(m), { size: SIZE.detail, fill: m.fits ? MUTED : WARN, max: labelMax }));

    const barY = top + 48;
    const figureY = top + 36;
    // Cost: pale with an outline up to the high estimate, solid up to the low one.
    const high = barLength(m.costUsd.high, maxCost, costWidth);
    const low = Math.min(high, barLength(m.costUsd.low, maxCost, costWidth));
    out.push(text(costX + L.figureGap, figureY, m.costText, { size: SIZE.figure, bold: true, max: costWidth - L.figureGap }));
    out.push(rect(costX, barY, high, L.barHeight, `fill="${colour}" fill-opacity="0.28" stroke="${colour}" stroke-width="2"`));
    out.push(rect(costX, barY, low, L.barHeight, `fill="${colour}"`));
    // Memory: the whole job, across its GPUs.
    const memory = barLength(m.memoryGB, maxMemory, memoryWidth);
    out.push(text(memoryX + L.figureGap, figureY, m.memoryText, { size: SIZE.figure, bold: true, max: memoryWidth - L.figureGap }));
    out.push(rect(memoryX, barY, memory, L.barHeight, `fill="${colour}"`));
  });

  const legendY = H - 24;
  const swatch = (x: number, solid: boolean) =>
    rect(x, legendY - 16, 28, 20, solid ? `fill="${FAINT}"` : `fill="${FAINT}" fill-opacity="0.28" stroke="${FAINT}" stroke-width="2"`);
  const lowText = 'low estimate';
  const highX = L.margin + 38 + textWidth(lowText, SIZE.legend) + 28;
  out.push(swatch(L.margin, true));
  out.push(text(L.margin + 38, legendY, lowText, { size: SIZE.legend, fill: MUTED }));
  out.push(swatch(highX, false));
  out.push(text(highX + 38, legendY, 'up to the high estimate', { size: SIZE.legend, fill: MUTED }));
  out.push(text(W - L.margin, legendY, 'ftcost · docs/methodology.md', { size: SIZE.legend, fill: FAINT, anchor: 'end' }));
  out.push('</svg>');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// PNG

/**
 * The PNG's pixels per SVG unit. 1 gives 1200×675, larger than Slack's and Discord's previews and
 * drawn in about 50 ms; 2 is sharper on high-density screens but takes about four times as long.
 */
export const PNG_SCALE = 1;
/** DejaVu Sans cut to Latin and common symbols (assets/fonts/README.md): resvg reads the font file for every text run. */
const FONT_FILES = ['DejaVuSans-Latin.ttf', 'DejaVuSans-Bold-Latin.ttf'];

let fontFilesCache: string[] | undefined;

/**
 * The shipped fonts: assets/fonts from the package root, found by walking up from this module
 * (src/render in development, dist/src/render when compiled, dist/ when bundled).
 */
export function fontFiles(): string[] {
  if (fontFilesCache) return fontFilesCache;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up += 1) {
    const candidate = join(dir, 'assets', 'fonts');
    const files = FONT_FILES.map((f) => join(candidate, f));
    if (files.every((f) => existsSync(f))) {
      fontFilesCache = files;
      return files;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `the chart font is missing: assets/fonts/${FONT_FILES[0]} was not found above ${dirname(fileURLToPath(import.meta.url))}`,
  );
}

type ResvgModule = typeof import('@resvg/resvg-js');
let resvgModule: ResvgModule | undefined;

/** resvg is loaded on first use only: replies that never draw do not load the native module. */
function resvg(): ResvgModule {
  resvgModule ??= createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  return resvgModule;
}

/** resvg's options: the shipped fonts only (no system fonts), zoomed by `scale`. */
function renderOptions(scale: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    logLevel: 'off',
  };
}

/** Rasterizes an SVG (which paints its own background) with the shipped fonts. */
export function svgToPng(svg: string, scale = PNG_SCALE): Buffer {
  const { Resvg } = resvg();
  return new Resvg(svg, renderOptions(scale)).render().asPng();
}

/** The comparison as a PNG (1200×675 at the default scale). */
export function comparisonPng(image: ComparisonImage, scale = PNG_SCALE): Buffer {
  return svgToPng(comparisonSvg(image), scale);
}

/**
 * The same PNG, with the layout and rasterizing done on libuv's thread pool: for a bot, whose
 * event loop should not stop for the ~50 ms a picture takes (the PNG encoding, ~15 ms, stays on it).
 */
export async function comparisonPngAsync(image: ComparisonImage, scale = PNG_SCALE): Promise<Buffer> {
  const rendered = await resvg().renderAsync(comparisonSvg(image), renderOptions(scale));
  return rendered.asPng();
}

/** How many rendered pictures `cachedComparisonPng` keeps (about 90 KB each). */
export const PNG_CACHE_SIZE = 32;
const pngCache = new Map<string, Promise<Buffer>>();

/**
 * `comparisonPngAsync`, remembering the last PNG_CACHE_SIZE pictures by their content (least
 * recently used dropped first): a channel's pin, its refreshes and the same question asked twice draw
 * once, and concurrent requests for one picture share one rendering. A failed rendering is not kept.
 * Callers must not modify the returned buffer.
 */
export function cachedComparisonPng(image: ComparisonImage, scale = PNG_SCALE): Promise<Buffer> {
  const key = `${scale}:${JSON.stringify(image)}`;
  const hit = pngCache.get(key);
  if (hit) {
    pngCache.delete(key);
    pngCache.set(key, hit);
    return hit;
  }
  const rendered = comparisonPngAsync(image, scale);
  pngCache.set(key, rendered);
  if (pngCache.size > PNG_CACHE_SIZE) pngCache.delete(pngCache.keys().next().value as string);
  rendered.catch(() => {
    if (pngCache.get(key) === rendered) pngCache.delete(key);
  });
  return rendered;
}

/** Who draws a chart for an adapter: a logger, and the PNG renderer (default `cachedComparisonPng`). */
export interface ChartDrawer {
  logger: Pick<Logger, 'error'>;
  png?(image: ComparisonImage): Promise<Buffer>;
}

/** The PNG for a reply's chart, or undefined (logged) when it cannot be drawn: a chart never costs an answer. */
export async function drawChart(deps: ChartDrawer, image: ComparisonImage): Promise<Buffer | undefined> {
  try {
    return await (deps.png ?? cachedComparisonPng)(image);
  } catch (error) {
    deps.logger.error('chart rendering failed', { error: (error as Error).message });
    return undefined;
  }
}
