import { z } from 'zod';
import { TASKS, TOPICS } from '../engine/index.js';

export const INTENTS = ['estimate', 'compare', 'recommend', 'explain', 'pin', 'prices', 'settings', 'help', 'unknown'] as const;
export type IntentName = (typeof INTENTS)[number];

export const SETTING_KEYS = ['provider', 'hourlyRate', 'price', 'show'] as const;

/**
 * Slots of an intent (DESIGN.md): null when absent. Every field is nullable rather than optional, so
 * the same schema drives OpenAI's strict structured output.
 */
export const SlotsSchema = z.object({
  method: z.enum(['full', 'lora', 'qlora']).nullable(),
  model: z.string().max(80).nullable(),
  paramsB: z.number().positive().nullable(),
  examples: z.number().int().positive().nullable(),
  epochs: z.number().positive().nullable(),
  tokensPerExample: z.number().int().positive().nullable(),
  datasetTokens: z.number().int().positive().nullable(),
  budgetUsd: z.number().nonnegative().nullable(),
  task: z.enum(TASKS).nullable(),
  gpu: z.string().max(40).nullable(),
  gpus: z.number().int().positive().nullable(),
  provider: z.string().max(40).nullable(),
  topic: z.enum(TOPICS).nullable(),
  qualityCritical: z.boolean().nullable(),
  firstTime: z.boolean().nullable(),
  multiGpu: z.boolean().nullable(),
  settingKey: z.enum(SETTING_KEYS).nullable(),
  settingValue: z.string().max(40).nullable(),
});
export type Slots = z.infer<typeof SlotsSchema>;

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
}

export const NUMERIC_SLOTS = ['paramsB', 'examples', 'epochs', 'tokensPerExample', 'datasetTokens', 'budgetUsd', 'gpus'] as const;
export type NumericSlot = (typeof NUMERIC_SLOTS)[number];

export const emptySlots = (): Slots => ({
  method: null,
  model: null,
  paramsB: null,
  examples: null,
  epochs: null,
  tokensPerExample: null,
  datasetTokens: null,
  budgetUsd: null,
  task: null,
  gpu: null,
  gpus: null,
  provider: null,
  topic: null,
  qualityCritical: null,
  firstTime: null,
  multiGpu: null,
  settingKey: null,
  settingValue: null,
});

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
