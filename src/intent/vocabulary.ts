import {
  DEFAULT_PRICES,
  GPUS,
  JOB_INPUTS,
  METHOD_IDS,
  MODELS,
  methodNames,
  notYetMethods,
  resolveModel,
  type NotYetMethod,
  type PriceTable,
} from '../engine/index.js';

/**
 * The words chat recognises for GPUs, providers, model families, methods and optimizers, built from
 * the catalogs and the method table: adding one JSON entry is enough for chat to understand it.
 * Each phrase becomes a pattern that forgives case, spaces and hyphens between letters and digits
 * ("H100 SXM", "h100-sxm", "h100sxm"), and a plural "s" ("4090s").
 */

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Lowercase alphanumeric chunks: "RTX 6000 Ada" → rtx, 6000, ada; "h100-sxm5" → h, 100, sxm, 5. */
function chunks(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .flatMap((word) => word.match(/[a-z]+|\d+(?:\.\d+)?/g) ?? [])
    .filter(Boolean);
}

/** A phrase as a pattern: its chunks with optional spaces, hyphens, dots or brackets between them. */
export const phrasePattern = (phrase: string): string => chunks(phrase).map(escape).join('[\\s()._/-]*');

/** The key two spellings of a phrase share: its chunks run together. */
export const phraseKey = (phrase: string): string => chunks(phrase).join('');

interface Lexicon {
  /** Alternation of every phrase, longest first (so "a100 80gb pcie" wins over "a100"). */
  source: string;
  byKey: Map<string, string>;
}

function lexicon(entries: Array<{ phrase: string; value: string }>): Lexicon {
  const byKey = new Map<string, string>();
  const patterns = new Map<string, string>();
  for (const { phrase, value } of entries) {
    const key = phraseKey(phrase);
    if (!key) continue;
    const owner = byKey.get(key);
    if (owner !== undefined && owner !== value) continue; // the first (most specific) owner of a spelling keeps it
    byKey.set(key, value);
    patterns.set(phrasePattern(phrase), key);
  }
  const source = [...patterns.keys()].sort((a, b) => b.length - a.length).join('|');
  return { source, byKey };
}

/** A GPU's phrases: its id, name, aliases, and the name without its memory size ("RTX 6000 Ada"). */
function gpuPhrases(): Array<{ phrase: string; value: string }> {
  const out: Array<{ phrase: string; value: string }> = [];
  for (const g of GPUS) for (const phrase of [g.id, g.name, ...g.aliases]) out.push({ phrase, value: g.id });
  for (const g of GPUS) out.push({ phrase: g.name.replace(/\s*\d+\s*gb\b/i, ''), value: g.id });
  return out;
}

const GPU = lexicon(gpuPhrases());
/** Aliases that are bare numbers ("4090"): a GPU only where a count of examples cannot be meant. */
const BARE_NUMBER_GPU = new Set([...GPU.byKey.keys()].filter((k) => /^\d+$/.test(k)));

/** The pattern of any GPU name, with an optional vendor prefix and plural "s"; group 1 is the name. */
/** A name starts a word ("with 200" holds no H200), or follows a count's x ("8xH100"). */
const GPU_START = '(?:(?<![a-z0-9])|(?<=\\d\\s?[x*]))';
export const GPU_NAME = `${GPU_START}(?:nvidia[\\s-]+|amd[\\s-]+|geforce[\\s-]+)?${GPU_START}(${GPU.source})s?(?![a-z0-9])`;

/** The GPU id a matched name means, if any ("H100s" → h100-sxm). */
export function gpuOf(matched: string): string | undefined {
  const key = phraseKey(matched);
  return GPU.byKey.get(key) ?? (key.endsWith('s') ? GPU.byKey.get(key.slice(0, -1)) : undefined);
}

/** True for a name like "4090" that only counts as a GPU in context (not "4090 examples"). */
export const isBareNumberGpu = (matched: string): boolean => BARE_NUMBER_GPU.has(phraseKey(matched).replace(/s$/, ''));

/** Does the text begin with a GPU name? (For number words: "four H100s" is a count of GPUs.) */
const STARTS_WITH_GPU = new RegExp(`^\\s*(?:single\\s+)?(?:gpus?\\b|cards?\\b|${GPU_NAME})`);
export function startsWithGpu(text: string): boolean {
  return STARTS_WITH_GPU.test(text.slice(0, 60));
}

/** A provider's phrases: its id, name, aliases, and the name without what is in parentheses ("RunPod"). */
function providerPhrases(table: PriceTable): Array<{ phrase: string; value: string }> {
  const out: Array<{ phrase: string; value: string }> = [];
  for (const p of table.providers) {
    out.push({ phrase: p.id, value: p.id });
    for (const alias of p.aliases ?? []) out.push({ phrase: alias, value: p.id });
  }
  for (const p of table.providers) out.push({ phrase: p.name, value: p.id });
  for (const p of table.providers) out.push({ phrase: p.name.replace(/\(.*?\)/g, '').replace(/\.(ai|io|com)\b/i, ''), value: p.id });
  return out;
}

let providerLexicon: { table: PriceTable; lexicon: Lexicon; pattern: RegExp } | undefined;
function providers(table: PriceTable): { lexicon: Lexicon; pattern: RegExp } {
  if (providerLexicon?.table !== table) {
    const lex = lexicon(providerPhrases(table));
    providerLexicon = { table, lexicon: lex, pattern: new RegExp(`(?<![a-z0-9])(?:${lex.source})s?(?![a-z0-9])`, 'g') };
  }
  return providerLexicon;
}

/**
 * The provider a message asks for: the first one named, skipping one set aside ("rather than
 * lambda", "instead of aws").
 */
export function providerNamed(text: string, table: PriceTable = DEFAULT_PRICES): string | undefined {
  return providerMatch(text, table)?.id;
}

/** The provider a message asks for and where it is named (see `providerNamed`). */
export function providerMatch(text: string, table: PriceTable = DEFAULT_PRICES): { id: string; index: number; length: number } | undefined {
  const { lexicon: lex, pattern } = providers(table);
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    if (/\b(rather than|instead of|not|over|vs\.?|versus|than)\s*$/.test(text.slice(Math.max(0, match.index - 20), match.index))) continue;
    // Provider names that are English words too: "a vast amount of data", "lambda functions".
    const next = text.slice(match.index + match[0].length, match.index + match[0].length + 24);
    if (
      /^\s*(amounts?|majority|numbers?|quantit|arrays?|datasets?|data|collections?|corpus|corpora|library|libraries|improvements?|differences?|range|scale|sums?|expanse|functions?|calculus|expressions?|layers?|handlers?|architecture)\b/.test(
        next,
      )
    )
      continue;
    const key = phraseKey(match[0]);
    const id = lex.byKey.get(key) ?? (key.endsWith('s') ? lex.byKey.get(key.slice(0, -1)) : undefined);
    if (id) return { id, index: match.index, length: match[0].length };
  }
  return undefined;
}

/** Model families as people type them, from the catalog ("llama", "qwen", "mixtral", ...), longest first. */
export const FAMILIES: readonly string[] = [...new Set(MODELS.map((m) => m.family.toLowerCase()))].sort((a, b) => b.length - a.length);

/** The pattern of a family name (no capture group). */
export const FAMILY_PATTERN = `(?:meta[\\s-]*)?(?:${FAMILIES.map(phrasePattern).join('|')})`;

/** Model names from the catalog (ids, names, aliases): "Llama 4 Scout", "phi-4", "deepseek-r1". */
const MODEL = lexicon(MODELS.flatMap((m) => [m.id, m.name, ...m.aliases].map((phrase) => ({ phrase, value: m.id }))));

/** The pattern of any catalog model's name (group 1), with an optional variant suffix. */
export const MODEL_NAME = `(?<![a-z0-9.])(${MODEL.source})(?:[\\s-]*(?:instruct|chat|base|it|hf))?(?![a-z0-9]|\\.\\d)`;
export const modelOf = (matched: string): string | undefined => MODEL.byKey.get(phraseKey(matched));

/** The catalog's sizes of a family, smallest first: what to list when a message names a family but no size. */
export function familySizes(family: string): Array<{ id: string; name: string; size: string }> {
  const key = phraseKey(family);
  const members = MODELS.filter((m) => phraseKey(m.family) === key);
  const bySize = new Map<string, { id: string; name: string; size: string }>();
  for (const m of members) {
    const resolved = resolveModel(m.id);
    const current = bySize.get(m.sizeLabel);
    if (!current || m.defaultForSize) bySize.set(m.sizeLabel, { id: m.id, name: m.name, size: m.sizeLabel.toUpperCase() });
    if (!resolved.ok) bySize.delete(m.sizeLabel);
  }
  return [...bySize.values()].sort((a, b) => parseFloat(a.size) - parseFloat(b.size));
}

/**
 * Typing slips of one-word method names ("qlroa", "lroa", "loraa"): two neighbouring letters swapped,
 * or one letter doubled, and for longer names one letter after the first dropped ("qlra"). A slip
 * that spells another method's name or an English word is not one.
 */
function typoVariants(methods: Lexicon): Map<string, string> {
  const names = new Map<string, string>();
  for (const [key, method] of methods.byKey) if (/^[a-z]{4,}$/.test(key)) names.set(key, method);
  const words = new Set(['lore', 'lord', 'flora', 'loar', 'fill', 'fall', 'fell', 'full', 'flul', 'ufll', 'lull']);
  const variants = new Map<string, string>();
  const add = (variant: string, method: string) => {
    if (variant.length < 4 || methods.byKey.has(variant) || words.has(variant) || variants.has(variant)) return;
    variants.set(variant, method);
  };
  for (const [name, method] of names) {
    if (method === 'full') continue; // "full" is matched by its own phrasings
    for (let i = 0; i + 1 < name.length; i += 1) add(`${name.slice(0, i)}${name[i + 1]}${name[i]}${name.slice(i + 2)}`, method);
    for (let i = 0; i < name.length; i += 1) add(`${name.slice(0, i + 1)}${name[i]}${name.slice(i + 1)}`, method);
    if (name.length >= 5) for (let i = 1; i < name.length; i += 1) add(`${name.slice(0, i)}${name.slice(i + 1)}`, method);
  }
  return variants;
}

interface MethodWords {
  ids: readonly string[];
  lexicon: Lexicon;
  typos: Map<string, string>;
  pattern: string;
  regex: RegExp;
}

/** Method names from the method table (ids, names, aliases) and their slips, longest first; rebuilt when a method is registered. */
let methodCache: MethodWords | undefined;
function methodWords(): MethodWords {
  if (methodCache?.ids !== METHOD_IDS) {
    const lex = lexicon(methodNames().map(({ name, method }) => ({ phrase: name, value: method })));
    const typos = typoVariants(lex);
    const slips = [...typos.keys()].sort((a, b) => b.length - a.length).join('|');
    const pattern = `(?<![a-z0-9])(${lex.source}${slips ? `|${slips}` : ''})(?:ing|d|ed|s)?(?![a-z0-9])`;
    methodCache = { ids: METHOD_IDS, lexicon: lex, typos, pattern, regex: new RegExp(pattern) };
  }
  return methodCache;
}

/** The pattern of any method name the table knows, or a slip of one (group 1). */
export const methodNamePattern = (): string => methodWords().pattern;
/** The same, compiled once per method table. */
export const methodNameRegex = (): RegExp => methodWords().regex;
export const methodOf = (matched: string): string | undefined => {
  const { lexicon: lex, typos } = methodWords();
  const key = phraseKey(matched);
  for (const candidate of [key, key.replace(/(?:ing|ed|d|s)$/, '')]) {
    const method = lex.byKey.get(candidate) ?? typos.get(candidate);
    if (method) return method;
  }
  return undefined;
};

const NOT_YET = new Map<string, NotYetMethod>();
for (const m of notYetMethods()) for (const phrase of [m.id, m.name, ...m.aliases]) NOT_YET.set(phraseKey(phrase), m);

const NOT_YET_PATTERN = new RegExp(
  `(?<![a-z0-9])(?:${notYetMethods()
    .flatMap((m) => [m.id, m.name, ...m.aliases])
    .map(phrasePattern)
    .join('|')})(?![a-z0-9])`,
);

/** A method people name that ftcost does not model ("dora"), if the text names one. */
export function notYetNamed(text: string): NotYetMethod | undefined {
  const match = NOT_YET_PATTERN.exec(text);
  return match ? NOT_YET.get(phraseKey(match[0])) : undefined;
}

/** Every enum input's choices and the words people write for them (src/engine/job-inputs.ts `choiceWords`). */
const CHOICES = new Map<string, Lexicon>();
for (const [key, spec] of Object.entries(JOB_INPUTS) as Array<
  [string, { choices?: readonly string[]; choiceWords?: Readonly<Record<string, readonly string[]>> }]
>) {
  if (!spec.choiceWords) continue;
  CHOICES.set(key, lexicon(Object.entries(spec.choiceWords).flatMap(([value, words]) => words.map((phrase) => ({ phrase, value })))));
}

/** The choice of an enum input the text names ("with 8-bit adam" → optimizer adamw-8bit), if any. */
export function choiceNamed(input: string, text: string): string | undefined {
  return choiceMatch(input, text)?.value;
}

const CHOICE_PATTERNS = new Map([...CHOICES].map(([input, lex]) => [input, new RegExp(`(?<![a-z0-9])(?:${lex.source})(?![a-z0-9])`)]));

/** The choice an enum input the text names, and where. */
export function choiceMatch(input: string, text: string): { value: string; index: number; length: number } | undefined {
  const lex = CHOICES.get(input);
  const pattern = CHOICE_PATTERNS.get(input);
  if (!lex || !pattern) return undefined;
  const match = pattern.exec(text);
  const value = match ? lex.byKey.get(phraseKey(match[0])) : undefined;
  return match && value ? { value, index: match.index, length: match[0].length } : undefined;
}
