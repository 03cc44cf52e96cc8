import { z } from 'zod';
import {
  DEFAULT_PRICES,
  JOB_INPUTS,
  RECOMMEND_FACTS,
  parseCount,
  parseEpochs,
  parsePositiveInt,
  parseUsd,
  resolveGpu,
  resolveModel,
  resolveProvider,
  inputLabel,
  type AnyInputKey,
  type InputSpec,
  type Parsed,
} from '../src/engine/index.js';
import { emptySlots, type Intent, type IntentName, type Slots } from '../src/intent/schema.js';

/**
 * One chat command, platform-neutral: its name, description, typed options (zod, each with a
 * description) and the intent it asks of the bot (whose preconditions, declared once per intent in
 * src/bot/preconditions.ts, then apply). Discord registration and the Slack manifest are generated
 * from these definitions; the case's options come from the job-input declarations
 * (src/engine/job-inputs.ts), so a new input is offered everywhere at once.
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

type Declared = Record<string, InputSpec>;

/** One declared input as a command option: enums as choices, booleans as booleans, the rest as text typed as people type it. */
function optionFor(spec: InputSpec): z.ZodType {
  const text = spec.description + (spec.defaultText ? ` (default ${spec.defaultText})` : '');
  const description = text.length <= 100 ? text : spec.description.slice(0, 100);
  if (spec.kind === 'bool') return z.boolean().optional().describe(description);
  if (spec.kind === 'enum' && spec.choices)
    return z
      .enum(spec.choices as [string, ...string[]])
      .optional()
      .describe(description);
  return z.string().max(40).optional().describe(description);
}

/** The options of a table of inputs that Discord offers, keyed by their option names. */
function optionsOf(table: Declared): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = {};
  for (const spec of Object.values(table)) if (spec.discord) out[spec.discord.name] = optionFor(spec);
  return out;
}

/** The case: a model, then every job input declared for Discord (strings as typed, so `10k` works). */
export const caseOptions = {
  model: z.string().max(80).describe('Model: an id such as llama-3.1-70b, a name, or a size such as 70b'),
  ...optionsOf(JOB_INPUTS),
};

/** The facts a recommendation reads, declared once with the job inputs. */
export const factOptions = optionsOf(RECOMMEND_FACTS);

/** The model as an optional option (recommend and pin fall back to the conversation or the article's 70B). */
export const optionalModel = z.string().max(80).optional().describe('Model (optional): an id, a name, or a size such as 70b');

/** Reads one option's text with the parser its kind calls for. */
function valueOf(key: string, spec: InputSpec, raw: unknown): Parsed<unknown> {
  const label = inputLabel(key as AnyInputKey);
  if (spec.kind === 'bool' || spec.kind === 'enum')
    return { ok: true, value: spec.choices?.every((c) => /^\d+$/.test(c)) ? Number(raw) : raw };
  const text = String(raw);
  switch (spec.kind) {
    case 'count':
      return parseCount(text, label);
    case 'number':
      return parseEpochs(text);
    case 'int':
      return parsePositiveInt(text, label);
    case 'usd':
      return parseUsd(text);
    case 'text':
      if (key === 'gpu') {
        const gpu = resolveGpu(text);
        return gpu.ok ? { ok: true, value: gpu.value.id } : gpu;
      }
      if (key === 'provider') {
        const provider = resolveProvider(DEFAULT_PRICES, text);
        return provider.ok ? { ok: true, value: provider.value.id } : provider;
      }
      return { ok: true, value: text };
  }
}

/** Typed options (as the platform hands them over, already checked by the command's schema) into slots. */
export function slotsFrom(options: Record<string, unknown>): Parsed<Slots> {
  const slots = emptySlots() as Record<string, unknown>;
  if (options.model !== undefined) {
    const model = resolveModel(String(options.model));
    if (!model.ok) return model;
    slots.model = model.value.id;
    slots.paramsB = Math.round((model.value.params.total / 1e9) * 100) / 100;
  }
  for (const [key, spec] of Object.entries({ ...JOB_INPUTS, ...RECOMMEND_FACTS } as Declared)) {
    const raw = spec.discord ? options[spec.discord.name] : undefined;
    if (raw === undefined) continue;
    const value = valueOf(key, spec, raw);
    if (!value.ok) return value;
    slots[key] = value.value;
  }
  return { ok: true, value: slots as Slots };
}

export const intentOf = (intent: IntentName, slots: Slots): Parsed<Intent> => ({ ok: true, value: { intent, slots, source: 'rules' } });
