export { parseRules } from './rules.js';
export { normalize } from './normalize.js';
export {
  evaluate,
  evaluateConversations,
  evaluateNumbers,
  contextOf,
  type LabelledMessage,
  type LabelledConversation,
  type NumberForm,
  type EvaluationReport,
} from './evaluation.js';
export * from './schema.js';
export { createIntentParser, MemoryParseCache, type IntentParser } from './parse.js';
export {
  LlmParser,
  CircuitBreaker,
  guard,
  intentSchema,
  readAnswer,
  strictSchema,
  type LlmOptions,
  type LlmOutcome,
  type ResponseMode,
} from './llm.js';
export { quantitiesIn } from './quantities-in.js';
export { toCaseInput, toRecommendInput } from './requests.js';
