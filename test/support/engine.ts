import { compare, estimate, type Estimate, type EstimateInput, type EngineContext, type Comparison } from '../../src/engine/index.js';

/** The estimate, or a test failure naming the engine's error. */
export function est(input: EstimateInput, ctx: EngineContext = {}): Estimate {
  const result = estimate(input, ctx);
  if (!result.ok) throw new Error(`estimate failed: ${result.error}`);
  return result.value;
}

export function cmp(input: Omit<EstimateInput, 'method'>, ctx: EngineContext = {}): Comparison {
  const result = compare(input, ctx);
  if (!result.ok) throw new Error(`compare failed: ${result.error}`);
  return result.value;
}

export const midpoint = (r: { low: number; high: number }): number => (r.low + r.high) / 2;
export const within = (value: number, low: number, high: number): boolean => value >= low && value <= high;
