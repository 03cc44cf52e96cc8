#!/usr/bin/env node
// Trains the intent classifier (multinomial logistic regression over hashed features) on the corpus
// of scripts/intent-corpus.mjs and writes src/intent/classifier-weights.json. Deterministic: a fixed
// seed, a fixed order, the same weights on every run. Run after `npm run build`:
//   node scripts/train-intents.mjs            train and write the weights
//   node scripts/train-intents.mjs --check    only report whether the committed weights are current
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { corpus, corpusHash, featurized, HYPER, rng, SEED } from './intent-corpus.mjs';

const { CLASSES, DIMENSIONS, FEATURE_VERSION } = await import('../dist/src/intent/classifier.js');
const { trainingFeatures } = await import('../dist/src/intent/rules.js');
const { corpusVocabulary } = await import('../dist/src/intent/corpus-vocabulary.js');

const WEIGHTS = new URL('../src/intent/classifier-weights.json', import.meta.url);
const FIXTURES = new URL('../test/fixtures/', import.meta.url);

const examples = featurized(corpus(corpusVocabulary(), FIXTURES), { features: trainingFeatures, classes: CLASSES });
const hash = corpusHash(examples, { version: FEATURE_VERSION, dimensions: DIMENSIONS, classes: CLASSES });

if (process.argv.includes('--check')) {
  const current = JSON.parse(readFileSync(WEIGHTS, 'utf8')).corpusHash;
  console.log(
    current === hash ? 'weights are current' : `weights are stale (corpus ${hash.slice(0, 12)}, weights ${String(current).slice(0, 12)})`,
  );
  process.exit(current === hash ? 0 : 1);
}

const C = CLASSES.length;
const w = new Float64Array(C * DIMENSIONS);
const b = new Float64Array(C);
const p = new Float64Array(C);
const wAvg = new Float64Array(C * DIMENSIONS);
const bAvg = new Float64Array(C);
let averaged = 0;
const order = examples.map((_, i) => i);
const random = rng(SEED);
const started = Date.now();
for (let epoch = 0; epoch < HYPER.epochs; epoch += 1) {
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const lr = HYPER.learningRate / (1 + HYPER.decay * epoch);
  let loss = 0;
  for (const index of order) {
    const { features, label, weight } = examples[index];
    let top = -Infinity;
    for (let c = 0; c < C; c += 1) {
      let s = b[c];
      const row = c * DIMENSIONS;
      for (const f of features) s += w[row + f];
      p[c] = s;
      if (s > top) top = s;
    }
    let total = 0;
    for (let c = 0; c < C; c += 1) {
      p[c] = Math.exp(p[c] - top);
      total += p[c];
    }
    for (let c = 0; c < C; c += 1) p[c] /= total;
    loss -= weight * Math.log(Math.max(p[label], 1e-12));
    for (let c = 0; c < C; c += 1) {
      const g = weight * (p[c] - (c === label ? 1 : 0));
      if (Math.abs(g) < 1e-7) continue;
      b[c] -= lr * g;
      const row = c * DIMENSIONS;
      for (const f of features) w[row + f] -= lr * (g + HYPER.l2 * w[row + f]);
    }
  }
  console.log(`epoch ${epoch + 1}: loss ${(loss / examples.length).toFixed(4)}`);
  // The weights kept are the average over the second half of the epochs: steadier than the last step's.
  if (epoch >= HYPER.epochs * HYPER.averageFrom) {
    averaged += 1;
    for (let i = 0; i < w.length; i += 1) wAvg[i] += (w[i] - wAvg[i]) / averaged;
    for (let c = 0; c < C; c += 1) bAvg[c] += (b[c] - bAvg[c]) / averaged;
  }
}
w.set(wAvg);
b.set(bAvg);

// Int8 weights with one scale per class: a quarter of the size of float32, the same predictions to within rounding.
const scale = [];
const quantized = new Int8Array(C * DIMENSIONS);
for (let c = 0; c < C; c += 1) {
  let maxAbs = 0;
  for (let f = 0; f < DIMENSIONS; f += 1) maxAbs = Math.max(maxAbs, Math.abs(w[c * DIMENSIONS + f]));
  const s = maxAbs / 127 || 1;
  scale.push(Number(s.toPrecision(6)));
  for (let f = 0; f < DIMENSIONS; f += 1) quantized[c * DIMENSIONS + f] = Math.round(w[c * DIMENSIONS + f] / scale[c]);
}
const file = {
  $comment:
    'Written by scripts/train-intents.mjs from scripts/intent-corpus.mjs; do not edit. Retrain after changing the corpus or the features.',
  version: FEATURE_VERSION,
  dimensions: DIMENSIONS,
  classes: [...CLASSES],
  corpusHash: hash,
  trainedOn: examples.length,
  bias: [...b].map((v) => Number(v.toFixed(5))),
  scale,
  weights: Buffer.from(quantized.buffer).toString('base64'),
};
writeFileSync(WEIGHTS, `${JSON.stringify(file)}\n`);

// Accuracy on the training corpus, with the quantized weights (as inference uses them).
let right = 0;
for (const { features, label } of examples) {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < C; c += 1) {
    let s = file.bias[c];
    let sum = 0;
    for (const f of features) sum += quantized[c * DIMENSIONS + f];
    s += sum * scale[c];
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  if (best === label) right += 1;
}
console.log(
  `trained on ${examples.length} messages in ${((Date.now() - started) / 1000).toFixed(1)} s; training accuracy ${((right / examples.length) * 100).toFixed(1)}%; wrote ${WEIGHTS.pathname} (${Math.round(JSON.stringify(file).length / 1024)} KB)`,
);
