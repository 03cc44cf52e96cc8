import { z } from 'zod';
import { METHODS, type Method } from './types.js';
import { normalizeId, quote, type Parsed } from './quantities.js';
import { groupThousands } from './format.js';

const METHOD_ALIASES: Record<string, Method> = {
  full: 'full',
  fft: 'full',
  'full-ft': 'full',
  'full-fine-tuning': 'full',
  'full-finetuning': 'full',
  'full-finetune': 'full',
  'full-fine-tune': 'full',
  lora: 'lora',
  qlora: 'qlora',
  'q-lora': 'qlora',
};

export function resolveMethod(text: string): Parsed<Method> {
  const id = normalizeId(String(text ?? ''));
  const method = Object.hasOwn(METHOD_ALIASES, id) ? METHOD_ALIASES[id] : undefined;
  if (method) return { ok: true, value: method };
  return { ok: false, error: `method: ${quote(text)} is not a method; use full (or fft, full-ft), lora or qlora` };
}

const positiveInt = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be at least 1`)
    .max(max, `${what} must be at most ${groupThousands(max)}`);

const positive = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .refine(Number.isFinite, `${what} must be a finite number`)
    .refine((n) => n > 0, `${what} must be greater than zero`)
    .refine((n) => n <= max, `${what} must be at most ${groupThousands(max)}`);

/** Bounds on what a caller may ask: wide enough for any real job, narrow enough that no figure overflows. */
export const EstimateInputSchema = z
  .object({
    method: z.string({ error: 'method is required (full, lora or qlora)' }),
    model: z.string({ error: 'model is required (e.g. 70b or llama-3.1-8b)' }).min(1, 'model is required (e.g. 70b or llama-3.1-8b)'),
    examples: positiveInt('examples', 1e10).optional(),
    epochs: positive('epochs', 1000).optional(),
    tokensPerExample: positiveInt('tokens per example', 10_000_000).optional(),
    datasetTokens: positiveInt('dataset tokens', 1e14).optional(),
    seqLen: positiveInt('sequence length', 10_000_000).optional(),
    microBatch: positiveInt('micro-batch', 4096).optional(),
    globalBatch: positiveInt('global batch', 1_000_000).optional(),
    rank: positiveInt('LoRA rank', 4096).optional(),
    targets: z.enum(['attn', 'all'], { error: 'targets must be attn or all' }).optional(),
    gpu: z.string().optional(),
    gpus: positiveInt('GPU count', 4096).optional(),
    provider: z.string().optional(),
    gradCkpt: z.boolean().optional(),
    optimizer: z
      .enum(['adamw', 'adamw-8bit', 'paged-adamw-8bit'], { error: 'optimizer must be adamw, adamw-8bit or paged-adamw-8bit' })
      .optional(),
    precision: z.enum(['mixed', 'bf16'], { error: 'precision must be mixed or bf16' }).optional(),
    bits: z.union([z.literal(4), z.literal(8)], { error: 'bits must be 4 or 8' }).optional(),
    doubleQuant: z.boolean().optional(),
    runs: positiveInt('runs', 100_000).optional(),
    engineeringHourlyUsd: positive('engineering hourly rate', 100_000).optional(),
  })
  .strict();

export { METHODS };
