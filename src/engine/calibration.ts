import { getGpu } from './catalog/gpus.js';
import { resolveModel } from './catalog/models.js';
import { buildConfig } from './estimate.js';
import { memoryParts, placement } from './memory.js';
import { methodSpec, resolveMethod } from './methods.js';
import { trainingTime } from './time.js';
import type { EstimateInput, Strategy } from './types.js';
import { GB } from './units.js';

/**
 * One published measurement (test/fixtures/calibration-cases.json): the job as its source states it,
 * the setup it ran on, and the figure measured. The engine is run on exactly that setup (strategy
 * included), so the comparison is of physics, not of the planner's choices.
 */
export interface CalibrationCase {
  id: string;
  set: string;
  source: string;
  quote: string;
  method: string;
  model: string;
  gpu: string;
  gpus: number;
  strategy: Strategy;
  settings: Omit<EstimateInput, 'method' | 'model' | 'gpu' | 'gpus'>;
  /** The source's own hardware figures where its GPU differs from the catalog entry (e.g. a power-capped H100). */
  gpuSpec?: { bf16Tflops?: number; bandwidthGBs?: number };
  measured: { kind: 'memory'; perGpuGB: number; rangeGB?: [number, number] } | { kind: 'throughput'; tokensPerSec: number };
  note?: string;
}

export interface CaseResult {
  id: string;
  kind: 'memory' | 'throughput';
  /** GB per GPU, or tokens per second for the whole job. */
  measured: number;
  predicted: number;
  /** Throughput only: the engine's range (tokens per second: from its slowest to its fastest hours). */
  low?: number;
  high?: number;
  /** predicted / measured. */
  ratio: number;
  /** Memory within ±20%; throughput within 1.5× either way. */
  close: boolean;
  /** Throughput only: the range contains the measured figure. */
  contained?: boolean;
}

/** Tokens a throughput case is run over: enough that per-run overheads vanish (they are excluded anyway). */
const TOKENS = 1e9;

/** Memory ±20%, throughput 1.5×: the bars (docs/methodology.md, "Calibration"). */
export const MEMORY_TOLERANCE = 0.2;
export const THROUGHPUT_FACTOR = 1.5;

export function runCase(c: CalibrationCase): CaseResult {
  const model = resolveModel(c.model);
  if (!model.ok) throw new Error(`${c.id}: ${model.error}`);
  const method = resolveMethod(c.method);
  if (!method.ok) throw new Error(`${c.id}: ${method.error}`);
  const catalogGpu = getGpu(c.gpu);
  if (!catalogGpu) throw new Error(`${c.id}: unknown gpu ${c.gpu}`);
  const gpu = c.gpuSpec ? { ...catalogGpu, ...c.gpuSpec } : catalogGpu;
  const spec = methodSpec(method.value);
  const input: EstimateInput = { method: method.value, model: c.model, ...c.settings };
  const tokensPerExample = c.settings.tokensPerExample ?? c.settings.seqLen ?? 512;
  const cfg = buildConfig(spec, input, tokensPerExample);
  const parts = memoryParts(model.value, cfg);

  if (c.measured.kind === 'memory') {
    const predicted = placement(parts, c.strategy, c.gpus).perGpu / GB;
    const measured = c.measured.perGpuGB;
    const ratio = predicted / measured;
    return { id: c.id, kind: 'memory', measured, predicted, ratio, close: Math.abs(ratio - 1) <= MEMORY_TOLERANCE };
  }

  const time = trainingTime(model.value, cfg, parts, { trainingTokens: TOKENS, tokensPerExample }, gpu, c.gpus, c.strategy);
  // The published figures time the training loop: compute and optimizer steps, not start-up or saving.
  const fastest = time.computeHours.low + time.cpuOptimizerHours.low;
  const slowest = time.computeHours.high + time.cpuOptimizerHours.high;
  const central = time.centralHours ?? Math.sqrt(fastest * slowest);
  const rate = (hours: number) => TOKENS / (hours * 3600);
  const measured = c.measured.tokensPerSec;
  const predicted = rate(central);
  const low = rate(slowest);
  const high = rate(fastest);
  const ratio = predicted / measured;
  return {
    id: c.id,
    kind: 'throughput',
    measured,
    predicted,
    low,
    high,
    ratio,
    close: ratio <= THROUGHPUT_FACTOR && ratio >= 1 / THROUGHPUT_FACTOR,
    contained: measured >= low && measured <= high,
  };
}

export interface CalibrationSummary {
  memory: { count: number; close: number; medianAbsError: number };
  throughput: { count: number; close: number; contained: number; medianAbsLogError: number; widestRange: number };
}

const median = (values: number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const m = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[m] as number) : ((sorted[m - 1] as number) + (sorted[m] as number)) / 2;
};

export function summarize(results: CaseResult[]): CalibrationSummary {
  const memory = results.filter((r) => r.kind === 'memory');
  const throughput = results.filter((r) => r.kind === 'throughput');
  return {
    memory: {
      count: memory.length,
      close: memory.filter((r) => r.close).length,
      medianAbsError: median(memory.map((r) => Math.abs(r.ratio - 1))),
    },
    throughput: {
      count: throughput.length,
      close: throughput.filter((r) => r.close).length,
      contained: throughput.filter((r) => r.contained).length,
      // As a factor: 1.3 = off by 30% either way.
      medianAbsLogError: Math.exp(median(throughput.map((r) => Math.abs(Math.log(r.ratio))))),
      widestRange: Math.max(1, ...throughput.map((r) => (r.high ?? 1) / (r.low ?? 1))),
    },
  };
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The error table as Markdown (docs/methodology.md carries it). */
export function errorTable(cases: CalibrationCase[]): { rows: CaseResult[]; markdown: string; summary: CalibrationSummary } {
  const rows = cases.map(runCase);
  const summary = summarize(rows);
  const lines = [
    '| case | kind | measured | ftcost | ratio | ±20% / 1.5× | range | in range |',
    '|---|---|---:|---:|---:|:-:|---:|:-:|',
    ...rows.map((r) => {
      const unit = r.kind === 'memory' ? 'GB' : 'tok/s';
      const digits = r.kind === 'memory' ? 1 : 0;
      const span = r.low !== undefined && r.high !== undefined ? `${fmt(r.low, 0)}–${fmt(r.high, 0)}` : '';
      const inRange = r.contained === undefined ? '' : r.contained ? 'yes' : 'no';
      return `| ${r.id} | ${r.kind} | ${fmt(r.measured, digits)} ${unit} | ${fmt(r.predicted, digits)} | ${r.ratio.toFixed(2)} | ${r.close ? 'yes' : 'no'} | ${span} | ${inRange} |`;
    }),
  ];
  const s = summary;
  lines.push(
    '',
    `Memory within ±20%: ${s.memory.close} of ${s.memory.count}; median error ${fmt(s.memory.medianAbsError * 100)}%.`,
    `Throughput within 1.5×: ${s.throughput.close} of ${s.throughput.count}; median error ×${s.throughput.medianAbsLogError.toFixed(2)}; ` +
      `range contains the measured figure: ${s.throughput.contained} of ${s.throughput.count} (widest range: high = ${s.throughput.widestRange.toFixed(2)} × low).`,
  );
  return { rows, markdown: lines.join('\n'), summary };
}
