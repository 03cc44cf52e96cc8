#!/usr/bin/env node
// Benchmarks the comparison chart: SVG → PNG with resvg for the article's scenario (Llama 3.1 70B,
// 10,000 examples, 3 epochs), and the PNG's size. Targets: under 100 ms and under 200 KB.
// Run after `npm run build`: node scripts/bench-image.mjs [--runs 50] [--scale 1] [--out file.png]
// FTCOST_DIST points at another compiled tree (default ../dist, from `tsc -p tsconfig.build.json`).
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const runs = Number(option('runs', 50));
const scale = Number(option('scale', 1));
const out = option('out', undefined);

const dist = process.env.FTCOST_DIST ? pathToFileURL(`${resolve(process.env.FTCOST_DIST)}/`) : new URL('../dist/', import.meta.url);
const { compare } = await import(new URL('src/engine/index.js', dist).href);
const { comparisonImage, comparisonSvg, svgToPng } = await import(new URL('src/render/image.js', dist).href);

const result = compare({ model: '70b', examples: 10_000, epochs: 3 });
if (!result.ok) throw new Error(result.error);

// The first render also loads the native module and the fonts: reported apart.
let t0 = performance.now();
const image = comparisonImage(result.value);
const svg = comparisonSvg(image);
let png = svgToPng(svg, scale);
const first = performance.now() - t0;

const svgTimes = [];
const pngTimes = [];
for (let i = 0; i < runs; i += 1) {
  t0 = performance.now();
  const s = comparisonSvg(comparisonImage(result.value));
  const t1 = performance.now();
  png = svgToPng(s, scale);
  pngTimes.push(performance.now() - t1);
  svgTimes.push(t1 - t0);
}

const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
};
const fmt = (s) => `mean ${s.mean.toFixed(1)} ms, median ${s.median.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`;
const total = stats(svgTimes.map((t, i) => t + pngTimes[i]));

console.log(`chart: the article's scenario, ${runs} runs at scale ${scale} (${1200 * scale}×${675 * scale} px)`);
console.log(`  SVG (build + draw)     ${fmt(stats(svgTimes))}`);
console.log(`  SVG → PNG (resvg)      ${fmt(stats(pngTimes))}`);
console.log(`  whole picture          ${fmt(total)} (target < 100 ms); first render ${first.toFixed(0)} ms with module and font loading`);
console.log(`  PNG size               ${(png.length / 1024).toFixed(1)} KB (target < 200 KB)`);
if (out) {
  writeFileSync(out, png);
  console.log(`  written to ${out}`);
}
if (total.median >= 100 || png.length >= 200 * 1024) process.exitCode = 1;
