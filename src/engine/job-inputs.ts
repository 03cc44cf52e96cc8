import { z } from 'zod';
import { groupThousands } from './format.js';
import { STACK_IDS } from './stacks.js';

/**
 * Every input of a fine-tuning job and every fact a recommendation reads, declared once: its kind,
 * description, unit and bounds, and the names it goes by on each surface. The engine's validation,
 * the command line's flags and --help, the chat slots (and the LLM's schema), Discord's options and
 * the answer buttons' payloads are all derived from this table (docs/architecture.md).
 */
export type InputKind = 'count' | 'int' | 'number' | 'usd' | 'enum' | 'bool' | 'text';

export interface InputSpec {
  kind: InputKind;
  /** One line, for --help and Discord (≤ 100 characters). */
  description: string;
  /** What the number counts, in words: "examples", "tokens", "USD per hour". */
  unit?: string;
  /** The value used when the input is not given, in words (for --help). */
  defaultText?: string;
  /** Numbers must exceed `min` (or equal it, with `minInclusive`); counts start at 1. */
  min?: number;
  minInclusive?: true;
  max?: number;
  choices?: readonly string[];
  /** How people write each choice in a message, for the chat vocabulary ("8-bit adam" → adamw-8bit). */
  choiceWords?: Readonly<Record<string, readonly string[]>>;
  /** Command-line flag (`--seq-len`); `negation` is the flag that sets a boolean false. */
  cli?: { flag: string; negation?: string; valueName?: string };
  /** Read from chat messages (a slot of the intent) and carried by answer buttons under this short key. */
  chat?: { short: string };
  /** Offered as a Discord slash-command option (strings as typed, so `10k` works). */
  discord?: { name: string };
  /** A fact only `recommend` reads, not a property of the job. */
  recommendOnly?: true;
}

const TASK_IDS = [
  'domain-adaptation',
  'style',
  'instruction-following',
  'chatbot',
  'numerical-reasoning',
  'multi-step-reasoning',
  'code',
  'other',
] as const;

export const JOB_INPUTS = {
  examples: {
    kind: 'count',
    description: 'Training examples, e.g. 10k, 10,000 or 1.5M',
    unit: 'examples',
    defaultText: '10,000',
    min: 1,
    max: 1e10,
    cli: { flag: 'examples', valueName: 'N' },
    chat: { short: 'e' },
    discord: { name: 'examples' },
  },
  epochs: {
    kind: 'number',
    description: 'Passes over the data, e.g. 3',
    unit: 'epochs',
    defaultText: '3',
    min: 0,
    max: 1000,
    cli: { flag: 'epochs', valueName: 'N' },
    chat: { short: 'p' },
    discord: { name: 'epochs' },
  },
  tokensPerExample: {
    kind: 'count',
    description: 'Average tokens per example (prompt + response)',
    unit: 'tokens',
    defaultText: '512',
    min: 1,
    max: 10_000_000,
    cli: { flag: 'tokens-per-example', valueName: 'N' },
    chat: { short: 't' },
    discord: { name: 'tokens_per_example' },
  },
  datasetTokens: {
    kind: 'count',
    description: 'Tokens in the whole dataset (one epoch), instead of examples × tokens per example',
    unit: 'tokens',
    min: 1,
    max: 1e14,
    cli: { flag: 'tokens', valueName: 'N' },
    chat: { short: 'd' },
  },
  seqLen: {
    kind: 'count',
    description: 'Tokens per sequence',
    unit: 'tokens',
    defaultText: 'tokens per example, rounded up to a power of two',
    min: 1,
    max: 10_000_000,
    cli: { flag: 'seq-len', valueName: 'N' },
    chat: { short: 's' },
    discord: { name: 'seq_len' },
  },
  microBatch: {
    kind: 'int',
    description: 'Micro-batch per GPU',
    unit: 'sequences',
    defaultText: '1',
    min: 1,
    max: 4096,
    cli: { flag: 'batch', valueName: 'N' },
    chat: { short: 'b' },
  },
  globalBatch: {
    kind: 'int',
    description: 'Examples per optimizer step',
    unit: 'examples',
    defaultText: '32',
    min: 1,
    max: 1_000_000,
    cli: { flag: 'global-batch', valueName: 'N' },
  },
  rank: {
    kind: 'int',
    description: 'LoRA rank',
    defaultText: '16',
    min: 1,
    max: 4096,
    cli: { flag: 'rank', valueName: 'N' },
    chat: { short: 'r' },
    discord: { name: 'rank' },
  },
  targets: {
    kind: 'enum',
    description: 'Layers LoRA adapts: attention projections, or all linear layers',
    defaultText: 'all',
    choices: ['attn', 'all'],
    choiceWords: {
      attn: ['attention only', 'attention layers', 'attention projections', 'qkvo', 'q v only'],
      all: ['all linear layers', 'all layers', 'all linear', 'all modules'],
    },
    cli: { flag: 'targets' },
    chat: { short: 'a' },
  },
  gpu: {
    kind: 'text',
    description: 'GPU to plan, time and price on, e.g. a100-80gb or "H100"',
    cli: { flag: 'gpu', valueName: 'ID' },
    chat: { short: 'g' },
    discord: { name: 'gpu' },
  },
  gpus: {
    kind: 'int',
    description: 'Number of GPUs (with the GPU given, or the planned one)',
    unit: 'GPUs',
    min: 1,
    max: 4096,
    cli: { flag: 'gpus', valueName: 'N' },
    chat: { short: 'n' },
    discord: { name: 'gpus' },
  },
  provider: {
    kind: 'text',
    description: 'Provider whose list prices to use, e.g. runpod or lambda',
    cli: { flag: 'provider', valueName: 'ID' },
    chat: { short: 'v' },
    discord: { name: 'provider' },
  },
  gradCkpt: {
    kind: 'bool',
    description: 'Gradient checkpointing (recompute activations to save memory)',
    defaultText: 'per method',
    cli: { flag: 'grad-ckpt', negation: 'no-grad-ckpt' },
    chat: { short: 'c' },
  },
  optimizer: {
    kind: 'enum',
    description: 'Optimizer: AdamW, 8-bit AdamW or paged 8-bit AdamW (bitsandbytes)',
    defaultText: 'adamw',
    choices: ['adamw', 'adamw-8bit', 'paged-adamw-8bit'],
    choiceWords: {
      'paged-adamw-8bit': ['paged adamw 8bit', 'paged adam 8bit', 'paged 8bit adamw', 'paged 8bit adam', 'paged adamw', 'paged adam'],
      'adamw-8bit': ['8bit adamw', '8bit adam', 'adamw 8bit', 'adam 8bit', 'bnb adamw', 'bnb adam', 'bitsandbytes adam', 'adamw8bit'],
      adamw: ['adamw', 'plain adam', 'regular adam', 'standard adamw', 'fp32 adam', '32bit adam'],
    },
    cli: { flag: 'optimizer' },
    chat: { short: 'z' },
    discord: { name: 'optimizer' },
  },
  precision: {
    kind: 'enum',
    description: 'Full fine-tuning: mixed precision (fp32 master weights) or pure bf16',
    defaultText: 'mixed',
    choices: ['mixed', 'bf16'],
    choiceWords: { mixed: ['mixed precision', 'amp', 'fp32 master'], bf16: ['pure bf16', 'bf16 only', 'full bf16'] },
    cli: { flag: 'precision' },
    chat: { short: 'x' },
  },
  bits: {
    kind: 'int',
    description: 'QLoRA quantization of the frozen weights: 4 (NF4) or 8 (LLM.int8)',
    defaultText: '4',
    choices: ['4', '8'],
    cli: { flag: 'bits' },
    chat: { short: 'q' },
  },
  doubleQuant: {
    kind: 'bool',
    description: "QLoRA's double quantization of the block scales",
    defaultText: 'on',
    cli: { flag: 'double-quant', negation: 'no-double-quant' },
  },
  stack: {
    kind: 'enum',
    description: 'Training stack: HF Trainer + PEFT, Unsloth, Liger kernels, torchtune or NeMo',
    defaultText: 'hf-peft',
    choices: STACK_IDS,
    choiceWords: {
      'hf-peft': ['hugging face', 'huggingface', 'hf trainer', 'transformers trainer', 'trl', 'sfttrainer', 'peft'],
      unsloth: ['unsloth'],
      liger: ['liger', 'liger kernel', 'liger kernels', 'axolotl', 'llama factory', 'llamafactory'],
      torchtune: ['torchtune', 'torch tune', 'torchtitan'],
      nemo: ['nemo', 'nemo automodel', 'megatron', 'transformer engine'],
    },
    cli: { flag: 'stack' },
    chat: { short: 'k' },
    discord: { name: 'stack' },
  },
  runs: {
    kind: 'int',
    description: 'Training runs per project',
    unit: 'runs',
    defaultText: 'per method (the article: 5–10, QLoRA 10–20)',
    min: 1,
    max: 100_000,
    cli: { flag: 'runs', valueName: 'N' },
    chat: { short: 'u' },
    discord: { name: 'runs' },
  },
  owned: {
    kind: 'bool',
    description: 'The team owns the GPUs named: costed by their power, not rent',
    cli: { flag: 'owned' },
    chat: { short: 'w' },
  },
  electricityUsdPerKwh: {
    kind: 'usd',
    description: 'Electricity price for owned GPUs, USD per kWh',
    unit: 'USD per kWh',
    defaultText: '$0.13 (U.S. commercial average, EIA)',
    min: 0,
    max: 10,
    cli: { flag: 'kwh-price', valueName: 'USD' },
  },
  engineeringHourlyUsd: {
    kind: 'usd',
    description: 'Engineering cost per hour',
    unit: 'USD per hour',
    defaultText: '$150',
    min: 0,
    max: 100_000,
    cli: { flag: 'hourly-rate', valueName: 'USD' },
  },
} as const satisfies Record<string, InputSpec>;

export const RECOMMEND_FACTS = {
  budgetUsd: {
    kind: 'usd',
    description: 'Budget for the project’s training runs, e.g. $500',
    unit: 'USD',
    min: 0,
    minInclusive: true,
    max: 1e12,
    cli: { flag: 'budget', valueName: 'USD' },
    chat: { short: 'B' },
    discord: { name: 'budget' },
    recommendOnly: true,
  },
  task: {
    kind: 'enum',
    description: 'What the model must learn',
    choices: TASK_IDS,
    cli: { flag: 'task', valueName: 'T' },
    chat: { short: 'T' },
    discord: { name: 'task' },
    recommendOnly: true,
  },
  qualityCritical: {
    kind: 'bool',
    description: 'A 2–5% quality difference has business impact',
    cli: { flag: 'quality-critical', negation: 'no-quality-critical' },
    chat: { short: 'Q' },
    discord: { name: 'quality_critical' },
    recommendOnly: true,
  },
  firstTime: {
    kind: 'bool',
    description: 'Your first fine-tuning project',
    cli: { flag: 'first-time', negation: 'experienced' },
    chat: { short: 'F' },
    discord: { name: 'first_time' },
    recommendOnly: true,
  },
  multiGpu: {
    kind: 'bool',
    description: 'Engineers who can run multi-GPU training',
    cli: { flag: 'multi-gpu', negation: 'no-multi-gpu' },
    chat: { short: 'M' },
    discord: { name: 'multi_gpu' },
    recommendOnly: true,
  },
  iterations: {
    kind: 'int',
    description: 'Training runs expected over the project',
    unit: 'runs',
    min: 1,
    max: 100_000,
    cli: { flag: 'iterations', valueName: 'N' },
    recommendOnly: true,
  },
  runsPerMonth: {
    kind: 'int',
    description: 'Training runs per month once the project settles (buy vs rent)',
    unit: 'runs',
    min: 1,
    max: 100_000,
    cli: { flag: 'runs-per-month', valueName: 'N' },
    recommendOnly: true,
  },
} as const satisfies Record<string, InputSpec>;

export type JobInputKey = keyof typeof JOB_INPUTS;
export type RecommendFactKey = keyof typeof RECOMMEND_FACTS;
export type AnyInputKey = JobInputKey | RecommendFactKey;

/** Both tables, for code that treats every declared input alike. */
export const ALL_INPUTS: Readonly<Record<AnyInputKey, InputSpec>> = { ...JOB_INPUTS, ...RECOMMEND_FACTS };
export const inputEntries = (): Array<[AnyInputKey, InputSpec]> => Object.entries(ALL_INPUTS) as Array<[AnyInputKey, InputSpec]>;

/** The value type an input holds: numbers, booleans, a choice, or text. */
type ValueOf<S> = S extends { kind: 'enum'; choices: readonly (infer C)[] }
  ? C
  : S extends { kind: 'bool' }
    ? boolean
    : S extends { kind: 'text' }
      ? string
      : number;
export type InputValues = { [K in JobInputKey]: ValueOf<(typeof JOB_INPUTS)[K]> } & {
  [K in RecommendFactKey]: ValueOf<(typeof RECOMMEND_FACTS)[K]>;
};

/** The label people read in messages about the input: "tokens per example". */
export function inputLabel(key: AnyInputKey): string {
  const labels: Partial<Record<AnyInputKey, string>> = {
    tokensPerExample: 'tokens per example',
    datasetTokens: 'dataset tokens',
    seqLen: 'sequence length',
    microBatch: 'micro-batch',
    globalBatch: 'global batch',
    rank: 'LoRA rank',
    gpus: 'GPU count',
    gradCkpt: 'gradient checkpointing',
    doubleQuant: 'double quantization',
    stack: 'training stack',
    engineeringHourlyUsd: 'engineering hourly rate',
    budgetUsd: 'budget',
    qualityCritical: 'quality critical',
    firstTime: 'first time',
    multiGpu: 'multi-GPU capacity',
    runsPerMonth: 'runs per month',
  };
  return labels[key] ?? key;
}

/** "a, b or c" */
export const orList = (items: readonly string[]): string =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

/** The zod validator of one input, with one-line messages that name it and its bounds. */
export function validatorFor(key: AnyInputKey): z.ZodType {
  const spec = ALL_INPUTS[key];
  const what = inputLabel(key);
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  switch (spec.kind) {
    case 'count':
    case 'int': {
      const min = Math.max(1, spec.min ?? 1);
      const whole = z
        .number({ error: `${what} must be a number` })
        .int(`${what} must be a whole number`)
        .min(min, `${what} must be at least ${groupThousands(min)}`)
        .max(max, `${what} must be at most ${groupThousands(max)}`);
      const choices = spec.choices?.map(Number);
      return choices ? whole.refine((n) => choices.includes(n), `${what} must be ${orList(spec.choices ?? [])}`) : whole;
    }
    case 'number':
    case 'usd': {
      const min = spec.min ?? 0;
      const inclusive = spec.minInclusive === true;
      return z
        .number({ error: `${what} must be a number` })
        .refine(Number.isFinite, `${what} must be a finite number`)
        .refine(
          (n) => (inclusive ? n >= min : n > min),
          inclusive
            ? `${what} must not be below ${groupThousands(min)}`
            : `${what} must be greater than ${min === 0 ? 'zero' : groupThousands(min)}`,
        )
        .refine((n) => n <= max, `${what} must be at most ${groupThousands(max)}`);
    }
    case 'enum':
      return z.enum((spec.choices ?? []) as [string, ...string[]], { error: `${what} must be ${orList(spec.choices ?? [])}` });
    case 'bool':
      return z.boolean({ error: `${what} must be true or false` });
    case 'text':
      return z.string({ error: `${what} must be text` }).max(200, `${what} is too long`);
  }
}

export const TASKS = TASK_IDS;
export type Task = (typeof TASK_IDS)[number];
