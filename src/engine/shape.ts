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

/** Layers whose MLP is a mixture of experts (all of them for Mixtral or Qwen3 MoE, none for a dense model). */
export const moeLayers = (s: ModelShape): number => s.layers - s.denseLayers;
const sharedWidth = (s: ModelShape): number => s.sharedIntermediate ?? s.intermediate;
const denseWidth = (s: ModelShape): number => s.denseIntermediate ?? s.intermediate;

/** The input and output widths of every weight matrix of one attention block (q, k, v, o; MLA's low-rank pairs). */
function attentionMatrices(s: ModelShape): Array<[number, number]> {
  if (s.mla) {
    const { qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim } = s.mla;
    const qOut = s.heads * (qkNopeHeadDim + qkRopeHeadDim);
    const query: Array<[number, number]> = qLoraRank
      ? [
          [s.hidden, qLoraRank],
          [qLoraRank, qOut],
        ]
      : [[s.hidden, qOut]];
    return [
      ...query,
      [s.hidden, kvLoraRank + qkRopeHeadDim],
      [kvLoraRank, s.heads * (qkNopeHeadDim + vHeadDim)],
      [s.heads * vHeadDim, s.hidden],
    ];
  }
  const qd = queryDim(s);
  const kvd = kvDim(s);
  return [
    [s.hidden, qd],
    [s.hidden, kvd],
    [s.hidden, kvd],
    [qd, s.hidden],
  ];
}

/** Weights of the attention block's matrices (what LoRA adapts and 4-bit quantization shrinks). */
function attentionLinear(s: ModelShape): number {
  if (!s.mla) {
    const qd = queryDim(s);
    const kvd = kvDim(s);
    return s.hidden * qd + 2 * s.hidden * kvd + qd * s.hidden;
  }
  return attentionMatrices(s).reduce((sum, [a, b]) => sum + a * b, 0);
}

/** Vectors of the attention block: biases, q/k norms, MLA's latent norms, attention sinks. */
function attentionVectors(s: ModelShape): number {
  const qkvBias = s.qkvBias ? queryDim(s) + 2 * kvDim(s) : 0;
  const outBias = s.attnOutBias ? s.hidden : 0;
  const qkNorm = s.qkNorm ? 2 * headDim(s) : 0;
  const sinks = s.attnSinks ? s.heads : 0;
  const latentNorms = s.mla ? (s.mla.qLoraRank ?? 0) + s.mla.kvLoraRank : 0;
  return qkvBias + outBias + qkNorm + sinks + latentNorms;
}

/** One routed expert: SwiGLU gate, up and down, with gpt-oss's biases. */
const expertParams = (s: ModelShape): number => 3 * s.hidden * s.intermediate + (s.expertBias ? 2 * s.intermediate + s.hidden : 0);
const sharedParams = (s: ModelShape): number => s.sharedExperts * 3 * s.hidden * sharedWidth(s);
const routerParams = (s: ModelShape): number => (s.experts > 1 ? s.hidden * s.experts + (s.routerBias ? s.experts : 0) : 0);

export function paramCounts(s: ModelShape): ParamCounts {
  const attention = attentionLinear(s) + attentionVectors(s);
  const expertMlp = expertParams(s);
  const shared = sharedParams(s);
  const router = routerParams(s);
  const norms = s.normsPerLayer * s.hidden;
  const embedding = s.vocab * s.hidden;
  const head = s.tiedEmbeddings ? 0 : embedding;
  const moe = moeLayers(s);
  const perLayer = attention + s.experts * expertMlp + shared + router + norms;
  const perLayerActive = attention + s.expertsPerToken * expertMlp + shared + router + norms;
  const perDenseLayer = attention + 3 * s.hidden * denseWidth(s) + norms;
  const dense = s.denseLayers * perDenseLayer;
  const total = embedding + head + moe * perLayer + dense + s.hidden + s.towerParams;
  const active = embedding + head + moe * perLayerActive + dense + s.hidden;
  const sharedLinear = s.sharedExperts * 3 * s.hidden * sharedWidth(s);
  const quantizable =
    moe * (attentionLinear(s) + s.experts * 3 * s.hidden * s.intermediate + sharedLinear) +
    s.denseLayers * (attentionLinear(s) + 3 * s.hidden * denseWidth(s));
  const matmul = active - (s.tiedEmbeddings ? 0 : embedding);
  return { total, active, quantizable, matmul, embedding };
}

/**
 * Trainable LoRA parameters: Σ r·(d_in + d_out) over the adapted matrices of every layer: q, k, v, o
 * (k and v are kv_heads·head_dim wide under GQA; MLA's low-rank pairs instead) and, for `all`, the
 * gate, up and down of every MLP: each routed expert, each shared expert, and the dense layers' MLPs.
 */
export function loraParams(s: ModelShape, rank: number, targets: 'attn' | 'all'): number {
  const attention = s.mla
    ? attentionMatrices(s).reduce((sum, [a, b]) => sum + a + b, 0)
    : s.hidden + queryDim(s) + 2 * (s.hidden + kvDim(s)) + queryDim(s) + s.hidden;
  const moeMlp = targets === 'all' ? s.experts * 3 * (s.hidden + s.intermediate) + s.sharedExperts * 3 * (s.hidden + sharedWidth(s)) : 0;
  const denseMlp = targets === 'all' ? 3 * (s.hidden + denseWidth(s)) : 0;
  return rank * (attention + moeMlp) * moeLayers(s) + rank * (attention + denseMlp) * s.denseLayers;
}

/** The largest single weight matrix (elements): QLoRA dequantizes one at a time into a 16-bit buffer. */
export function largestMatrix(s: ModelShape): number {
  const mlp = Math.max(s.intermediate, s.sharedExperts > 0 ? sharedWidth(s) : 0, s.denseLayers > 0 ? denseWidth(s) : 0);
  const attention = s.mla ? Math.max(...attentionMatrices(s).map(([a, b]) => a * b)) : s.hidden * queryDim(s);
  return Math.max(s.hidden * mlp, attention);
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
    qkNorm: false,
    attnOutBias: false,
    attnSinks: false,
    sharedExperts: 0,
    denseLayers: 0,
    routerBias: false,
    expertBias: false,
    towerParams: 0,
    attnLogitSoftcapping: false,
    finalLogitSoftcapping: false,
  };
  const fixed = 2 * shape.vocab * hidden + hidden;
  const perLayer = paramCounts({ ...shape, layers: 1 }).total - paramCounts({ ...shape, layers: 0 }).total;
  shape.layers = (P - fixed) / perLayer;
  return shape;
}

/** Smallest size ftcost synthesizes: below it the embeddings alone exceed the size. */
export const MIN_SYNTHESIZED_B = 1;

/**
 * Attention tensors multi-head latent attention saves per token and layer: the query and key/value
 * latents, the decompressed queries and keys (nope + rope wide per head), the values and the output.
 */
export function mlaActivationElements(s: ModelShape): number {
  if (!s.mla) return 0;
  const { qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim } = s.mla;
  return (qLoraRank ?? 0) + kvLoraRank + qkRopeHeadDim + 2 * s.heads * (qkNopeHeadDim + qkRopeHeadDim) + 2 * s.heads * vHeadDim;
}

/**
 * MLP tensors saved per token, averaged over the layers: SwiGLU's gate, up, activation and product
 * (4 × width) for each routed expert a token visits and each shared expert; a dense layer's one MLP.
 */
export function mlpActivationElements(s: ModelShape): number {
  if (s.denseLayers === 0 && s.sharedExperts === 0) return 4 * s.intermediate * s.expertsPerToken;
  const perMoeLayer = 4 * (s.intermediate * s.expertsPerToken + s.sharedExperts * sharedWidth(s));
  return (moeLayers(s) * perMoeLayer + s.denseLayers * 4 * denseWidth(s)) / s.layers;
}

/** Router logits kept per token (fp32, one per expert), averaged over the layers. */
export function routerLogitsPerToken(s: ModelShape): number {
  if (s.experts <= 1) return 0;
  return s.denseLayers === 0 ? s.experts : (s.experts * moeLayers(s)) / s.layers;
}
