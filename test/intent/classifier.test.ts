import { describe, expect, it } from 'vitest';
import { corpus, corpusHash, featurized, HELD_OUT, TRAINING_SETS } from '../../scripts/intent-corpus.mjs';
import { CLASSES, DIMENSIONS, FEATURE_VERSION, featureIndices, predict, weightsInfo } from '../../src/intent/classifier.js';
import { corpusVocabulary } from '../../src/intent/corpus-vocabulary.js';
import { extract } from '../../src/intent/extract.js';
import { trainingFeatures } from '../../src/intent/rules.js';
import type { IntentName } from '../../src/intent/schema.js';

describe('the learned intent classifier', () => {
  it('the committed weights were trained on the current corpus and features (else: npm run build && node scripts/train-intents.mjs)', () => {
    const messages = corpus(corpusVocabulary(), new URL('../fixtures/', import.meta.url));
    expect(messages.length).toBeGreaterThan(5000);
    const examples = featurized(messages, {
      features: (text, ctx) => trainingFeatures(text, ctx as { intent: IntentName } | undefined),
      classes: CLASSES,
    });
    const hash = corpusHash(examples, { version: FEATURE_VERSION, dimensions: DIMENSIONS, classes: CLASSES });
    expect(weightsInfo()).toEqual({ version: FEATURE_VERSION, corpusHash: hash });
  });

  it('never trains on a held-out set', () => {
    for (const name of HELD_OUT) expect(TRAINING_SETS).not.toContain(name);
    expect(TRAINING_SETS).not.toContain('intents-heldout-4.json');
  });

  it('inference is deterministic: the same message gives the same probabilities, which sum to one', () => {
    const x = extract('lora or qlora for our support bot, budget $2k?');
    const a = predict(featureIndices(x));
    const b = predict(featureIndices(extract('lora or qlora for our support bot, budget $2k?')));
    expect([...a]).toEqual([...b]);
    expect(a.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
    expect(CLASSES[a.indexOf(Math.max(...a))]).toBe('recommend');
  });
});
