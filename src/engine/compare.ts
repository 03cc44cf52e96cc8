import { estimate, type EngineContext } from './estimate.js';
import { METHOD_IDS } from './methods.js';
import type { Parsed } from './quantities.js';
import type { Estimate, EstimateInput, Method } from './types.js';

export interface Comparison {
  rows: Estimate[];
}

/** Every method of the table (or the ones named), on the same job, side by side. */
export function compare(input: Omit<EstimateInput, 'method'>, ctx: EngineContext = {}, only?: readonly Method[]): Parsed<Comparison> {
  const rows: Estimate[] = [];
  for (const method of only ?? METHOD_IDS) {
    const result = estimate({ ...input, method }, ctx);
    if (!result.ok) return result;
    rows.push(result.value);
  }
  return { ok: true, value: { rows } };
}
