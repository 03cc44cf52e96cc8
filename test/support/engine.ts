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

/** The article's own setup for a method and its figures: the headline when the plan uses it, else the alternative named as the article's. */
export function articleSetup(e: Estimate) {
  const a = e.alternatives.find((x) => x.kind === 'article-setup');
  if (a)
    return {
      hardware: { gpu: a.hardware.gpu, count: a.hardware.count, strategy: a.hardware.strategy },
      hours: a.hours,
      perRunUsd: a.perRunUsd,
      projectUsd: a.projectUsd,
      hardwareBuyUsd: a.hardwareBuyUsd,
    };
  const u = e.hardware.used;
  if (!e.hardware.article || e.hardware.article.gpu !== u.gpu || e.hardware.article.count !== u.count)
    throw new Error(`no article setup for ${e.method}`);
  return {
    hardware: { gpu: u.gpu, count: u.count, strategy: u.strategy },
    hours: e.time.hours,
    perRunUsd: e.cost.perRunUsd,
    projectUsd: e.cost.projectUsd,
    hardwareBuyUsd: e.cost.hardwareBuyUsd,
  };
}
