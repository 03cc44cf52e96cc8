import type { EstimateInput, RecommendInput } from '../engine/index.js';
import type { Slots } from './schema.js';

/** The engine input a parsed message asks for (the method is added by the caller for estimates). */
export function toCaseInput(slots: Slots): Omit<EstimateInput, 'method' | 'model'> & { model?: string } {
  const input: Omit<EstimateInput, 'method' | 'model'> & { model?: string } = {};
  if (slots.model !== null) input.model = slots.model;
  if (slots.examples !== null) input.examples = slots.examples;
  if (slots.epochs !== null) input.epochs = slots.epochs;
  if (slots.tokensPerExample !== null) input.tokensPerExample = slots.tokensPerExample;
  if (slots.datasetTokens !== null) input.datasetTokens = slots.datasetTokens;
  if (slots.gpu !== null) input.gpu = slots.gpu;
  if (slots.gpus !== null) input.gpus = slots.gpus;
  if (slots.provider !== null) input.provider = slots.provider;
  return input;
}

export function toRecommendInput(slots: Slots): RecommendInput {
  const input: RecommendInput = toCaseInput(slots);
  if (slots.budgetUsd !== null) input.budgetUsd = slots.budgetUsd;
  if (slots.task !== null) input.task = slots.task;
  if (slots.qualityCritical !== null) input.qualityCritical = slots.qualityCritical;
  if (slots.firstTime !== null) input.firstTime = slots.firstTime;
  if (slots.multiGpu !== null) input.multiGpu = slots.multiGpu;
  return input;
}
