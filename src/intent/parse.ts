import { LlmParser, type LlmOptions } from './llm.js';
import { looksLikeInjection, parseRules } from './rules.js';
import { emptySlots, type Intent, type IntentContext, type ParseCache, type Slots } from './schema.js';

/** A Map-backed cache, least recently used out first: the default until the store provides one. */
export class MemoryParseCache implements ParseCache {
  private readonly entries = new Map<string, Intent>();

  constructor(private readonly capacity = 1000) {}

  async get(key: string): Promise<Intent | undefined> {
    const value = this.entries.get(key);
    if (value) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  async set(key: string, value: Intent): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

export interface IntentParser {
  parse(text: string, context?: IntentContext): Promise<Intent>;
  /** What the last LLM failure was, for logs and tests (never the text). */
  lastFallback?: string;
}

const cacheKey = (text: string, context?: IntentContext): string =>
  JSON.stringify([text.trim().slice(0, 2000), context ? [context.intent, context.slots] : null]);

/** Slots the rules found fill the ones the LLM left empty (rules read only what the text says). */
function combine(llm: Intent, rules: Intent): Intent {
  const slots: Slots = { ...emptySlots(), ...llm.slots };
  for (const key of Object.keys(slots) as Array<keyof Slots>) {
    if (slots[key] === null && rules.slots[key] !== null) (slots as Record<string, unknown>)[key] = rules.slots[key];
  }
  if (llm.slots.model === null && rules.slots.model !== null) slots.paramsB = rules.slots.paramsB;
  return { intent: llm.intent, slots, source: 'llm' };
}

/**
 * The deterministic parser alone, or the LLM first with the rules as the fallback for any error,
 * refusal, timeout or invalid output. Empty messages, injection attempts and messages with an
 * unusable figure (answered by naming it) never reach the LLM.
 */
export function createIntentParser(options: { llm?: LlmOptions | LlmParser; cache?: ParseCache } = {}): IntentParser {
  const llm = options.llm === undefined ? undefined : options.llm instanceof LlmParser ? options.llm : new LlmParser(options.llm);
  const cache = options.cache ?? new MemoryParseCache();
  const parser: IntentParser = {
    async parse(text: string, context?: IntentContext): Promise<Intent> {
      const rules = parseRules(text, context);
      if (!llm || text.trim() === '' || looksLikeInjection(text) || rules.problem) return rules;
      const key = cacheKey(text, context);
      const cached = await cache.get(key);
      if (cached) return cached;
      const outcome = await llm.parse(text, context);
      if (!outcome.ok) {
        parser.lastFallback = outcome.reason;
        return rules;
      }
      parser.lastFallback = undefined;
      const intent = combine(outcome.intent, rules);
      await cache.set(key, intent);
      return intent;
    },
  };
  return parser;
}
