import { z } from 'zod';
import data from '../data/closed-models.json' with { type: 'json' };
import { normalizeId } from '../quantities.js';
import { describeZodError } from './schema.js';

const ClosedModelSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  name: z.string().min(1),
  vendor: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  /** How (and whether) the vendor lets teams fine-tune it. */
  fineTuning: z.string().min(3),
  source: z.string().min(3),
  asOf: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/),
  /** Catalog models a team can size with ftcost instead. */
  openAlternatives: z.array(z.string()).default([]),
});
export type ClosedModel = z.infer<typeof ClosedModelSchema>;

const parsed = z.object({ models: z.array(ClosedModelSchema) }).safeParse(data);
if (!parsed.success) throw new Error(`closed-models.json is invalid:\n${describeZodError(parsed.error).join('\n')}`);

/** Closed models: fine-tuned through their vendor, not on GPUs a team rents (no figures). */
export const CLOSED_MODELS: readonly ClosedModel[] = parsed.data.models;

const byKey = new Map<string, ClosedModel>();
for (const m of CLOSED_MODELS) for (const name of [m.id, m.name, ...m.aliases]) byKey.set(normalizeId(name), m);

/** The closed model a name means ("GPT-4o", "claude 3.5 sonnet"), if any. */
export function closedModel(text: string): ClosedModel | undefined {
  const key = normalizeId(String(text ?? ''));
  return byKey.get(key) ?? byKey.get(key.replace(/-(instruct|chat|latest|preview)$/, ''));
}
