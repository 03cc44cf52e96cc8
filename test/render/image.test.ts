import { beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { createBot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { DEFAULT_PRICES, num, usdRange, type Comparison, type PriceTable } from '../../src/engine/index.js';
import { createIntentParser } from '../../src/intent/parse.js';
import {
  comparisonImage,
  comparisonPng,
  comparisonPngAsync,
  comparisonSvg,
  escapeXml,
  fitText,
  fontFiles,
  IMAGE_HEIGHT,
  IMAGE_WIDTH,
  methodColour,
  svgToPng,
  textWidth,
  type ComparisonImage,
} from '../../src/render/image.js';
import { createStore } from '../../src/store/index.js';
import { cmp } from '../support/engine.js';
import { colourStats, countColour, decodePng, pixelAt, type DecodedPng } from '../support/png.js';
import { SHORT_STRATEGY_LABEL } from '../../src/reply/words.js';

/** Hourly prices keep their cents, as the chart writes them. */
const perGpuHourText = (r: { low: number; high: number }) => {
  const c = (n: number) => (n >= 10 ? usdRange({ low: n, high: n }) : `$${n.toFixed(2)}`);
  return r.low === r.high ? c(r.low) : `${c(r.low)}–${c(r.high)}`;
};

const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');

/** The article's scenario: Llama 3.1 70B, 10,000 examples, 3 epochs. */
const ARTICLE = { model: '70b', examples: 10_000, epochs: 3 };

let comparison: Comparison;
let image: ComparisonImage;
let svg: string;
let png: Buffer;
let decoded: DecodedPng;
beforeAll(() => {
  comparison = cmp(ARTICLE);
  image = comparisonImage(comparison);
  svg = comparisonSvg(image);
  png = comparisonPng(image);
  decoded = decodePng(png);
});

/** The width attribute of each rect filled with `colour` (solid or pale), in document order. */
function rectWidths(colour: string, pale: boolean): number[] {
  const widths: number[] = [];
  for (const m of svg.matchAll(/<rect [^>]*\/>/g)) {
    const tag = m[0];
    if (!tag.includes(`fill="${colour}"`) || tag.includes('fill-opacity') !== pale) continue;
    widths.push(Number(/width="([\d.]+)"/.exec(tag)?.[1]));
  }
  return widths;
}

describe('comparisonImage: what the picture says', () => {
  it("carries the engine's figures, formatted as in the text replies, and the scenario", () => {
    expect(image.methods.map((m) => m.method)).toEqual(['full', 'lora', 'qlora']);
    expect(image.methods.map((m) => m.label)).toEqual(['Full fine-tuning', 'LoRA', 'QLoRA']);
    expect(image.methods.map((m) => m.hardware)).toEqual(
      comparison.rows.map((r) => `${r.hardware.used.count}× ${r.hardware.used.gpuName}`),
    );
    expect(image.methods.map((m) => m.memoryText)).toEqual(['1,132 GB', '163 GB', '50.4 GB']);
    comparison.rows.forEach((r, i) => {
      const m = image.methods[i]!;
      expect(m.costUsd).toEqual({ low: r.cost.perRunUsd.low, high: r.cost.perRunUsd.high });
      expect(m.costText).toBe(usdRange(r.cost.perRunUsd));
      expect(m.memoryGB).toBe(r.memory.totalGB);
      expect(m.memoryText).toBe(`${num(r.memory.totalGB)} GB`);
      expect(m.fits).toBe(true);
    });
    const full = comparison.rows[0]!;
    expect(image.methods[0]!.detail).toBe(
      `${SHORT_STRATEGY_LABEL[full.hardware.used.strategy]} · ${perGpuHourText(full.cost.pricePerGpuHour)}/GPU-h`,
    );
    expect(image.title).toBe('Llama 3.1 70B · full fine-tuning vs LoRA vs QLoRA');
    expect(image.scenario).toBe('10,000 examples × 3 epochs (512 tokens each) · 15.4M training tokens');
    expect(image.provider).toBeNull();
    const dates = [...new Set(comparison.rows.map((r) => r.cost.pricePerGpuHour.asOf))].sort();
    const span = dates.length === 1 ? dates[0] : `${dates[0]} to ${dates.at(-1)}`;
    expect(image.pricesAsOf).toBe(span);
    expect(image.prices).toBe(`Prices: default rates (no provider chosen), as of ${span}`);
    expect(image.fileName).toBe('ftcost-compare-llama-3.1-70b.png');
    for (const m of image.methods) expect(image.alt).toContain(`${m.label}: ${m.costText} per run, ${m.memoryText}`);
    const long = cmp(ARTICLE);
    for (const r of long.rows) r.model.name = 'x'.repeat(2000);
    expect(comparisonImage(long).alt).toHaveLength(1000);
  });

  it('names the provider and its as-of date when one is chosen', () => {
    const runpod = comparisonImage(cmp({ ...ARTICLE, provider: 'runpod' }));
    expect(runpod.provider).toBe('RunPod (Community Cloud)');
    expect(runpod.pricesAsOf).toBe(DEFAULT_PRICES.providers.find((p) => p.id === 'runpod')!.asOf);
    expect(runpod.prices).toBe(`Prices: RunPod (Community Cloud) list prices, as of ${runpod.pricesAsOf}`);
  });

  it('marks a method whose setup asked for cannot hold the job, shown on the nearest that can', () => {
    const tight = comparisonImage(cmp({ ...ARTICLE, model: '8b', gpu: 'rtx-4090', gpus: 1 }));
    expect(tight.methods.find((m) => m.method === 'qlora')).toMatchObject({ hardware: '1× RTX 4090 24GB', fits: true });
    const full = tight.methods.find((m) => m.method === 'full')!;
    expect(full.fits).toBe(false);
    expect(full.hardware).not.toBe('1× RTX 4090 24GB');
    expect(comparisonSvg(tight)).toContain('your setup does not fit');
  });
});

describe('comparisonSvg', () => {
  it("contains the article scenario's figures, hardware and scenario", () => {
    for (const m of image.methods) {
      for (const t of [m.label, m.hardware, m.costText, m.memoryText]) expect(svg).toContain(`>${escapeXml(t)}</text>`);
    }
    expect(svg).toContain('Llama 3.1 70B');
    expect(svg).toContain('10,000 examples × 3 epochs');
    expect(svg).toContain(`as of ${image.pricesAsOf}`);
  });

  it('draws cost bars in the order of the figures, to one linear scale', () => {
    const high = (['full', 'lora', 'qlora'] as const).map((m) => rectWidths(methodColour(m), true)[0]!);
    const low = (['full', 'lora', 'qlora'] as const).map((m) => rectWidths(methodColour(m), false)[0]!);
    high.forEach((h, i) => expect(low[i]).toBeLessThan(h));
    // Proportional to the engine's figures (within the 0.1 px the SVG is rounded to, and the 4 px minimum).
    const costs = comparison.rows.map((r) => r.cost.perRunUsd);
    const widest = costs.reduce((a, c, i) => (c.high > (costs[a] as { high: number }).high ? i : a), 0);
    const scale = high[widest]! / costs[widest]!.high;
    costs.forEach((c, i) => {
      expect(high[i]).toBeCloseTo(Math.max(4, c.high * scale), 0);
      expect(low[i]).toBeCloseTo(Math.max(4, c.low * scale), 0);
    });
  });

  it('draws memory bars in the order of the figures', () => {
    const memory = (['full', 'lora', 'qlora'] as const).map((m) => rectWidths(methodColour(m), false)[1]!);
    expect(memory[0]).toBeGreaterThan(memory[1]!);
    expect(memory[1]).toBeGreaterThan(memory[2]!);
    const gb = comparison.rows.map((r) => r.memory.totalGB);
    expect(memory[1]! / memory[0]!).toBeCloseTo(gb[1]! / gb[0]!, 2);
  });

  it('escapes hostile names: a <script> or & in a model or provider name stays text', () => {
    const hostile = cmp({ ...ARTICLE, provider: 'runpod' });
    for (const r of hostile.rows) r.model.name = '<script>alert("x")</script> & Co\u0001';
    const prices: PriceTable = {
      ...DEFAULT_PRICES,
      providers: DEFAULT_PRICES.providers.map((p) => (p.id === 'runpod' ? { ...p, name: "Evil <b>&</b> 'Cloud' ]]>" } : p)),
    };
    const evil = comparisonImage(hostile, prices);
    const doc = comparisonSvg(evil);
    expect(doc).not.toMatch(/<script|<b>|]]>/);
    expect(doc).not.toContain('\u0001');
    expect(doc).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(doc).toContain('Evil &lt;b&gt;&amp;&lt;/b&gt; &apos;Cloud&apos; ]]&gt;');
    // Only the elements the chart draws, and every one closed: resvg parses the document.
    expect(new Set([...doc.matchAll(/<([a-z]+)[\s>]/g)].map((m) => m[1]))).toEqual(
      new Set(['svg', 'title', 'desc', 'rect', 'text', 'line']),
    );
    expect(() => new Resvg(doc, { font: { loadSystemFonts: false } })).not.toThrow();
    expect(decodePng(comparisonPng(evil)).width).toBe(IMAGE_WIDTH);
  });

  it('escapeXml drops characters XML forbids and escapes the five it reserves', () => {
    expect(escapeXml(`a&b<c>d"e'f\u0000\u0008\u000b\ufffe\ud800g\tok`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;fg\tok');
    expect(escapeXml('😀 ×–·')).toBe('😀 ×–·');
  });

  it('cuts over-long labels to their column instead of overlapping the bars', () => {
    const long = {
      ...image,
      title: `${'Very long model name '.repeat(8)}· full vs LoRA`,
      methods: image.methods.map((m) => ({ ...m, hardware: `8× ${'Enormous GPU '.repeat(6)}` })),
    };
    const doc = comparisonSvg(long);
    expect(doc).toMatch(/>Very long model name .*…<\/text>/);
    expect(doc).toMatch(/>8× Enormous GPU .*…<\/text>/);
    expect(fitText('short', 500, 20)).toBe('short');
  });
});

describe('text metrics', () => {
  it('textWidth matches what resvg lays out with the shipped fonts (never narrower)', () => {
    const samples: Array<[string, number, boolean]> = [
      ['Full fine-tuning', 30, true],
      ['1× RTX 6000 Ada 48GB', 24, false],
      ['ZeRO-3 + CPU offload · $3.00/GPU-h', 20, false],
      ['$149,754–$278,439', 28, true],
    ];
    for (const [t, size, bold] of samples) {
      const doc = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="100"><text x="0" y="60" font-family="DejaVu Sans" font-size="${size}"${bold ? ' font-weight="bold"' : ''}>${escapeXml(t)}</text></svg>`;
      const box = new Resvg(doc, { font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'DejaVu Sans' } }).getBBox();
      expect(box, `${t} rendered no glyphs`).toBeDefined();
      const estimate = textWidth(t, size, bold);
      expect(estimate).toBeGreaterThanOrEqual(box!.width);
      expect(estimate).toBeLessThan(box!.width * 1.12);
    }
  });
});

describe('comparisonPng', () => {
  it('is a 1200×675 PNG under 200 KB', () => {
    expect(decoded.width).toBe(IMAGE_WIDTH);
    expect(decoded.height).toBe(IMAGE_HEIGHT);
    expect(png.length).toBeLessThan(200 * 1024);
  });

  it('is not blank: bars in the three colours, text in ink, many shades from anti-aliasing', () => {
    const stats = colourStats(decoded);
    expect(stats.distinct).toBeGreaterThan(40);
    expect(stats.nonBackground).toBeGreaterThan(0.05 * IMAGE_WIDTH * IMAGE_HEIGHT);
    // Text drew (no system fonts are loaded: only the shipped font can have drawn it).
    expect(stats.dark).toBeGreaterThan(8000);
    // Solid bar pixels per method, ordered like the figures: the solid part of the cost bar (its low end) plus the memory bar.
    const methods = image.methods;
    const maxCost = Math.max(...methods.map((m) => m.costUsd.high));
    const maxMemory = Math.max(...methods.map((m) => m.memoryGB));
    const score = methods.map((m) => m.costUsd.low / maxCost + m.memoryGB / maxMemory);
    const solid = methods.map((m) => countColour(decoded, methodColour(m.method)));
    for (const [i, a] of score.entries()) {
      for (const [j, b] of score.entries())
        if (a > b * 1.5) expect(solid[i], `${methods[i]!.method} vs ${methods[j]!.method}`).toBeGreaterThan(solid[j]!);
      expect(solid[i]).toBeGreaterThan(300);
    }
    // The corners stay background.
    expect(pixelAt(decoded, 2, 2)).toEqual([255, 255, 255, 255]);
  });

  it('draws the text with the shipped font: without it, the dark pixels mostly vanish', () => {
    const withoutText = decodePng(svgToPng(svg.replace(/<text [^>]*>[^<]*<\/text>/g, '')));
    expect(colourStats(withoutText).dark).toBeLessThan(colourStats(decoded).dark / 4);
  });

  it('the async variant (rendering off the event loop) gives the same picture', async () => {
    expect(Buffer.compare(await comparisonPngAsync(image), png)).toBe(0);
  });

  it('renders at another scale on request', () => {
    const double = decodePng(comparisonPng(image, 2));
    expect([double.width, double.height]).toEqual([2 * IMAGE_WIDTH, 2 * IMAGE_HEIGHT]);
  });
});

describe('replies carry the picture', () => {
  it('compare and pin replies have the image; an estimate does not', async () => {
    const bot = createBot({ store: await createStore('memory://'), parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
    const base = { platform: 'slack' as const, workspace: 'T', channel: 'C', user: 'U', admin: true };
    const compared = await bot.handle({ ...base, text: 'compare 70b 10k 3' });
    expect(compared.image).toEqual(image);
    const pinned = await bot.handle({ ...base, channel: 'P', text: 'pin the comparison for 70b 10k 3' });
    expect(pinned.kind).toBe('pin');
    expect(pinned.image?.methods.map((m) => m.costText)).toEqual(comparison.rows.map((r) => usdRange(r.cost.perRunUsd)));
    expect((await bot.handle({ ...base, text: 'qlora 70b 10k 3' })).image).toBeUndefined();
  });
});
