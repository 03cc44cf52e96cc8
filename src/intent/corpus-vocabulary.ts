import { DEFAULT_PRICES, GPUS, MODELS } from '../engine/index.js';
import { FAMILIES, familySizes } from './vocabulary.js';

/**
 * The names the training corpus (scripts/intent-corpus.mjs) puts in its templates, drawn from the
 * catalogs in a fixed order: the classifier learns from "<model>" and "<gpu>", not from the names,
 * so a catalog that grows changes the generated text but not what the classifier is taught.
 */
export function corpusVocabulary(): { models: string[]; sizes: string[]; families: string[]; gpus: string[]; providers: string[] } {
  const models = MODELS.flatMap((m) => [m.name.toLowerCase(), m.id]);
  const sizes = [...new Set(MODELS.map((m) => m.sizeLabel.toLowerCase()).filter((s) => /^\d+(\.\d+)?b$/.test(s)))];
  const families = FAMILIES.filter((f) => familySizes(f).length > 1);
  const gpus = GPUS.flatMap((g) => [g.name.replace(/\s*\d+\s*gb\b/i, '').toLowerCase(), ...g.aliases.slice(0, 1)]);
  const providers = DEFAULT_PRICES.providers.map((p) =>
    p.name
      .replace(/\(.*?\)/g, '')
      .trim()
      .toLowerCase(),
  );
  return { models, sizes, families, gpus, providers };
}
