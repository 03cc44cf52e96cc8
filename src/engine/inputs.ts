import { z } from 'zod';
import { JOB_INPUTS, RECOMMEND_FACTS, validatorFor, type JobInputKey, type RecommendFactKey } from './job-inputs.js';

const shapeOf = <K extends string>(keys: readonly K[]): Record<K, z.ZodOptional<z.ZodType>> =>
  Object.fromEntries(keys.map((key) => [key, validatorFor(key as JobInputKey).optional()])) as Record<K, z.ZodOptional<z.ZodType>>;

/** Bounds on what a caller may ask, from the job-input table: wide enough for any real job, narrow enough that no figure overflows. */
export const EstimateInputSchema = z
  .object({
    method: z.string({ error: 'method is required (full, lora or qlora)' }),
    model: z.string({ error: 'model is required (e.g. 70b or llama-3.1-8b)' }).min(1, 'model is required (e.g. 70b or llama-3.1-8b)'),
    ...shapeOf(Object.keys(JOB_INPUTS) as JobInputKey[]),
  })
  .strict();

/** The facts of a recommendation, validated the same way. */
export const RecommendFactsSchema = z.object(shapeOf(Object.keys(RECOMMEND_FACTS) as RecommendFactKey[]));
