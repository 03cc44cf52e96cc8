// Types of scripts/intent-corpus.mjs, for the test that checks the committed weights against the corpus.
export interface CorpusMessage {
  text: string;
  label: string;
  context?: { intent: string };
  source: string;
}
export interface FeaturizedMessage {
  features: number[];
  label: number;
  weight: number;
  text: string;
}
export const SEED: number;
export const HYPER: { epochs: number; learningRate: number; decay: number; l2: number; labelledWeight: number; averageFrom: number };
export const TRAINING_SETS: string[];
export const HELD_OUT: string[];
export function rng(seed: number): () => number;
export function labelledSets(fixturesUrl: URL): CorpusMessage[];
export function generated(
  vocab: { models: string[]; sizes: string[]; families: string[]; gpus: string[]; providers: string[] },
  seed?: number,
): CorpusMessage[];
export function corpus(vocab: Parameters<typeof generated>[0], fixturesUrl: URL): CorpusMessage[];
export function corpusHash(
  examples: FeaturizedMessage[],
  meta: { version: number; dimensions: number; classes: readonly string[] },
): string;
export function featurized(
  messages: CorpusMessage[],
  options: { features: (text: string, context?: { intent: string }) => number[]; classes: readonly string[] },
): FeaturizedMessage[];
