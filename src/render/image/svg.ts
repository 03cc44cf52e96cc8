import { hasMethod, methodSpec, type Method } from '../../engine/index.js';
import type { ComparisonImage, ComparisonImageMethod } from '../../reply/chart.js';
import { ADVANCE_EM } from '../font-metrics.js';

/**
 * The comparison chart's layout as SVG: cost per run (a low–high bar) and GPU memory by method, each
 * bar labelled with its hardware and figure. Every string is escaped; the text is measured with the
 * shipped font's own metrics.
 */

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
  const detail = (m: ComparisonImageMethod) => (m.fits ? m.detail : `your setup does not fit: shown on this · ${m.detail}`);
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

  // Three methods fill the rows at full size; more (a method added to the table) share the same height.
  const rowsRoom = H - 54 - L.firstRowY;
  const rowHeight = Math.min(L.rowHeight, rowsRoom / Math.max(1, image.methods.length));
  const k = rowHeight / L.rowHeight;
  const size = (n: number) => Math.round(n * Math.max(0.6, k));
  const rowsBottom = L.firstRowY + image.methods.length * rowHeight - 26 * k;
  for (const x of [costX, memoryX])
    out.push(`<line x1="${x}" y1="${L.firstRowY + 2}" x2="${x}" y2="${rowsBottom}" stroke="${FAINT}" stroke-width="2"/>`);

  image.methods.forEach((m, index) => {
    const top = L.firstRowY + index * rowHeight;
    const colour = methodColour(m.method);
    const labelMax = labelWidth - 20;
    out.push(text(L.margin, top + 36 * k, m.label, { size: size(SIZE.method), bold: true, max: labelMax }));
    out.push(text(L.margin, top + 70 * k, m.hardware, { size: size(SIZE.hardware), fill: m.fits ? INK : WARN, max: labelMax }));
    out.push(text(L.margin, top + 100 * k, detail(m), { size: size(SIZE.detail), fill: m.fits ? MUTED : WARN, max: labelMax }));

    const barY = top + 48 * k;
    const figureY = top + 36 * k;
    const barHeight = L.barHeight * k;
    // Cost: pale with an outline up to the high estimate, solid up to the low one.
    const high = barLength(m.costUsd.high, maxCost, costWidth);
    const low = Math.min(high, barLength(m.costUsd.low, maxCost, costWidth));
    out.push(text(costX + L.figureGap, figureY, m.costText, { size: size(SIZE.figure), bold: true, max: costWidth - L.figureGap }));
    out.push(rect(costX, barY, high, barHeight, `fill="${colour}" fill-opacity="0.28" stroke="${colour}" stroke-width="2"`));
    out.push(rect(costX, barY, low, barHeight, `fill="${colour}"`));
    // Memory: the whole job, across its GPUs.
    const memory = barLength(m.memoryGB, maxMemory, memoryWidth);
    out.push(text(memoryX + L.figureGap, figureY, m.memoryText, { size: size(SIZE.figure), bold: true, max: memoryWidth - L.figureGap }));
    out.push(rect(memoryX, barY, memory, barHeight, `fill="${colour}"`));
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
