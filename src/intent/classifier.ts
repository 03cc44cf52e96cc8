import weightsFile from './classifier-weights.json' with { type: 'json' };
import { INTENT_CUES } from './cues.js';
import type { Extracted } from './extract.js';
import { INTENTS, type IntentContext, type IntentName } from './schema.js';

/**
 * The learned half of the parser: multinomial logistic regression over hashed features of the
 * message — its words and word pairs after names and figures are replaced by what they are
 * ("lora on <model> with <examples>"), character n-grams of each word (for slips such as
 * "recomend"), and what the extractor found (how many methods, a model, a budget, the context).
 * Trained by scripts/train-intents.mjs with a fixed seed; the weights are
 * src/intent/classifier-weights.json. Inference is a few hundred additions: deterministic, no I/O.
 */

/** The intents, and 'followup': a message that changes the previous case without asking something new. */
export const CLASSES = [...INTENTS, 'followup'] as const;
export type ClassName = (typeof CLASSES)[number];

/** Bumped whenever the features change: the weights must then be retrained (a test checks it). */
export const FEATURE_VERSION = 3;
export const DIMENSIONS = 1 << 14;

/** FNV-1a, 32-bit: the same bucket for the same feature on every machine. */
function bucket(feature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i += 1) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & (DIMENSIONS - 1);
}

const lengthBucket = (n: number): string => (n <= 1 ? '1' : n <= 2 ? '2' : n <= 4 ? '3-4' : n <= 7 ? '5-7' : n <= 12 ? '8-12' : '13+');

/** The feature names of a message (exposed for the training script and tests). */
export function featureNames(x: Extracted, context?: IntentContext): string[] {
  const tokens = x.delex
    .replace(/[^a-z0-9<>?$ ]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .slice(0, 80);
  const names = new Set<string>();
  const padded = ['^', ...tokens, '$'];
  for (let i = 0; i < padded.length; i += 1) {
    const token = padded[i] as string;
    if (i > 0 && i < padded.length - 1) names.add(`w:${token}`);
    if (i + 1 < padded.length) names.add(`b:${token}_${padded[i + 1]}`);
  }
  if (tokens.length > 0) names.add(`f:${tokens[0]}`);
  if (tokens.length > 1) names.add(`f2:${tokens[0]}_${tokens[1]}`);
  for (const token of tokens.slice(0, 40)) {
    if (token.startsWith('<') || token.length < 4) continue;
    const word = `#${token}#`;
    for (let i = 0; i + 4 <= word.length; i += 1) names.add(`c:${word.slice(i, i + 4)}`);
  }
  // The hand-written cue phrases of each intent, as evidence the model weighs.
  for (const [intent, cues] of Object.entries(INTENT_CUES)) {
    cues.forEach(([pattern], i) => {
      if (pattern.test(x.words)) {
        names.add(`k:${intent}:${i}`);
        names.add(`k:${intent}`);
      }
    });
  }
  const s = x.slots;
  names.add(`m:methods=${Math.min(x.methods.length, 3)}`);
  if (s.model !== null) names.add('m:model');
  if (x.family && s.model === null) names.add('m:family');
  if (x.closedModel) names.add('m:closed');
  if (s.gpu !== null) names.add('m:gpu');
  if (s.gpus !== null) names.add('m:gpus');
  if (s.provider !== null) names.add('m:provider');
  if (s.examples !== null || s.datasetTokens !== null) names.add('m:examples');
  if (s.epochs !== null) names.add('m:epochs');
  if (s.budgetUsd !== null || s.budget !== null) names.add('m:budget');
  if (s.tokensPerExample !== null) names.add('m:tokens');
  const facts = [s.task, s.qualityCritical, s.firstTime, s.multiGpu].filter((v) => v !== null).length;
  if (facts > 0) names.add(`m:facts=${Math.min(facts, 2)}`);
  if (x.topic) names.add(`m:topic=${x.topic}`);
  if (x.question) names.add(`m:question=${x.question}`);
  if (x.owned) names.add('m:owned');
  if (x.slashStyle && (x.methods.length > 0 || s.model !== null)) names.add('m:slash');
  if (tokens.includes('?')) names.add('m:?');
  names.add(`m:len=${lengthBucket(tokens.length)}`);
  if (context) {
    names.add('x:context');
    names.add(`x:${context.intent}`);
    if (tokens.length > 0) names.add(`x:f:${tokens[0]}`);
    if (s.model === null && x.methods.length === 0) names.add('x:nocase');
  } else names.add('x:none');
  return [...names];
}

export function featureIndices(x: Extracted, context?: IntentContext): number[] {
  return featureNames(x, context).map(bucket);
}

interface WeightsFile {
  version: number;
  dimensions: number;
  classes: string[];
  corpusHash: string;
  bias: number[];
  scale: number[];
  /** Int8 weights, class-major, base64. */
  weights: string;
}

interface Model {
  bias: Float64Array;
  scale: Float64Array;
  weights: Int8Array;
  classes: number;
}

let model: Model | undefined;

/** Decoded on first use: the command line's estimate path never pays for it. */
function load(): Model {
  if (model) return model;
  const file = weightsFile as unknown as WeightsFile;
  if (file.version !== FEATURE_VERSION || file.dimensions !== DIMENSIONS || file.classes.join() !== CLASSES.join())
    throw new Error('src/intent/classifier-weights.json is stale: run `npm run build && node scripts/train-intents.mjs`');
  const bytes = Buffer.from(file.weights, 'base64');
  model = {
    bias: Float64Array.from(file.bias),
    scale: Float64Array.from(file.scale),
    weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    classes: CLASSES.length,
  };
  return model;
}

export const weightsInfo = (): { version: number; corpusHash: string } => {
  const file = weightsFile as unknown as WeightsFile;
  return { version: file.version, corpusHash: file.corpusHash };
};

/** Probabilities of each class, in CLASSES order. */
export function predict(indices: readonly number[]): Float64Array {
  const m = load();
  const scores = new Float64Array(m.classes);
  for (let c = 0; c < m.classes; c += 1) {
    const row = c * DIMENSIONS;
    let sum = 0;
    for (const i of indices) sum += m.weights[row + i] as number;
    scores[c] = (m.bias[c] as number) + sum * (m.scale[c] as number);
  }
  let top = -Infinity;
  for (const v of scores) top = Math.max(top, v);
  let total = 0;
  for (let c = 0; c < m.classes; c += 1) {
    scores[c] = Math.exp((scores[c] as number) - top);
    total += scores[c] as number;
  }
  for (let c = 0; c < m.classes; c += 1) scores[c] = (scores[c] as number) / total;
  return scores;
}

export interface Classification {
  intent: IntentName | 'followup';
  confidence: number;
  /** The best intent that is not a follow-up, for when the follow-up has nothing to follow. */
  fresh: IntentName;
}

export function classify(x: Extracted, context?: IntentContext): Classification {
  const probs = predict(featureIndices(x, context));
  let best = 0;
  let fresh = -1;
  for (let c = 0; c < probs.length; c += 1) {
    if ((probs[c] as number) > (probs[best] as number)) best = c;
    if (CLASSES[c] !== 'followup' && (fresh === -1 || (probs[c] as number) > (probs[fresh] as number))) fresh = c;
  }
  return { intent: CLASSES[best] as ClassName, confidence: probs[best] as number, fresh: CLASSES[fresh] as IntentName };
}
