import { z } from 'zod';
import { inputEntries, JOB_INPUTS, RECOMMEND_FACTS, TOPICS, type InputValues, type Topic } from '../engine/index.js';

export const INTENTS = [
  'estimate',
  'compare',
  'recommend',
  'explain',
  'pin',
  'prices',
  'settings',
  'help',
  /** Show the rest of the last answer: "details", "more", "show the assumptions". */
  'details',
  /** "thanks", "hi", "nice": a short reply, no figures. */
  'smalltalk',
  'unknown',
] as const;
export type IntentName = (typeof INTENTS)[number];

export const SETTING_KEYS = ['provider', 'hourlyRate', 'price', 'show', 'reset'] as const;

/** What a question about a case asks in particular, when it is not the whole estimate. */
export const QUESTIONS = ['buy-vs-rent', 'quality', 'cheapest', 'fit', 'time'] as const;
export type Question = (typeof QUESTIONS)[number];

/** A slot the reply asks about instead of assuming a figure: "a few thousand examples", "€1000", "mistral" (which size?). */
export const ASK_SLOTS = ['model', 'examples', 'epochs', 'budget', 'gpu'] as const;
export type AskSlot = (typeof ASK_SLOTS)[number];

/** A budget in a currency other than US dollars, as written: never converted in silence. */
export interface Budget {
  amount: number;
  /** ISO 4217 code: EUR, GBP, JPY, INR, CAD, AUD, CHF. */
  currency: string;
}

type Inputs = typeof JOB_INPUTS & typeof RECOMMEND_FACTS;
/** The job inputs and facts chat reads: those declared with a `chat` name in src/engine/job-inputs.ts. */
export type ChatInputKey = { [K in keyof Inputs]: Inputs[K] extends { chat: object } ? K : never }[keyof Inputs];

/**
 * Slots of an intent: null when absent. The case's inputs come from the job-input declarations;
 * the rest (method, model, topic, settings) are chat's own. Every field is nullable rather than
 * optional, so the same schema drives an LLM's structured output.
 */
export type Slots = {
  method: string | null;
  /** Two or more methods named in one message ("lora or qlora?"): compared, or chosen between. */
  methods: string[] | null;
  /** The team has the hardware named ("we have a 4090", "on our 2 A100s"): priced by power, not rent. */
  owned: boolean | null;
  /** What the question asks in particular (buy vs rent, quality, the cheapest setup, fit, time). */
  question: Question | null;
  /** A budget in another currency ("€1000", "£800"): kept as written, with `ask: 'budget'` on the intent. */
  budget: Budget | null;
  model: string | null;
  paramsB: number | null;
  topic: Topic | null;
  settingKey: (typeof SETTING_KEYS)[number] | null;
  settingValue: string | null;
} & { [K in ChatInputKey]: InputValues[K] | null };

/** The input keys that are chat slots, in declaration order. */
export const INPUT_SLOTS: readonly ChatInputKey[] = inputEntries()
  .filter(([, spec]) => spec.chat)
  .map(([key]) => key as ChatInputKey);

function slotValidator(key: ChatInputKey): z.ZodType {
  const spec =
    (JOB_INPUTS as Record<string, { kind: string; choices?: readonly string[] }>)[key] ??
    (RECOMMEND_FACTS as Record<string, { kind: string; choices?: readonly string[] }>)[key];
  switch (spec?.kind) {
    case 'enum':
      return z.enum(spec.choices as [string, ...string[]]).nullable();
    case 'bool':
      return z.boolean().nullable();
    case 'text':
      return z.string().nullable();
    case 'count':
    case 'int':
      return z.number().int().positive().nullable();
    case 'usd':
      return z.number().nonnegative().nullable();
    default:
      return z.number().positive().nullable();
  }
}

export const SlotsSchema = z.object({
  method: z.string().nullable(),
  methods: z.array(z.string()).nullable(),
  owned: z.boolean().nullable(),
  question: z.enum(QUESTIONS).nullable(),
  budget: z.object({ amount: z.number().positive(), currency: z.string() }).nullable(),
  model: z.string().nullable(),
  paramsB: z.number().positive().nullable(),
  ...Object.fromEntries(INPUT_SLOTS.map((key) => [key, slotValidator(key)])),
  topic: z.enum(TOPICS).nullable(),
  settingKey: z.enum(SETTING_KEYS).nullable(),
  settingValue: z.string().nullable(),
}) as unknown as z.ZodType<Slots>;

export const IntentSchema = z.object({
  intent: z.enum(INTENTS),
  slots: SlotsSchema,
});

export type Source = 'rules' | 'llm';

export interface Intent {
  intent: IntentName;
  slots: Slots;
  source: Source;
  /** A figure in the message that no slot can take (negative, zero, 1e400): the reply names it. */
  problem?: string;
  /** A method the message named that ftcost does not model (its closest relative is in `slots.method`): the reply says so. */
  notModelled?: string;
  /** A closed model (GPT-4o, Claude, Gemini) the message names, by its id in the closed-model list: fine-tuned through its vendor. */
  closedModel?: string;
  /**
   * A slot the reply should ask about before answering: a family without a size ('model', with
   * `askModel`), a vague or ranged count ('examples', 'epochs'), a budget in another currency ('budget').
   */
  ask?: AskSlot;
  /** A model family named without a size, with several sizes in the catalog: the reply asks which. */
  askModel?: { family: string; options: Array<{ id: string; name: string; size: string }> };
}

/** Numeric slots: what an LLM returns for them must be a number the text states. */
export const NUMERIC_SLOTS: ReadonlyArray<keyof Slots> = [
  'paramsB',
  ...INPUT_SLOTS.filter((key) => {
    const kind =
      (JOB_INPUTS as Record<string, { kind: string }>)[key]?.kind ?? (RECOMMEND_FACTS as Record<string, { kind: string }>)[key]?.kind;
    return kind === 'count' || kind === 'int' || kind === 'number' || kind === 'usd';
  }),
];
export type NumericSlot = (typeof NUMERIC_SLOTS)[number];

const EMPTY_SLOTS: Readonly<Slots> = Object.freeze({
  method: null,
  methods: null,
  owned: null,
  question: null,
  budget: null,
  model: null,
  paramsB: null,
  ...Object.fromEntries(INPUT_SLOTS.map((key) => [key, null])),
  topic: null,
  settingKey: null,
  settingValue: null,
} as Slots);

/** Every slot null: a fresh object each time. */
export const emptySlots = (): Slots => ({ ...EMPTY_SLOTS });

/** The previous request of the same thread or user, for follow-ups ("what about 8b?"). */
export interface IntentContext {
  intent: IntentName;
  slots: Slots;
}

/** Where parses are remembered (the store, later); a Map-backed one is the default. */
export interface ParseCache {
  get(key: string): Promise<Intent | undefined>;
  set(key: string, value: Intent): Promise<void>;
}
