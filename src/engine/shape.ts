import type { ModelShape } from './catalog/schema.js';

/** Parameter counts derived from a model's shape (counts, not billions). */
export interface ParamCounts {
  total: number;
  /** Parameters a token passes through: differs from total for mixtures of experts. */
  active: number;
  /** Weights of the linear layers inside the transformer blocks: what 4/8-bit quantization shrinks. */
  quantizable: number;
  /** Parameters that take part in matrix multiplies per token (active, minus an untied input embedding). */
  matmul: number;
  embedding: number;
}

export const headDim = (s: ModelShape): number => s.headDim ?? s.hidden / s.heads;
export const queryDim = (s: ModelShape): number => s.heads * headDim(s);
export const kvDim = (s: ModelShape): number => s.kvHeads * headDim(s);

export function paramCounts(s: ModelShape): ParamCounts {
  const qd = queryDim(s);
  const kvd = kvDim(s);
  const attention = s.hidden * qd + 2 * s.hidden * kvd + qd * s.hidden + (s.qkvBias ? qd + 2 * kvd : 0);
  const expertMlp = 3 * s.hidden * s.intermediate;
  const router = s.experts > 1 ? s.hidden * s.experts : 0;
  const norms = s.normsPerLayer * s.hidden;
  const embedding = s.vocab * s.hidden;
  const head = s.tiedEmbeddings ? 0 : embedding;
  const perLayer = attention + s.experts * expertMlp + router + norms;
  const perLayerActive = attention + s.expertsPerToken * expertMlp + router + norms;
  const total = embedding + head + s.layers * perLayer + s.hidden;
  const active = embedding + head + s.layers * perLayerActive + s.hidden;
  const quantizable = s.layers * (attention - (s.qkvBias ? qd + 2 * kvd : 0) + s.experts * expertMlp);
  const matmul = active - (s.tiedEmbeddings ? 0 : embedding);
  return { total, active, quantizable, matmul, embedding };
}

/**
 * Trainable LoRA parameters: Σ r·(d_in + d_out) over the adapted matrices of every layer: q, k, v, o
 * (k and v are kv_heads·head_dim wide under GQA) and, for `all`, each expert's gate, up and down.
 */
export function loraParams(s: ModelShape, rank: number, targets: 'attn' | 'all'): number {
  const qd = queryDim(s);
  const kvd = kvDim(s);
  const attention = s.hidden + qd + 2 * (s.hidden + kvd) + qd + s.hidden;
  const mlp = targets === 'all' ? s.experts * 3 * (s.hidden + s.intermediate) : 0;
  return rank * (attention + mlp) * s.layers;
}

/** The largest single weight matrix (elements): QLoRA dequantizes one at a time into a 16-bit buffer. */
export function largestMatrix(s: ModelShape): number {
  return Math.max(s.hidden * s.intermediate, s.hidden * queryDim(s));
}

/**
 * A Llama-3-like shape for a size the catalog lacks. Width grows as P^0.35 (fitted to Llama 3's
 * 8B/70B/405B) and depth fills the rest, both continuous so that memory rises with size.
 */
export function synthesizeShape(paramsB: number): ModelShape {
  const P = paramsB * 1e9;
  const hidden = 4096 * (P / 8.03e9) ** 0.35;
  const heads = hidden / 128;
  const shape: ModelShape = {
    hidden,
    layers: 1,
    heads,
    kvHeads: 8,
    headDim: 128,
    intermediate: 3.5 * hidden,
    vocab: 128256,
    tiedEmbeddings: false,
    normsPerLayer: 2,
    qkvBias: false,
    experts: 1,
    expertsPerToken: 1,
  };
  const fixed = 2 * shape.vocab * hidden + hidden;
  const perLayer = paramCounts({ ...shape, layers: 1 }).total - paramCounts({ ...shape, layers: 0 }).total;
  shape.layers = (P - fixed) / perLayer;
  return shape;
}

/** Smallest size ftcost synthesizes: below it the embeddings alone exceed the size. */
export const MIN_SYNTHESIZED_B = 1;
