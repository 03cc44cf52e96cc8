import type { Logger } from '../log.js';
import { LlmParser, type LlmOptions } from './llm.js';
import { readRules } from './rules.js';
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
  /** With an LLM configured: one call with a known message, logged; says whether the LLM path works. */
  selfTest?(): Promise<{ ok: boolean; detail: string }>;
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
  // What only the rules know: a question to ask back, a closed or unmodelled model named.
  const { ask, askModel, closedModel, notModelled } = rules;
  return {
    intent: llm.intent,
    slots,
    source: 'llm',
    ...(ask && ['estimate', 'compare', 'recommend', 'pin'].includes(llm.intent) ? { ask } : {}),
    ...(askModel && slots.model === null ? { askModel } : {}),
    ...(closedModel ? { closedModel } : {}),
    ...(notModelled ? { notModelled } : {}),
  };
}

/**
 * The deterministic parser alone, or the LLM first with the rules as the fallback for any error,
 * refusal, timeout or invalid output. Empty messages, injection attempts and messages with an
 * unusable figure (answered by naming it) never reach the LLM.
 */
export function createIntentParser(
  options: { llm?: LlmOptions | LlmParser; cache?: ParseCache; logger?: Pick<Logger, 'warn' | 'info'> } = {},
): IntentParser {
  const logger = options.logger;
  const llm =
    options.llm === undefined
      ? undefined
      : options.llm instanceof LlmParser
        ? options.llm
        : new LlmParser({ ...options.llm, ...(logger && !options.llm.logger ? { logger } : {}) });
  const cache = options.cache ?? new MemoryParseCache();
  const parser: IntentParser = {
    async parse(text: string, context?: IntentContext): Promise<Intent> {
      const { intent: rules, settled } = readRules(text, context);
      // Overrides (slash syntax, pin, help, settings), injections and unusable figures never reach the LLM.
      if (!llm || text.trim() === '' || settled) return rules;
      const key = cacheKey(text, context);
      const cached = await cache.get(key);
      if (cached) return cached;
      const outcome = await llm.parse(text, context);
      if (!outcome.ok) {
        parser.lastFallback = outcome.reason;
        logger?.warn('intent: answered by the rules, the LLM failed', { reason: outcome.reason, detail: outcome.detail });
        return rules;
      }
      parser.lastFallback = undefined;
      const intent = combine(outcome.intent, rules);
      await cache.set(key, intent);
      return intent;
    },
  };
  if (llm)
    parser.selfTest = async () => {
      const result = await llm.selfTest();
      if (result.ok) logger?.info('intent: LLM self-test passed', { mode: result.mode });
      else
        logger?.warn('intent: LLM self-test failed; messages are read by the rules until it answers', {
          reason: result.reason,
          detail: result.detail,
        });
      return result.ok
        ? { ok: true, detail: `answered in ${result.mode} mode` }
        : { ok: false, detail: `${result.reason}: ${result.detail}` };
    };
  return parser;
}
