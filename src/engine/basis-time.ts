import type { GpuEntry } from './catalog/schema.js';
import { BANDWIDTH_EFFICIENCY, FINAL_SOFTCAP_BYTES_PER_LOGIT, GEMM_EFFICIENCY, TIME_SPREAD } from './defaults.js';
import type { MemoryParts } from './memory.js';
import type { MethodSpec } from './methods.js';
import { stackProfile } from './stacks.js';
import type { TimeResult } from './time.js';
import type { Basis, TrainingConfig } from './types.js';

/** The stack facts of an estimate's basis: which stack, and what it changed in memory. */
export function stackBasis(cfg: TrainingConfig, parts: MemoryParts): Basis['stack'] {
  const stack = stackProfile(cfg.stack);
  return {
    id: stack.id,
    name: stack.name,
    logitBytes: stack.logitBytes + (parts.finalSoftcap ? FINAL_SOFTCAP_BYTES_PER_LOGIT[stack.id] : 0),
    kbitCastGB: Math.round((parts.kbitCastBytes / 1e9) * 10) / 10,
    eagerAttention: parts.eagerAttention,
  };
}

/** The time facts of an estimate's basis, for the setup time and cost are computed on. */
export function timeBasis(gpu: GpuEntry, time: TimeResult): Basis['time'] {
  const f = time.facts;
  return {
    tokensPerMicroBatch: f.tokensPerMicroBatch,
    gemmEfficiency: GEMM_EFFICIENCY,
    bandwidthGBs: gpu.bandwidthGBs * BANDWIDTH_EFFICIENCY,
    spread: TIME_SPREAD,
    dequantSlowdown: Math.round(f.dequantSlowdown * 100) / 100,
    optimizerShare: Math.round(f.optimizerShare * 100) / 100,
    commShare: Math.round(f.commShare * 100) / 100,
    issueBound: f.issueBound,
  };
}

/** Allowed gap before the article's memory figure is shown beside ftcost's (its figures are rounded). */
const ARTICLE_ROUNDING = 0.05;

/** The article's scenario: one short sequence per micro-batch (it states no length; ftcost's default is 512 tokens). */
const ARTICLE_MAX_SEQ_LEN = 1024;

/** The article's memory figure for this method and model, when the job is its scenario and ftcost's total lies outside it. */
export function articleMemoryBasis(spec: MethodSpec, modelId: string, cfg: TrainingConfig, totalBytes: number): Basis['articleMemory'] {
  const article = spec.articleMemory;
  if (!article || !article.models.includes(modelId) || cfg.microBatch !== 1 || cfg.seqLen > ARTICLE_MAX_SEQ_LEN) return null;
  const gb = totalBytes / 1e9;
  const inside = gb >= article.gb.low * (1 - ARTICLE_ROUNDING) && gb <= article.gb.high * (1 + ARTICLE_ROUNDING);
  return inside ? null : { gb: article.gb, quote: article.quote };
}
