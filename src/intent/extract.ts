import { questionOf as questionCue } from './questions.js';
import {
  DEFAULT_PRICES,
  JOB_INPUTS,
  parseCount,
  parseEpochs,
  RECOMMEND_FACTS,
  resolveModel,
  resolveProvider,
  resolveTopic,
  type Topic,
} from '../engine/index.js';
import { closedModels } from './closed-models.js';
import { TASK_CUES, TOPIC_CUES } from './cues.js';
import { normalize, type Normalized } from './normalize.js';
import { emptySlots, type AskSlot, type Question, type Slots } from './schema.js';
import {
  choiceMatch,
  FAMILY_PATTERN,
  GPU_NAME,
  gpuOf,
  isBareNumberGpu,
  methodNameRegex,
  methodOf,
  MODEL_NAME,
  modelOf,
  notYetNamed,
  providerMatch,
} from './vocabulary.js';

/** What a span of the message was read as; the classifier sees these words instead of the names and figures. */
export type SpanLabel =
  | 'gpu'
  | 'provider'
  | 'closed'
  | 'model'
  | 'family'
  | 'method'
  | 'money'
  | 'examples'
  | 'epochs'
  | 'tokens'
  | 'figure'
  | 'choice'
  | 'setting';

const GLOBAL = new WeakMap<RegExp, RegExp>();
/** The pattern with the g flag, made once per pattern. */
function globalOf(pattern: RegExp): RegExp {
  if (pattern.global) return pattern;
  let global = GLOBAL.get(pattern);
  if (!global) {
    global = new RegExp(pattern.source, `${pattern.flags}g`);
    GLOBAL.set(pattern, global);
  }
  return global;
}

/** A working copy of the text: each extractor blanks what it used, so no figure is read twice. */
export class Text {
  readonly spans: Array<{ start: number; end: number; label: SpanLabel }> = [];

  constructor(public value: string) {}

  /** Each extractor reads at most this many matches: a message states a handful of figures, a paste thousands. */
  static readonly MAX_MATCHES = 12;

  /** `when` false skips the pattern: a cheap test that it cannot match ("no digit, no figure"). */
  take(pattern: RegExp, label: SpanLabel, use: (match: RegExpExecArray) => boolean | void, when = true): void {
    if (!when) return;
    const global = globalOf(pattern);
    global.lastIndex = 0;
    let match: RegExpExecArray | null;
    const found: Array<[number, number]> = [];
    let tried = 0;
    while (tried < Text.MAX_MATCHES && (match = global.exec(this.value)) !== null) {
      if (match[0] === '') {
        global.lastIndex += 1;
        continue;
      }
      tried += 1;
      if (use(match) !== false) found.push([match.index, match.index + match[0].length]);
    }
    if (found.length === 0) return;
    let out = '';
    let at = 0;
    for (const [start, end] of found) {
      out += `${this.value.slice(at, start)} ${'·'.repeat(Math.max(0, end - start - 1))}`;
      at = end;
      this.spans.push({ start, end, label });
    }
    this.value = out + this.value.slice(at);
  }

  blank(start: number, end: number, label: SpanLabel): void {
    this.value = `${this.value.slice(0, start)} ${'·'.repeat(Math.max(0, end - start - 1))}${this.value.slice(end)}`;
    this.spans.push({ start, end, label });
  }
}

const NUM = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const SUFFIX = String.raw`(?:\s?(k|m|mm|mil|thousand|million|bn|billion|b)\b)?`;
/** A number starts where no digit, dot or comma is before it: each run of digits is tried once. */
const AT = String.raw`(?<![\d.,])`;
const COUNT = `${AT}${NUM}${SUFFIX}`;
/** Money never takes a B suffix: "budget on 70b" is a model, not a budget. */
const MONEY = String.raw`${AT}${NUM}(?:\s?(k|m|mm|thousand|million)\b)?`;
const EXAMPLE_NOUNS = String.raw`(?:examples?|sequences?|seqs?|pdfs?|exmaples?|examles?|samples?|rows?|rowz|records?|docs?|documents?|conversations?|convos?|pairs?|items?|notes?|instances?|prompts?|dialogues?|dialogs?|transcripts?|datapoints?|data points?|articles?|traces?|tickets?|emails?|reports?|queries|query|chats?|messages?|threads?|reviews?|questions?|answers?|snippets?|files?|papers?|filings?|entries|entry|lines?|completions?|demonstrations?|trajectories|calls?|contracts?|summaries|stories|posts?|abstracts?|descriptions?|recipes?|logs?|cases?|forms?|pages?|problems?|solutions?|exercises?|utterances?|responses?|replies|comments?|translations?|captions?|q&as?|qa pairs?|faqs?|instructions?|shots?|turns?)`;
const TOKENS = String.raw`(?:tokens?|toks?)`;
/** Words a currency is written with, and the currency they mean. */
const CURRENCY_WORDS: Array<[RegExp, string]> = [
  [/^(?:\$|us\$|usd|dollars?|bucks)$/, 'USD'],
  [/^(?:€|eur|euros?)$/, 'EUR'],
  [/^(?:£|gbp|pounds?|quid)$/, 'GBP'],
  [/^(?:¥|jpy|yen)$/, 'JPY'],
  [/^(?:₹|inr|rupees?)$/, 'INR'],
  [/^(?:c\$|cad)$/, 'CAD'],
  [/^(?:a\$|aud)$/, 'AUD'],
  [/^(?:chf|francs?)$/, 'CHF'],
];
const CURRENCY_BEFORE = String.raw`(\bus\$|\bc\$|\ba\$|\$|€|£|¥|₹|\b(?:usd|eur|gbp|chf|cad|aud|inr|jpy)\b)`;
const CURRENCY_AFTER = String.raw`(dollars?|usd|bucks|\$|€|£|eur|euros?|gbp|pounds?|quid|yen|jpy|rupees?|inr|cad|aud|chf|francs?)`;

const count = (digits: string | undefined, suffix: string | undefined): number | undefined => {
  if (!digits) return undefined;
  const parsed = parseCount(`${digits}${suffix ? suffix : ''}`, 'count');
  return parsed.ok ? parsed.value : undefined;
};
const scaled = (digits: string | undefined, suffix: string | undefined): number | undefined => {
  if (!digits) return undefined;
  const n = Number(digits);
  const multiplier = !suffix ? 1 : /^(k|thousand)$/.test(suffix) ? 1e3 : /^(m|mm|mil|million)$/.test(suffix) ? 1e6 : 1e9;
  const value = n * multiplier;
  return Number.isFinite(value) && value > 0 ? Math.round(value * 100) / 100 : undefined;
};
const currencyOf = (word: string): string | undefined => CURRENCY_WORDS.find(([pattern]) => pattern.test(word))?.[1];
const max = (key: keyof typeof JOB_INPUTS): number => (JOB_INPUTS[key] as { max?: number }).max ?? Number.POSITIVE_INFINITY;
const grouped = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The extractors' patterns, compiled once (their sources are long: every GPU, model and method name). */
const HYPERPARAMETERS =
  /\b(?:batch(?:[\s-]?size)?|bs|micro[\s-]?batch(?:[\s-]?size)?|mbs|grad(?:ient)?[\s-]?accum(?:ulation)?(?:[\s-]steps)?|accum(?:ulation)?[\s-]steps|warm[\s-]?up(?:[\s-]steps)?|lr|learning[\s-]rate|seed|dropout|(?:lora[\s-])?alpha|weight[\s-]decay|(?:max|save|eval|logging)[\s-]steps|ticket|issue|pr|id|version)\s*(?:of|=|:|is|at|to)?\s*#?\d[\d.]*(?:e[+-]?\d+)?\b(?:\s*(?:steps|epochs?))?|#\d+\b|\b\d+(?:\.\d+)?\s*epochs?\s+(?:of\s+)?warm[\s-]?up\b/g;
const GPU_WITH_COUNT = new RegExp(
  String.raw`(?:\b(\d{1,4})\s*(?:nodes?\s*(?:of|with|x)\s*(\d{1,3})\s*)?(?:x|\*)?\s*(?:(\d{2,3})\s*gb\s+)?|\b(a|an|one|single|a single|my|our|our own|my own|the|dual|twin|a pair of|pair of|two|quad|octo)\s+(?:(\d{2,3})\s*gb\s+)?)?${GPU_NAME}(?:\s*(?:x|\*)\s*(\d{1,4})\b)?`,
);
const SEQ_LEN_AFTER = new RegExp(
  String.raw`\b(?:seq(?:uence)?[\s_-]*len(?:gth)?|max[\s_-]*(?:seq[\s_-]*)?len(?:gth)?|context(?:[\s-]*(?:length|window|len))?|ctx)\s*(?:of|=|:|is|at)?\s*~?${COUNT}(?:\s*tokens?)?`,
);
const SEQ_LEN_BEFORE = new RegExp(
  String.raw`${COUNT}[\s-]*(?:tokens?[\s-]*(?:of\s+)?)?(?:context(?:[\s-]*(?:length|window))?|ctx|seq(?:uence)?[\s-]*len(?:gth)?)\b`,
);
/** "budget: 2-3k", "spend under 2-3k": a budget range without a currency sign. */
const MONEY_RANGE_WORDS = new RegExp(
  String.raw`\b(?:budget|spend(?:ing)?|under|below|less than|max|at most|around|about)\b[^.\d$]{0,12}~?${AT}${NUM}(?:\s?(k|m|thousand))?\s*(?:-|to)\s*${NUM}(?:\s?(k|m|thousand))?(?!\s*(?:examples?|rows?|samples?|tokens?|epochs?|gpus?)\b)`,
);
/** A range with a k/M suffix and no noun, in the slash form ("lora 8b 10-20k"): asked about. */
const COUNT_RANGE = new RegExp(String.raw`(?<![\w.·$€£¥₹#-])${NUM}\s*(?:k|m)?\s*-\s*${NUM}\s?(k|m)\b(?![\w·%-])`);
/** "$1.5k-2k", "$500 to $800": a budget range, asked about rather than guessed. */
const MONEY_RANGE = new RegExp(
  String.raw`${CURRENCY_BEFORE}\s?${NUM}(?:\s?(k|m|thousand))?\s*(?:-|to)\s*(?:${CURRENCY_BEFORE}\s?)?${NUM}(?:\s?(k|m|thousand))?\b(?!\s*(?:\/|per|an hour|a month))`,
);
const MONEY_CURRENCY_BEFORE = new RegExp(
  String.raw`(?:\bbudget(?:\s+(?:of|is|around|about|~|under|below|max|at most|up to))?\s*[:=]?\s*)?${CURRENCY_BEFORE}\s?${NUM}(?:\s?(k|m|mm|thousand|million)\b)?`,
);
const MONEY_CURRENCY_AFTER = new RegExp(String.raw`${MONEY}\s*${CURRENCY_AFTER}(?![a-z])`);
const MONEY_BUDGET_WORD_BEFORE = new RegExp(
  String.raw`\b(?:budget|spend(?:ing)? (?:cap|limit)|cost cap|cap on spend)\b(?:\s+(?:could|can|would|will|might|may)\s+(?:go|be|stretch|reach))?(?:\s+(?:is|of|was|were|be|=|at|up to|to|around|about|near|~|under|below|less than|no more than|at most|max(?:imum)?|roughly|approx(?:imately)?|maybe|like|only|just|tops|capped at|limited to|set at|went|goes|increased|dropped|changed|bumped|raised|cut|doubled|became|becomes|now|more like|closer to)){0,4}\s*[:=]?\s*~?\s?${MONEY}(?!\w|\.\d)(?!\s*(?:examples?|rows?|samples?|tokens?|epochs?|gpus?))`,
);
const MONEY_BUDGET_WORD_AFTER = new RegExp(String.raw`${MONEY}\s*(?:usd\s+|dollar\s+)?(?:budget|budge|budgt|spend|cap)\b`);
const TOKENS_EACH = new RegExp(
  String.raw`~?\s*${COUNT}[\s-]?${TOKENS}\s*(?:each|avg|average|on average|apiece|long|per\s*(?:example|sample|row|doc|document|conversation|item|record|note|pair|ticket|chat)|/\s*(?:example|sample))\b`,
);
const EACH_EXAMPLE_TOKENS = new RegExp(
  String.raw`\b(?:each|every|per|one|an?|the|avg|average)\s+(?:example|sample|row|doc|document|conversation|record|item|ticket|chat)s?\s+(?:is|are|has|have|of|averages?|average|=|runs?)?\s*(?:about|around|~|roughly|approx)?\s*${COUNT}\s*${TOKENS}\b`,
);
const TOKEN_NOUNS = new RegExp(String.raw`${COUNT}[\s-]${TOKENS}\s+${EXAMPLE_NOUNS}`);
const TOKENS_ANY = new RegExp(String.raw`${COUNT}\s*${TOKENS}\b`);
const MODEL_BY_NAME = new RegExp(MODEL_NAME);
const MODEL_BY_SIZE = new RegExp(
  String.raw`\b(${FAMILY_PATTERN}[\s-]*(?:[a-z]?\d(?:\.\d)?(?=[\s-]))?[\s-]*)?(\d+x\d+|\d+(?:\.\d+)?)[\s-]?b\b(?:[\s-]*(?:instruct|chat|base|it|hf|model|param(?:eter)?s?))?`,
);
const FAMILY_ALONE = new RegExp(String.raw`(?<![a-z0-9])(${FAMILY_PATTERN})(?![\s-]*(?:\d+(?:\.\d+)?\s?b\b|\d+x\d|x\d))(?![a-z0-9])`);

const RANGE = new RegExp(
  String.raw`(?:\bbetween\s+${COUNT}\s*(?:and|-|to)\s*${COUNT}|${COUNT}\s*(?:-|to|or)\s*${COUNT})\s*(?:(?:[a-z]+\s+){0,2}?(${EXAMPLE_NOUNS}|epochs?|passes))\b`,
);
const VAGUE_AMOUNT = new RegExp(
  String.raw`\b(?:(?:a few|few|several|a couple of|some)\s*(?:thousand|k|million|m|hundred)|tens of thousands of|hundreds of thousands of|thousands of|millions of|hundreds of|a few|several)\s+(?:more\s+)?(?:[a-z]+\s+){0,2}?(${EXAMPLE_NOUNS}|epochs?|passes)\b`,
);
const EXAMPLES_TIMES_EPOCHS = new RegExp(
  String.raw`${COUNT}\s*(?:${EXAMPLE_NOUNS}\s*)?x\s*(\d{1,4})\b(?:\s*(?:epochs?|epcohs?|epohcs?|epocs?|eopchs?))?`,
);
const EPOCHS = new RegExp(
  String.raw`(?:\bx\s*(\d+(?:\.\d+)?)\s*(?:epochs?|epcohs?)?(?![\w.])|${AT}(\d+(?:\.\d+)?|\.\d+)[\s-]*(?:full\s+)?(?:epochs?|epcohs?|epohcs?|epocs?|eopchs?|epoch|ep|passes|pass)\b|${AT}\b(\d{1,4})x\s*(?:epochs?|passes)|\bepochs?\s*(?:=|:|of)\s*(\d+(?:\.\d+)?))`,
);
const EXAMPLES_WITH_NOUN = new RegExp(String.raw`${COUNT}[\s-]*(?:[a-z&/]+[\s-]+){0,2}?${EXAMPLE_NOUNS}\b`);
const DATASET_SIZE = new RegExp(
  String.raw`\b(?:dataset|data|examples|samples|rows)\b[^.\d]{0,20}?\b(?:to|of|is|=|at|size|:)\s*~?${COUNT}(?!\s*(?:tokens?|epochs?|gpus?|\$))`,
);
const MONEY_UNDER = new RegExp(
  String.raw`\b(?:under|below|less than|at most|no more than|max(?:imum)?|within|capped at|cap of)\s+~?${MONEY}(?!\s*(?:examples?|rows?|samples?|tokens?|epochs?|gpus?|${EXAMPLE_NOUNS})\b)(?!\w|\.\d)`,
);
const PROSE_COUNT = new RegExp(
  String.raw`(?<!\b(?:under|below|less than|max|within|cap|budget|spend|spending|for|than|about|around|over|at|costs?|\$)\s?)(?<![\w.$])${NUM}\s?(k|m|mil|thousand|million)\b(?!\s*(?:tokens?|toks?|\$|dollars|budget|usd|bucks|params?|parameters?|context|ctx|seq|per|/|an hour|a month))`,
);
const POSITIONAL = new RegExp(String.raw`(?<![\w.·$€£¥₹#-])${NUM}${SUFFIX}(?![\w·%-]|\.\w)`);

export interface Extracted {
  slots: Slots;
  /** Lowercase text without apostrophes. */
  words: string;
  /** The text with every name and figure read replaced by what it was read as ("<model>", "<examples>"). */
  delex: string;
  /** The text with every name and figure read blanked out. */
  rest: string;
  /** The text with only the names (GPUs, models, methods, providers) blanked: its figures as written. */
  figures: string;
  methods: string[];
  broadcast: boolean;
  /** A method named that ftcost does not model (its closest relative is in `methods`). */
  notYet?: string;
  /** A model family named without a size. */
  family?: string;
  closedModel?: string;
  /** Figures no slot can take, named in the reply ("1000000000000 epochs" is out of range). */
  problems: string[];
  /** A slot the message speaks of without a figure the reply can use ("a few thousand examples", "€1000"). */
  ask?: AskSlot;
  /** Only names and figures, as in `/ftcost qlora 70b 10k 3`: bare numbers are read by position. */
  slashStyle: boolean;
  /** A GPU the team owns ("my 3090", "we have 2 A6000s"). */
  owned: boolean;
  question?: Question;
  topic: Topic | null;
}

/** Words that do not make a message prose: the slash form may carry them. */
const SLASH_FILLER = new Set(
  'on with for using at in x and the a an of please pls plz estimate cost costs price pricing prices compare comparison quote epochs epoch examples example rows samples tokens how much long what about is it run fine tune tuning finetune ft via per hr hour ? , . : - / vs ftcost'.split(
    ' ',
  ),
);

/** Names, figures and facts from the text; nothing is classified here. */
export const extract = (raw: string): Extracted => extractNormalized(normalize(raw));

/** The same, from text `normalize` has already read. */
export function extractNormalized({ text: normalized, broadcast, huge }: Normalized): Extracted {
  const words = normalized.replace(/'/g, '');
  const t = new Text(words);
  const slots = emptySlots();
  const problems: string[] = [];
  // Cheap tests that let whole groups of patterns be skipped: no digit, no figure (number words are digits by now).
  const digits = /\d/.test(words);
  const tokens = digits && /\bto?k/.test(words);
  let ask: AskSlot | undefined;
  let owned = false;
  if (huge) problems.push(`"${huge}" is not a figure I can use: write it out, e.g. 10k, 1.5M or 70b.`);

  // Closed models first: "gpt-4o" must not be read as a size or a count.
  let closedModel: string | undefined;
  const closed = closedModels();
  t.take(closed.pattern, 'closed', (m) => {
    const id = closed.idOf(m[1] as string);
    if (!id) return false;
    // As written ("gpt-5"): the reply names what was asked about; the engine's list resolves any of its names.
    closedModel ??= (m[1] as string).trim();
    return true;
  });

  // Method names with figures in them ("fft 8bit", a registered variant) before figures are read: "8bit" is then part of the name.
  const methods: string[] = [];
  t.take(methodNameRegex(), 'method', (m) => {
    const method = /\d/.test(m[0]) ? methodOf(m[1] as string) : undefined;
    if (!method) return false;
    if (!methods.includes(method)) methods.push(method);
    return true;
  });

  // Training settings and ids are figures of no slot: "batch 32", "lr 2e-4", "seed 42", "alpha 32", "ticket #4521", "0.5 epochs of warmup".
  t.take(HYPERPARAMETERS, 'figure', () => true, digits);

  // GPUs, with their counts, so "8 H100s" and "80gb" are not read as examples or sizes.
  t.take(GPU_WITH_COUNT, 'gpu', (m) => {
    // Groups: a count, GPUs per node ("2 nodes of 8"), a memory size ("4 x 80gb a100s"), a word ("dual", "my"), its memory size, the name, a count after it.
    const [, counted, perNode, countedMemory, word, wordMemory, name = '', countAfter] = m;
    const memory = countedMemory ?? wordMemory;
    const gpu = (memory ? gpuOf(`${name} ${memory}gb`) : undefined) ?? gpuOf(name);
    if (!gpu) return false;
    const start = m.index ?? 0;
    const after = t.value.slice(start + m[0].length, start + m[0].length + 40);
    const before = t.value.slice(Math.max(0, start - 60), start);
    if (isBareNumberGpu(name)) {
      // A card unless it is counted ("4090 examples", "4.09k") or follows another figure, as in the slash form "8b 4090 3".
      if (/^\s*(k\b|[a-z]*\s*(examples?|samples?|rows?|docs?|documents?|tokens?|epochs?|steps?))/.test(after)) return false;
      if (counted === undefined && word === undefined && /\b\d+(?:\.\d+)?\s*[kmb]?\s*$/.test(before)) return false;
    }
    slots.gpu ??= gpu;
    if (slots.gpu !== gpu) return true;
    // "100 H100 hours" is an amount of GPU time, not 100 GPUs.
    if (/^[\s-]*(?:hours?|hrs?|h)\b/.test(after)) return true;
    const n = counted ?? countAfter;
    if (n) slots.gpus = Number(n) * (perNode ? Number(perNode) : 1);
    else if (word && /^(a|an|one|single|a single)$/.test(word)) slots.gpus = 1;
    else if (word && /^(dual|twin|a pair of|pair of|two)$/.test(word)) slots.gpus = 2;
    else if (word === 'quad') slots.gpus = 4;
    else if (word === 'octo') slots.gpus = 8;
    if (
      (word && /^(my|our)/.test(word)) ||
      /\b(we|i)\s+(have|own|got|already have|bought|run|are running)\b[^.?]{0,30}$|\b(weve|ive|we have|i have) got\b[^.?]{0,30}$|\b(my|our)( own)?( \w+)? $|\bin[\s-]house\b|\bon[\s-]prem/.test(
        before,
      ) ||
      /^\s*(we|i) (have|own)\b|^[^.?]{0,30}\b(in[\s-]house|on[\s-]prem\w*|in the office|under (my|our) desk|that we own|we own|we have|sitting (in|under|around))\b/.test(
        after,
      )
    )
      owned = true;
    return true;
  });
  t.take(
    /\b(\d{1,4})\s*(?:x\s*)?(?:gpus?|cards?)\b(?!\s*worth)(?![\s-]*(?:hours?|hrs?|h)\b)/g,
    'gpu',
    (m) => {
      slots.gpus = Number(m[1]);
    },
    digits,
  );

  const provider = providerMatch(t.value);
  if (provider && resolveProvider(DEFAULT_PRICES, provider.id).ok) {
    slots.provider = provider.id;
    t.blank(provider.index, provider.index + provider.length, 'provider');
  }
  for (const input of ['optimizer', 'targets', 'precision'] as const) {
    const choice = choiceMatch(input, t.value);
    if (choice) {
      (slots as Record<string, unknown>)[input] = choice.value;
      t.blank(choice.index, choice.index + choice.length, 'choice');
    }
  }

  // Inputs chat shares with the command line: LoRA rank, sequence length, runs per project.
  t.take(
    /\b(?:lora[\s-]+)?(?:rank[\s-]*(?:of|=|:)?|r\s*[=:]|(?<!deepseek[\s-]*)r(?=\d{1,3}\b(?![.\d])))\s*(\d{1,4})\b(?!\s*(?:k|examples?|epochs?|gpus?)\b)/g,
    'figure',
    (m) => {
      const n = Number(m[1]);
      if (!(n >= 1 && n <= 4096)) return false;
      // "r16" alone is a rank only beside a LoRA-family method ("deepseek r1" is a model).
      if (/^r\d/.test(m[0]) && !/\b(q-?lora|lora|adapters?|peft)\b/.test(words)) return false;
      slots.rank = n;
      return true;
    },
    digits,
  );
  const contextLength = (digits: string | undefined, suffix: string | undefined): number | undefined => {
    const n = count(digits, suffix);
    // "4k context" means 4,096 tokens: a power of two, as context lengths are.
    if (n !== undefined && suffix === 'k' && [1, 2, 4, 8, 16, 32, 64, 128, 256].includes(Number(digits))) return Number(digits) * 1024;
    return n;
  };
  t.take(
    SEQ_LEN_AFTER,
    'figure',
    (m) => {
      const n = contextLength(m[1], m[2]);
      if (n === undefined || n < 16) return false;
      slots.seqLen = n;
      return true;
    },
    digits,
  );
  t.take(
    SEQ_LEN_BEFORE,
    'figure',
    (m) => {
      const n = contextLength(m[1], m[2]);
      if (n === undefined || n < 16) return false;
      slots.seqLen = n;
      return true;
    },
    digits,
  );
  t.take(
    /\b(\d{1,5})\s*(?:training\s+|fine[\s-]?tuning\s+|experiment(?:al)?\s+|separate\s+|full\s+)?(?:runs|experiments|trial runs|training jobs)\b/g,
    'figure',
    (m) => {
      slots.runs = Number(m[1]);
    },
    digits,
  );

  // Figures that are not slots, blanked so they are not misread: "team of 2", "r=16", "12 bytes per param", "2-5%".
  t.take(
    /\bteam of (?:\d+|a few)\b|\b\d+[\s-]*(?:person|people|man|engineer|dev)?[\s-]*(?:team|people|persons|ppl|engineers?|devs?|developers?|folks|of us|members?|researchers?|scientists?|interns?|heads?|fte)\b|\b\d+\s*(?:sentences?|words?|bullets?|paragraphs?|characters?|chars?|steps?|nodes?|hops?|points?|years?|months?|days?|weeks?|hours?|hrs?|minutes?|mins?|seconds?|times|languages?|classes|labels|layers?|heads?|bytes?)\b|\br\s*=\s*\d+\b|\brank\s*\d+\b|\d+(?:\.\d+)?\s*(?:-\s*\d+(?:\.\d+)?\s*)?%|\b\d+\s*(?:percent|gb|gib|tb|mb|gbs)\b|\b(?:all|the|these|those|each of the) (?:3|three)\b|\b(?:in|since|from|by|during|of|until|before|after)\s+(?:19|20)\d\d\b(?!\s*(?:examples?|rows?|samples?|tokens?|epochs?))|\bv\d+(?:\.\d+)*\b|\b\d+(?:st|nd|rd|th)\b|\b\d+[\s-]?bit\b(?![\s-]*(?:q?lora|adam))|\b\d+:\d+\b/g,
    'figure',
    () => true,
    digits,
  );

  // Money: a currency before or after the figure, or a budget word around it. Budgets in another
  // currency are kept as written, never treated as dollars; the reply asks.
  const money = (digits: string | undefined, suffix: string | undefined, currency: string): boolean => {
    const value = scaled(digits, suffix);
    if (value === undefined) return false;
    if (currency === 'USD') {
      if (slots.budgetUsd === null) slots.budgetUsd = value;
    } else if (slots.budget === null) {
      slots.budget = { amount: value, currency };
      ask ??= 'budget';
    }
    return true;
  };
  const rate =
    /^\s*(?:\/\s*h(?:ou)?r\b|\/\s*h\b|an? hour\b|per hour\b|hourly\b|per gpu[\s-]?h(?:ou)?r\b|\/\s*gpu[\s-]?h|a gpu[\s-]?hour\b|\/\s*(?:mo|month|wk|week|day|yr|year)\b|(?:per|a|an|each|every) (?:month|week|day|year)\b|monthly\b|weekly\b|daily\b|yearly\b|annually\b)/;
  for (const range of [MONEY_RANGE, MONEY_RANGE_WORDS])
    t.take(
      range,
      'money',
      () => {
        ask ??= 'budget';
        return true;
      },
      digits,
    );
  t.take(
    MONEY_CURRENCY_BEFORE,
    'money',
    (m) => {
      const after = t.value.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 20);
      if (rate.test(after)) return true; // a rate, not a budget: blanked, no slot
      return money(m[2], m[3], currencyOf(m[1] as string) ?? 'USD');
    },
    digits,
  );
  t.take(
    MONEY_CURRENCY_AFTER,
    'money',
    (m) => {
      const after = t.value.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 20);
      if (rate.test(after)) return true;
      return money(m[1], m[2], currencyOf(m[3] as string) ?? 'USD');
    },
    digits,
  );
  t.take(
    MONEY_BUDGET_WORD_BEFORE,
    'money',
    (m) => {
      const after = t.value.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 20);
      return rate.test(after) ? true : money(m[1], m[2], 'USD');
    },
    digits,
  );
  t.take(
    MONEY_BUDGET_WORD_AFTER,
    'money',
    (m) => {
      const value = scaled(m[1], m[2]);
      if (value === undefined || (!m[2] && value < 20)) return false;
      return money(m[1], m[2], 'USD');
    },
    digits,
  );
  // Tokens: per example ("1,024 tokens each", "each sample is 3000 tokens"), then the whole dataset.
  const perExample = (m: RegExpExecArray) => {
    const n = count(m[1], m[2]);
    if (n === undefined) return false;
    slots.tokensPerExample = n;
    return true;
  };
  t.take(TOKENS_EACH, 'tokens', perExample, tokens);
  t.take(EACH_EXAMPLE_TOKENS, 'tokens', perExample, tokens);
  t.take(TOKEN_NOUNS, 'tokens', perExample, tokens);
  t.take(
    TOKENS_ANY,
    'tokens',
    (m) => {
      const n = count(m[1], m[2]);
      if (n === undefined) return false;
      // Short counts are lengths of an example; long ones the size of the dataset.
      if (n < 100_000 && !/\b(total|in all|overall|dataset|corpus)\b/.test(words)) slots.tokensPerExample = n;
      else slots.datasetTokens = n;
      return true;
    },
    tokens,
  );

  // Model: a catalog name as written ("Llama 4 Scout", "phi-4", "qwen2.5-72b-instruct").
  const setModel = (id: string): boolean => {
    const model = resolveModel(id);
    if (!model.ok) return false;
    slots.model = model.value.id;
    slots.paramsB = Math.round((model.value.params.total / 1e9) * 100) / 100;
    return true;
  };
  t.take(MODEL_BY_NAME, 'model', (m) => {
    if (slots.model) return false;
    const id = modelOf(m[1] as string);
    return id ? setModel(id) : false;
  });
  // Model: a family and version before a size ("llama 3.1 70b", "qwen2.5-72b", "mixtral 8x7b"), or a bare size.
  t.take(
    MODEL_BY_SIZE,
    'model',
    (m) => {
      if (slots.model) return false;
      const candidate = `${(m[1] ?? '').trim()} ${m[2]}b`.trim();
      if (setModel(candidate)) return true;
      return m[1] ? setModel(`${m[2]}b`) : false;
    },
    digits,
  );

  // "an 8 billion parameter model", "a 70bn-param model": a size.
  t.take(
    /(?<![\w.])(\d+(?:\.\d+)?)\s*(?:b|bn|billion)[\s-]*param(?:eter)?s?\b(?:[\s-]*model)?/g,
    'model',
    (m) => {
      if (slots.model) return false;
      return setModel(`${m[1]}b`);
    },
    digits,
  );
  // A family named without a size ("mistral", "qwen"): its only size, or a question (decided with the context).
  let family: string | undefined;
  if (!slots.model) {
    const named = FAMILY_ALONE.exec(t.value);
    if (named) {
      family = named[1];
      t.blank(named.index, named.index + named[0].length, 'family');
    }
  }

  // Methods (more than one named is a comparison or a choice: no single method slot).
  const addMethod = (method: string) => {
    if (!methods.includes(method)) methods.push(method);
  };
  /** "the full breakdown", "show me the full cost": "full" describing something else, not the method. */
  const NOT_A_METHOD_AFTER_FULL =
    /^[\s-]*(comparison|breakdown|table|list|details?|picture|tour|view|report|answer|output|version|story|assumptions?|spectrum|range|stop|name|text|context|explanation|math|workings?|rundown|summary)\b/;
  const NOT_A_METHOD_AFTER_THE_FULL =
    /^[\s-]*(price|prices|cost|costs|estimate|numbers|month|day|week|year|time|dataset|data|run|set|bill|amount|budget|thing|case)\b/;
  t.take(methodNameRegex(), 'method', (m) => {
    const method = methodOf(m[1] as string);
    if (!method) return false;
    if (method === 'full' && /^full$/.test(m[0])) {
      const start = m.index ?? 0;
      const after = t.value.slice(start + 4, start + 40);
      if (NOT_A_METHOD_AFTER_FULL.test(after)) return false;
      if (
        NOT_A_METHOD_AFTER_THE_FULL.test(after) &&
        /\b(the|a|an|my|our|your|this|that|in|at)\s+$/.test(t.value.slice(Math.max(0, start - 8), start))
      )
        return false;
    }
    addMethod(method);
    return true;
  });
  t.take(
    /\b(fully(?![\s-]*(?:burdened|loaded|costed|baked|booked|utili[sz]ed|managed|remote|automated))|full[\s-]*param\w*|fulll?[\s-]*(?:parameter[\s-]*)?(?:fine[\s-]*tun\w*|finetun\w*|finetue\w*|finetnue\w*|ft|training|sft|tune|tuning|train)|full[\s-]*weights?|all[\s-]the[\s-]weights|all[\s-]weights|every (?:weight|parameter)|whole network)\b/g,
    'method',
    () => addMethod('full'),
  );
  // Adapters and PEFT stand for the LoRA family.
  t.take(/\b(adapters?|adapter[\s-]based|adapter[\s-]tuning|peft)\b/g, 'method', () => {
    if (!methods.includes('qlora')) addMethod('lora');
  });
  // A method people name that ftcost does not model: its closest relative, said in the reply.
  const notYet = methods.length === 0 ? notYetNamed(words) : undefined;
  if (notYet) addMethod(notYet.closest);
  // The slash form names the model right after the method: keep an unknown one as typed ("qlora
  // llama-9 10k 3", "lora gpt-5 10k"), so the answer can say it is unknown instead of assuming another
  // model or asking which size of a family. A closed model stays named in `closedModel` as well.
  if (!slots.model && methods.length === 1) {
    const named =
      /^\s*(?:q[\s-]?lora|lora|fft|full(?:[\s-]*(?:ft|fine[\s-]*tun\w*))?)\s+([a-z][a-z0-9]*(?:[.-][a-z0-9]+)+|[a-z]+\d[a-z0-9]*)(?=\s|$)/.exec(
        words,
      );
    if (named && !/^(on|with|for|of|the|a|an|and|to|in)$/.test(named[1] as string)) {
      slots.model = (named[1] as string).slice(0, 40);
      family = undefined;
    }
  }
  if (methods.length === 1) slots.method = methods[0] as Slots['method'];
  if (methods.length >= 2) slots.methods = [...methods];

  // Epochs and examples.
  const setEpochs = (raw: string, written: string): boolean => {
    const e = parseEpochs(raw);
    if (!e.ok) return false;
    if (e.value > max('epochs')) {
      problems.push(`"${written.trim()}" is out of range: epochs go up to ${grouped(max('epochs'))}.`);
      ask ??= 'epochs';
      return true;
    }
    slots.epochs = e.value;
    return true;
  };
  const setExamples = (n: number, written: string): boolean => {
    if (n > max('examples')) {
      problems.push(`"${written.trim()}" is out of range: examples go up to ${grouped(max('examples'))}.`);
      ask ??= 'examples';
      return true;
    }
    slots.examples = n;
    return true;
  };
  // Ranges and vague amounts are asked about, never guessed: "10k-20k examples", "a few thousand rows".
  t.take(
    RANGE,
    'examples',
    (m) => {
      const [lowDigits, lowSuffix, highDigits, highSuffix] = m[1] !== undefined ? [m[1], m[2], m[3], m[4]] : [m[5], m[6], m[7], m[8]];
      const high = scaled(highDigits, highSuffix);
      const low = scaled(lowDigits, lowSuffix ?? highSuffix);
      if (high === undefined || low === undefined || high <= low) return false;
      ask ??= /^(epochs?|passes)$/.test(m[9] as string) ? 'epochs' : 'examples';
      return true;
    },
    digits,
  );
  t.take(VAGUE_AMOUNT, 'examples', (m) => {
    ask ??= /^(epochs?|passes)$/.test(m[1] as string) ? 'epochs' : 'examples';
    return true;
  });
  // "10k x 3".
  t.take(
    EXAMPLES_TIMES_EPOCHS,
    'examples',
    (m) => {
      const n = count(m[1], m[2]);
      if (n === undefined || n < 20) return false;
      setExamples(n, m[0]);
      return setEpochs(m[3] as string, m[0]);
    },
    digits,
  );
  t.take(EPOCHS, 'epochs', (m) => setEpochs(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '', m[0]), digits);
  t.take(
    EXAMPLES_WITH_NOUN,
    'examples',
    (m) => {
      const n = count(m[1], m[2]);
      if (n === undefined) return false;
      return setExamples(n, m[0]);
    },
    digits,
  );
  t.take(
    DATASET_SIZE,
    'examples',
    (m) => {
      const n = count(m[1], m[2]);
      if (n === undefined) return false;
      return setExamples(n, m[0]);
    },
    digits,
  );

  // Money without a currency: "keep it under 2k", after the counts with nouns have been read.
  if (/\b(budget|spend|spending|afford|cost|costs|cheap|cheaper|price|money|pay|keep it|bill)\b/.test(words)) {
    t.take(MONEY_UNDER, 'money', (m) => (m[2] ? money(m[1], m[2], 'USD') : false));
  }

  const topic = topicOf(words, methods);
  const slashStyle = isSlashStyle(t.value);
  const hasCase = methods.length > 0 || slots.model !== null || family !== undefined || closedModel !== undefined;
  if (hasCase && slashStyle && digits)
    t.take(COUNT_RANGE, 'examples', () => {
      ask ??= 'examples';
      return true;
    });
  if (hasCase && slashStyle && digits) positional(t, slots, problems, (a) => (ask ??= a), max('epochs'));
  else if (hasCase && slots.examples === null && digits) {
    // In prose, a figure with a k/M suffix and no noun is the examples ("lora on 70b with 10k"), unless money words surround it.
    t.take(PROSE_COUNT, 'examples', (m) => {
      if (slots.examples !== null) return false;
      const n = count(m[1], m[2]);
      return n === undefined ? false : setExamples(n, m[0]);
    });
  }
  if (slots.gpus !== null && slots.gpus > max('gpus')) {
    problems.push(`"${slots.gpus} GPUs" is out of range: up to ${grouped(max('gpus'))} GPUs.`);
    slots.gpus = null;
  }
  if (slots.budgetUsd !== null && slots.budgetUsd > (RECOMMEND_FACTS.budgetUsd.max ?? Infinity)) {
    problems.push(`"$${grouped(slots.budgetUsd)}" is out of range for a budget.`);
    slots.budgetUsd = null;
  }

  facts(words, slots);
  if (owned && slots.gpu !== null) slots.owned = true;
  const question = questionCue(words) ?? questionOf(words, slots.gpu !== null);
  if (question) slots.question = question;
  // "is it cheaper to buy a GPU?": the GPU is the thing bought, not a count for the plan.
  if (question === 'buy-vs-rent' && slots.gpu === null && slots.gpus === 1) slots.gpus = null;

  return {
    slots,
    words,
    delex: delexicalize(words, t),
    rest: t.value,
    figures: namesBlanked(words, t),
    methods,
    broadcast,
    problems,
    slashStyle,
    owned,
    topic,
    ...(ask ? { ask } : {}),
    ...(question ? { question } : {}),
    ...(notYet ? { notYet: notYet.id } : {}),
    ...(family ? { family } : {}),
    ...(closedModel ? { closedModel } : {}),
  };
}

/** Only names, figures and a word or two besides: the slash form, where bare numbers go by position. */
function isSlashStyle(blanked: string): boolean {
  let prose = 0;
  for (const word of blanked.split(/[\s·]+/)) {
    if (!word || SLASH_FILLER.has(word) || /^[\d.,:/~x$-]+[km]?$/.test(word)) continue;
    prose += 1;
    if (prose > 2) return false;
  }
  return true;
}

/** Bare numbers in the slash form: `qlora 70b 10k 3` → the first is examples, the next epochs. */
function positional(t: Text, slots: Slots, problems: string[], asking: (slot: AskSlot) => void, maxEpochs: number): void {
  t.take(POSITIONAL, 'examples', (m) => {
    const n = count(m[1], m[2]);
    if (n === undefined) return false;
    if (slots.examples === null && (m[2] || n >= 100)) {
      if (n > (JOB_INPUTS.examples.max ?? Infinity)) {
        problems.push(`"${m[0].trim()}" is out of range: examples go up to ${grouped(JOB_INPUTS.examples.max)}.`);
        asking('examples');
        return true;
      }
      slots.examples = n;
      return true;
    }
    if (slots.epochs === null && !m[2]) {
      if (n > maxEpochs) {
        problems.push(`"${m[0].trim()}" as epochs is out of range: epochs go up to ${grouped(maxEpochs)}.`);
        asking('epochs');
        return true;
      }
      if (n > 0 && n <= maxEpochs) {
        slots.epochs = n;
        return true;
      }
    }
    return false;
  });
}

const NAME_LABELS: ReadonlySet<SpanLabel> = new Set(['gpu', 'provider', 'closed', 'model', 'family', 'method', 'choice']);

function namesBlanked(words: string, t: Text): string {
  let out = words;
  for (const span of t.spans)
    if (NAME_LABELS.has(span.label)) out = `${out.slice(0, span.start)}${' '.repeat(span.end - span.start)}${out.slice(span.end)}`;
  return out;
}

/** The text with every read span replaced by its label, and remaining figures by "<n>". */
function delexicalize(words: string, t: Text): string {
  const spans = [...t.spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out += `${words.slice(at, span.start)} <${span.label}> `;
    at = span.end;
  }
  out += words.slice(at);
  return out
    .replace(/\$?\d[\w.,]*/g, ' <n> ')
    .replace(/\s+/g, ' ')
    .trim();
}

function topicOf(text: string, methods: readonly string[]): Topic | null {
  for (const [pattern, topic] of TOPIC_CUES) if (pattern.test(text)) return topic;
  if (methods.length === 1) {
    const method = resolveTopic(methods[0] as string);
    if (method.ok) return method.value;
  }
  if (methods.length >= 2) return methods.includes('qlora') ? 'qlora' : methods.includes('lora') ? 'lora' : 'full';
  return null;
}

/** What a question about a case asks in particular. */
function questionOf(text: string, gpuNamed: boolean): Question | undefined {
  if (
    /\b(buy|buying|purchase|purchasing|own|owning|capex)\b[^.]{0,60}\b(rent|renting|rental|cloud|on[\s-]demand|lease)\b|\b(rent|renting|cloud|lease)\b[^.]{0,40}\b(buy|buying|purchase|own|owning)\b|\bbreak[\s-]?even\b|\bbuy vs\.? rent\b|\bworth (buying|owning)\b/.test(
      text,
    )
  )
    return 'buy-vs-rent';
  if (gpuNamed && /\b(is|are|would|will|be)\b[^.?]{0,40}\b(enough|sufficient|plenty)\b/.test(text) && !/\bgood enough\b/.test(text))
    return 'fit';
  if (
    /\bcosts? less\b|\bless expensive\b|\bcheap(est|er)\b|\bleast expensive\b|\blowest[\s-]cost\b|\bmost (economical|cost[\s-]effective)\b|\bcost[\s-]effective\b|\bbudget option\b/.test(
      text,
    )
  )
    return 'cheapest';
  if (
    /\bhow long\b|\bhow many (gpu[\s-])?(hours|days|weeks)\b|\btraining time\b|\bwall[\s-]?clock\b|\bduration\b|\bhow fast\b|\btime to train\b|\btake to train\b|\bhow quickly\b|\bturnaround\b/.test(
      text,
    )
  )
    return 'time';
  if (
    /^fits?\b|(?<!\b(?:method|approach|option|technique|one|which|what|best))\s+fits?\b|\bfitting\b|\benough (vram|memory)\b|\bhow much (vram|memory|gpu memory)\b|\bhow many (gigs|gb) of (vram|memory)\b|\bout of memory\b|\boom\b|\bhow many (gpus|cards|h100s|a100s|h200s|l40s|4090s|3090s|b200s)\b|\bgpus do (i|we) need\b|\b(feasible|possible|doable) on\b|\b(will|would|does|can) it run on\b|\bcan (i|we|you) (run|do|train|fine[\s-]?tune|qlora|lora|full)\b[^.?]{0,40}\b(on|with) (a|an|one|1|my|our|two|2|single)\b|\bsqueeze\b|\btoo (big|large|much)\b[^.?]{0,30}\b(for|on)\b|(?<!\bgood )\b(enough|suffice|sufficient)\b[^.?]{0,30}\b(to|for)\b(?=[^.?]{0,40}\b(gpus?|cards?|vram|memory|h100s?|a100s?|run|train|tune|fit)\b)|\b(run|runs|work|fit) on (a |an |one |our |my |two |2 |\d )|\b(vram|memory|gpu memory) (needed|required|requirements?|footprint)\b|\b(needed|required) (vram|memory)\b/.test(
      text,
    )
  )
    return 'fit';
  if (
    /\bhow much (quality|accuracy)\b|\b(quality|accuracy) (loss|drop|hit|difference|gap|penalty|cost)\s*\?|\b(lose|losing|give up|giving up|sacrifice|trade off|drop) (much |any |how much |a lot of )?(quality|accuracy)\b|\bhow much worse\b|\b(hurt|hurts|affect|affects|impact|impacts|degrade|degrades) (the )?(quality|accuracy)\b|\bquality (wise|difference)\b/.test(
      text,
    )
  )
    return 'quality';
  return undefined;
}

function facts(text: string, slots: Slots): void {
  for (const [pattern, task] of TASK_CUES) {
    if (pattern.test(text)) {
      slots.task = task;
      break;
    }
  }
  if (
    /\bproduction\b|2\s*-?\s*5\s*%|\bquality (really |truly )?(matters|is critical|is important|is key|critical)\b|\bquality[\s-]critical\b|\bbusiness impact\b|\bevery (percent|%)|\bcustomer[\s-]facing\b|\b(straight|goes|go|ships?|going) to (our |paying )?(customers|users|regulators)\b|\bpaying customers\b|\b(quality|accuracy) (loss|drop|hit)s? (isnt|is not|wouldnt|would not be|arent|are not) (acceptable|ok)|\b(quality|accuracy) (cant|cannot|must not|mustnt) (slip|drop|regress)|\bregressions? (are|is) a (big|huge) deal\b|\breal money\b|\bfew (percent|%) (matters|counts|loss)|\bcant afford\b[^.]{0,30}\b(accuracy|quality)\b|\b(quality|accuracy) loss would be visible\b|\bpoints of (quality|accuracy)\b|\b(patient|customer|client|user)[\s-]facing\b|\benterprise customers\b|\bshowstopper\b|\bmake[\s-]or[\s-]break\b|\brel(y|ies) on it\b|\bquality matters\b|\b(accuracy|quality) (is|are) (everything|paramount|crucial|critical)\b/.test(
      text,
    )
  ) {
    slots.qualityCritical = true;
  }
  if (
    /\b(none of us|nobody|no one)( here)? (has|have) (ever )?(trained|fine[\s-]?tuned)\b|\bfirst (crack|go|attempt|shot|try)\b|\b(zero|no) (fine[\s-]?tuning )?experience\b|\bnew to (all )?this\b|\b(nobody|no one)( here)? has fine[\s-]?tuned\b|\bfirst[\s-]time\b|\bnever (fine[\s-]?tuned|done (this|it)|trained)\b|\bnew to fine[\s-]?tuning\b|\bfirst (ever )?(fine[\s-]?tun(e|ing)|finetun(e|ing))\b|\bfirst (fine[\s-]?tuning )?project\b|\bhavent fine[\s-]?tuned\b|\bnever (done|run) (a )?fine[\s-]?tun|\bweve never\b|\bwe have never\b|\bbeginners?\b/.test(
      text,
    )
  ) {
    slots.firstTime = true;
  } else if (/\b(experienced|weve fine[\s-]?tuned before|done this before|done this many times)\b/.test(text)) slots.firstTime = false;
  if (
    /\b(single[\s-]gpu only|only (use |have |afford |run on )?(a |one |1 )?(single )?(workstation )?gpu|no multi[\s-]?gpu|(one|1) gpu only|only (one|1) gpu|just (one|1) gpu|only had (one|1|a single) gpu|can only run on (a |one |1 )?(single )?gpu)\b|\b(nobody|no one|none of us|zero|no)\b[^.]{0,40}\b(distributed|multi[\s-]?gpu|fsdp|deepspeed)\b|\b(one|1|a single) (box|machine|node|server|workstation) with (one|1|a single) gpu\b|\b(one|1|a single) (card|gpu) under a desk\b|\bnever (done|run|tried) multi[\s-]?(node|gpu)\b|\bgaming rig\b|\bone \S+ card\b|\bnobody(s| has)? (touched|used|run) multi[\s-]?gpu\b|\b(we|i) (only )?(have|had) (a single|one|1) gpu\b|\bsingle gpu\b/.test(
      text,
    )
  ) {
    slots.multiGpu = false;
  } else if (
    /\bmulti[\s-]?gpu (experience|team|engineers?|capacity|expertise|skills?|training)\b|\bdistributed training (experience|expertise)\b|\bwe (have|can do|run) (multi[\s-]?gpu|distributed)\b|\b(run|ran|used|done|operated|experience with|comfortable with)\b[^.]{0,20}\b(fsdp|deepspeed|megatron|multi[\s-]?node|multi[\s-]?gpu|distributed training)\b|\b(fsdp|deepspeed|megatron) (experience|expertise)\b|\bshard (across|over) (gpus|nodes)\b|\b\d+[\s-]node (cluster|pod|setup)\b|\b(live and breathe|know|love|are fluent in|fluent in) (fsdp|deepspeed|megatron)\b/.test(
      text,
    )
  ) {
    slots.multiGpu = true;
  }
}
