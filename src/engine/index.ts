export { estimate, type EngineContext } from './estimate.js';
export { compare, type Comparison } from './compare.js';
export {
  BUILTIN_METHOD_IDS,
  METHOD_IDS,
  hasMethod,
  methodList,
  methodNames,
  methodProblem,
  methodSpec,
  methods,
  notYetMethods,
  registerMethod,
  resolveMethod,
  type MethodId,
  type MethodProblem,
  type MethodSpec,
  type NotYetMethod,
} from './methods.js';
export * from './job-inputs.js';
export { EstimateInputSchema, RecommendFactsSchema } from './inputs.js';
export { resolveModel, MODELS, type ResolvedModel } from './catalog/models.js';
export { getGpu, resolveGpu, GPUS } from './catalog/gpus.js';
export { CLOSED_MODELS, closedModel, type ClosedModel } from './catalog/closed.js';
export { DEFAULT_PRICES, parsePriceTable, priceFor, resolveProvider } from './catalog/prices.js';
export type { PriceTable, ModelEntry, GpuEntry, Provider } from './catalog/schema.js';
export * from './quantities.js';
export * from './types.js';
export type { Range } from './range.js';
export { compact, gb, groupThousands, hoursRange, num, numRange, usd, usdRange, usdShort, usdShortRange } from './format.js';
export {
  recommend,
  TASK_LABEL,
  type BudgetFit,
  type BuyVsRent,
  type QualityNeed,
  type RecommendInput,
  type Recommendation,
  type Reason,
} from './decide.js';
export { explain, resolveTopic, TOPICS, type Explanation, type Topic } from './explain.js';
