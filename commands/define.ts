import { z } from 'zod';
import {
  parseCount,
  parseEpochs,
  parseUsd,
  resolveGpu,
  resolveModel,
  resolveProvider,
  DEFAULT_PRICES,
  type Parsed,
} from '../src/engine/index.js';
import { emptySlots, type Intent, type IntentName, type Slots } from '../src/intent/schema.js';

/**
 * One chat command, platform-neutral: its name, description, typed options (zod, each with a
 * description) and the intent it asks of the bot (whose preconditions, declared once per intent in
 * src/bot/preconditions.ts, then apply). Discord registration and
 * the Slack manifest are generated from these definitions.
 */
export interface CommandDefinition<Options extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  options: Options;
  /** Option names offered with autocomplete (Discord). */
  autocomplete?: string[];
  /** Options in, an intent out, or a one-line error naming the bad option. */
  toIntent(options: z.infer<Options>): Parsed<Intent> | { ok: true; value: { text: string } };
}

export const defineCommand = <Options extends z.ZodObject>(definition: CommandDefinition<Options>) => definition;

/** Options are strings as typed ("10k", "A100 80GB"): read them with the engine's parsers. */
export const caseOptions = {
  model: z.string().max(80).describe('Model: an id such as llama-3.1-70b, a name, or a size such as 70b'),
  examples: z.string().max(40).optional().describe('Training examples, e.g. 10k, 10,000 or 1.5M (default 10,000)'),
  epochs: z.string().max(20).optional().describe('Epochs, e.g. 3 (default 3)'),
  gpu: z.string().max(40).optional().describe('GPU to price and time on, e.g. a100-80gb or "H100"'),
  provider: z.string().max(40).optional().describe('Provider whose list price to use, e.g. runpod or lambda'),
  tokens_per_example: z.string().max(20).optional().describe('Average tokens per example (default 512)'),
};

/** The model as an optional option (recommend and pin fall back to the conversation or the article's 70B). */
export const optionalModel = z.string().max(80).optional().describe('Model (optional): an id, a name, or a size such as 70b');

export function slotsFrom(options: {
  model?: string | undefined;
  examples?: string | undefined;
  epochs?: string | undefined;
  gpu?: string | undefined;
  provider?: string | undefined;
  tokens_per_example?: string | undefined;
}): Parsed<Slots> {
  const slots = emptySlots();
  if (options.model !== undefined) {
    const model = resolveModel(options.model);
    if (!model.ok) return model;
    slots.model = model.value.id;
    slots.paramsB = Math.round((model.value.params.total / 1e9) * 100) / 100;
  }
  if (options.examples !== undefined) {
    const n = parseCount(options.examples, 'examples');
    if (!n.ok) return n;
    slots.examples = n.value;
  }
  if (options.epochs !== undefined) {
    const n = parseEpochs(options.epochs);
    if (!n.ok) return n;
    slots.epochs = n.value;
  }
  if (options.tokens_per_example !== undefined) {
    const n = parseCount(options.tokens_per_example, 'tokens per example');
    if (!n.ok) return n;
    slots.tokensPerExample = n.value;
  }
  if (options.gpu !== undefined) {
    const gpu = resolveGpu(options.gpu);
    if (!gpu.ok) return gpu;
    slots.gpu = gpu.value.id;
  }
  if (options.provider !== undefined) {
    const provider = resolveProvider(DEFAULT_PRICES, options.provider);
    if (!provider.ok) return provider;
    slots.provider = provider.value.id;
  }
  return { ok: true, value: slots };
}

export const intentOf = (intent: IntentName, slots: Slots): Parsed<Intent> => ({ ok: true, value: { intent, slots, source: 'rules' } });

export { parseUsd };
