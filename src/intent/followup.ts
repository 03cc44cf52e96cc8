import type { Extracted } from './extract.js';
import { methodOf } from './vocabulary.js';
import type { IntentName, Slots } from './schema.js';

/**
 * Follow-ups: a message that changes the previous case ("what about 8b?", "double the epochs",
 * "make it 3x the data", "what if the budget was 5k?", "with lambda prices") keeps the case and
 * changes only what it says. Operators scale a figure the case already has; they never make one up.
 */

/** What a follow-up to each remembered intent answers. */
export function followUpIntent(previous: IntentName): IntentName {
  if (previous === 'compare' || previous === 'recommend' || previous === 'estimate') return previous;
  // A pinned comparison is re-asked as a comparison; anything else becomes an estimate.
  return previous === 'pin' ? 'compare' : 'estimate';
}

const FACTORS: Record<string, number> = { double: 2, twice: 2, triple: 3, thrice: 3, quadruple: 4, halve: 0.5, half: 0.5 };

type Scalable = 'examples' | 'epochs' | 'tokensPerExample' | 'budgetUsd' | 'gpus' | 'datasetTokens';
const TARGETS: Array<[RegExp, Scalable]> = [
  [/^(?:the\s+)?(?:number of\s+)?(?:epochs?|passes|training passes)\b/, 'epochs'],
  [
    /^(?:the\s+)?(?:data(?:set)?|examples?|samples?|rows?|records?|docs?|documents?|training data|training set|size of the data)\b/,
    'examples',
  ],
  [/^(?:the\s+)?(?:sequence length|seq len|context|tokens? per example|example length|length)\b/, 'tokensPerExample'],
  [/^(?:the\s+)?(?:budget|spend)\b/, 'budgetUsd'],
  [/^(?:the\s+)?(?:gpus?|cards?|gpu count|number of gpus)\b/, 'gpus'],
];

const targetOf = (after: string): Scalable | undefined => TARGETS.find(([pattern]) => pattern.test(after.trim()))?.[1];

/** Multiplies or adds to a figure of the case the message names: "double the epochs", "3x the data", "add 2 epochs". */
function operate(words: string, slots: Slots): void {
  const scale = (key: Scalable, factor: number) => {
    const value = slots[key];
    if (typeof value !== 'number') return;
    const next = value * factor;
    (slots as Record<string, unknown>)[key] =
      key === 'epochs' || key === 'budgetUsd' ? Math.round(next * 100) / 100 : Math.max(1, Math.round(next));
  };
  let match: RegExpExecArray | null;
  const verbs = /\b(double|twice|triple|thrice|quadruple|halve|half)\b(?:\s+(?:up|down))?(?:\s+(?:of|on))?/g;
  while ((match = verbs.exec(words)) !== null) {
    const target = targetOf(words.slice(match.index + match[0].length, match.index + match[0].length + 40));
    if (target) scale(target, FACTORS[match[1] as string] as number);
  }
  // "make it 3x the data", "10x the examples", "2x epochs", "3 times the data".
  const times = /\b(\d+(?:\.\d+)?)\s*(?:x|times)\s+(?:the\s+|more\s+|as\s+much\s+|as\s+many\s+)?/g;
  while ((match = times.exec(words)) !== null) {
    const target = targetOf(words.slice(match.index + match[0].length, match.index + match[0].length + 40));
    if (target) scale(target, Number(match[1]));
  }
  // "twice as long", "examples twice as long": tokens per example.
  if (/\b(twice|double) as long\b/.test(words)) scale('tokensPerExample', 2);
  if (/\bhalf as long\b/.test(words)) scale('tokensPerExample', 0.5);
  // "add 2 epochs", "2 more epochs", "20k more examples", "another 10k examples".
  const more =
    /\b(?:add|plus|another|\+)\s*(\d+(?:\.\d+)?)\s*(k|m)?\s+(?:more\s+)?([a-z]+)|\b(\d+(?:\.\d+)?)\s*(k|m)?\s+(?:more|extra|additional)\s+([a-z]+)/g;
  while ((match = more.exec(words)) !== null) {
    const digits = match[1] ?? match[4];
    const suffix = match[2] ?? match[5];
    const target = targetOf(match[3] ?? match[6] ?? '');
    const n = Number(digits) * (suffix === 'k' ? 1e3 : suffix === 'm' ? 1e6 : 1);
    if (target && typeof slots[target] === 'number') (slots as Record<string, unknown>)[target] = (slots[target] as number) + n;
  }
}

/** The previous case with what the message changes. */
export function followUp(previous: Slots, x: Extracted): Slots {
  // What a question asks in particular is the new message's alone; the case is carried over.
  const merged: Slots = { ...previous, question: null };
  const update = x.slots;
  // Figures the message states replace the case's; a figure it scales is computed from the case's own.
  const statedByOperator =
    /\b(double|twice|triple|thrice|quadruple|halve|half|\d+\s*(?:x|times)\s+(?:the\s+)?(?:data|examples|epochs))\b|\b(add|another)\s+\d|\b\d+\s*[km]?\s+(more|extra|additional)\b/.test(
      x.words,
    );
  for (const key of Object.keys(update) as Array<keyof Slots>) {
    if (update[key] === null) continue;
    if (statedByOperator && (key === 'examples' || key === 'epochs') && previous[key] !== null) continue;
    (merged as Record<string, unknown>)[key] = update[key];
  }
  if (update.model !== null) merged.paramsB = update.paramsB;
  // "what would going all-weights instead of adapters do": the case switches to the method not set aside.
  if (update.methods?.length === 2) {
    const aside = /\b(?:instead of|rather than)\s+(?:going\s+|using\s+|doing\s+|plain\s+|regular\s+)?([a-z0-9-]+)/.exec(x.words)?.[1];
    const setAside = aside
      ? (methodOf(aside) ?? (/^(adapters?|peft)$/.test(aside) ? 'lora' : /^(full|all-weights?)$/.test(aside) ? 'full' : undefined))
      : undefined;
    if (setAside && update.methods.includes(setAside)) {
      merged.method = update.methods.find((m) => m !== setAside) ?? null;
      merged.methods = null;
      return finish(merged, x);
    }
  }
  if (update.method !== null) merged.methods = null;
  if (update.methods !== null) merged.method = null;
  if (update.budget !== null) merged.budgetUsd = null;
  if (update.budgetUsd !== null) merged.budget = null;
  if (update.gpu !== null && update.gpus === null && previous.gpu !== update.gpu && previous.gpus !== null) merged.gpus = previous.gpus;
  // "and for 10k?", "what about 50k": a bare count with a k/M suffix is the examples.
  if (update.examples === null && update.budgetUsd === null) {
    const bare = /(?<![\w.$])(\d+(?:\.\d+)?)\s?(k|m)\b(?!\s*(?:tokens?|budget|dollars|usd|\/|per|context|ctx))/.exec(x.rest);
    if (bare) merged.examples = Math.round(Number(bare[1]) * (bare[2] === 'k' ? 1e3 : 1e6));
  }
  return finish(merged, x);
}

function finish(merged: Slots, x: Extracted): Slots {
  operate(x.words, merged);
  return merged;
}
