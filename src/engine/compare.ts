import { estimate, type EngineContext } from './estimate.js';
import type { Parsed } from './quantities.js';
import { METHODS, type Estimate, type EstimateInput } from './types.js';

export interface Comparison {
  rows: Estimate[];
}

/** Full fine-tuning, LoRA and QLoRA of the same job, side by side. */
export function compare(input: Omit<EstimateInput, 'method'>, ctx: EngineContext = {}): Parsed<Comparison> {
  const rows: Estimate[] = [];
  for (const method of METHODS) {
    const result = estimate({ ...input, method }, ctx);
    if (!result.ok) return result;
    rows.push(result.value);
  }
  return { ok: true, value: { rows } };
}
