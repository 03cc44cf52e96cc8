import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { Logger } from '../../log.js';
import type { ComparisonImage } from '../../reply/chart.js';
import { comparisonSvg } from './svg.js';

/**
 * The chart as a PNG: resvg with the DejaVu Sans font shipped in assets/fonts (no system fonts, no
 * browser, no network), on libuv's thread pool for a bot, cached by content.
 */

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
