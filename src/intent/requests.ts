import { JOB_INPUTS, type EstimateInput, type RecommendInput } from '../engine/index.js';
import { INPUT_SLOTS, type Slots } from './schema.js';

export type CaseInput = Omit<EstimateInput, 'method' | 'model'> & { model?: string };

const isJobInput = (key: string): boolean => Object.hasOwn(JOB_INPUTS, key);

/** The engine input a parsed message asks for (the method is added by the caller for estimates). */
export function toCaseInput(slots: Slots): CaseInput {
  const input: Record<string, unknown> = {};
  if (slots.model !== null) input.model = slots.model;
  for (const key of INPUT_SLOTS) {
    const value = slots[key];
    if (value !== null && isJobInput(key)) input[key] = value;
  }
  return input as CaseInput;
}

/** A recommendation's input: the case, and the facts about the team and the task. */
export function toRecommendInput(slots: Slots): RecommendInput {
  const input: Record<string, unknown> = { ...toCaseInput(slots) };
  for (const key of INPUT_SLOTS) {
    const value = slots[key];
    if (value !== null && !isJobInput(key)) input[key] = value;
  }
  return input as RecommendInput;
}
