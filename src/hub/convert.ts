import { compact, quote, type Parsed } from '../engine/index.js';
import { describeZodError, ModelShapeSchema, type ModelShape } from '../engine/catalog/schema.js';
import { paramCounts } from '../engine/shape.js';

type Json = Record<string, unknown>;

/** The Hub API's count of stored tensor elements by dtype (`safetensors` in /api/models). */
export interface SafetensorsCount {
  parameters: Record<string, number>;
  total: number;
}

/** A decoder shape read from a config.json, with what had to be assumed or what the checkpoint implies. */
export interface ConfigShape {
  shape: ModelShape;
  maxContext: number;
  architecture: string;
  /** One sentence each: defaults filled in, estimates made, what a pre-quantized checkpoint means for fine-tuning. */
  notes: string[];
  quantization?: string;
}

/**
 * transformers' defaults for sub-configs that Hub configs leave sparse (Gemma 3's text_config names
 * only what differs from Gemma3TextConfig).
 */
const TEXT_DEFAULTS: Record<string, Json> = {
  gemma3_text: {
    vocab_size: 262208,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256,
    max_position_embeddings: 131072,
    tie_word_embeddings: true,
  },
};

/** Model types whose configuration class ties the input and output embeddings unless told otherwise. */
const TIED_BY_DEFAULT = new Set(['gemma', 'gemma2', 'gemma3', 'gemma3_text', 'gpt2']);
/** Four RMSNorms per layer (before and after attention and the MLP). */
const FOUR_NORMS = new Set(['gemma2', 'gemma3', 'gemma3_text']);
/** Per-head RMSNorm on queries and keys. */
const QK_NORM = new Set(['qwen3', 'qwen3_moe', 'gemma3', 'gemma3_text']);
/** q, k and v carry biases without an attention_bias flag. */
const QKV_BIAS = new Set(['qwen2', 'qwen2_moe', 'qwen2_vl', 'qwen2_5_vl', 'qwen2_vl_text', 'qwen2_5_vl_text']);
/** Recurrent or linear-attention layers: a different memory and compute model. */
const NOT_ATTENTION = /mamba|jamba|rwkv|nemotron_h|falcon_h1|qwen3_next|lfm2|granitemoehybrid|zamba|recurrent_gemma|xlstm/i;
/** Stored element counts that are parameters (dtype of the weights themselves, not packed integers). */
const FLOAT_DTYPES = new Set(['BF16', 'F16', 'F32', 'F64', 'F8_E4M3', 'F8_E5M2']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
const first = (o: Json, ...keys: string[]): number | undefined => {
  for (const k of keys) {
    const v = positive(o[k]);
    if (v !== undefined) return v;
  }
  return undefined;
};

/** Vision transformer parameters (SigLIP layout: biased q/k/v/o and MLP, two LayerNorms per layer, patch and position embeddings). */
function vitParams(v: Json): number | undefined {
  const h = first(v, 'hidden_size', 'embed_dim');
  const layers = first(v, 'num_hidden_layers', 'depth');
  if (!h || !layers) return undefined;
  const i = first(v, 'intermediate_size') ?? 4 * h;
  const patch = first(v, 'patch_size') ?? 14;
  const image = first(v, 'image_size') ?? 224;
  const channels = first(v, 'num_channels', 'in_channels') ?? 3;
  const perLayer = 4 * (h * h + h) + (h * i + i) + (i * h + h) + 4 * h;
  const embeddings = channels * patch * patch * h + h + (image / patch) ** 2 * h;
  return layers * perLayer + embeddings + 2 * h;
}

/** The fine-tuning implications of a checkpoint stored pre-quantized. */
function quantizationNote(repo: string, q: Json): { method: string; note: string } | undefined {
  const method = String(q.quant_method ?? q.quantization_method ?? '').toLowerCase();
  if (!method) return undefined;
  const bits = positive(q.bits) ?? positive(q.w_bit);
  const r = quote(repo, 80);
  switch (method) {
    case 'mxfp4':
      return {
        method,
        note: `${r} stores its experts in MXFP4 (about 4.25 bits each): LoRA and full fine-tuning load them dequantized to bf16, as these figures assume, and QLoRA re-quantizes them from bf16.`,
      };
    case 'fp8':
      return {
        method,
        note: `${r} ships FP8 weights: training frameworks upcast them to bf16 first, so memory is planned for bf16 weights (the download is about half that size).`,
      };
    case 'gptq':
    case 'awq':
      return {
        method,
        note: `${r} is a ${method.toUpperCase()}${bits ? ` ${bits}-bit` : ''} checkpoint: full fine-tuning needs the original 16-bit weights; LoRA adapters can train on its quantized layers (PEFT supports ${method.toUpperCase()}), which is close to the QLoRA figures.`,
      };
    case 'bitsandbytes':
      return {
        method,
        note: `${r} is a bitsandbytes ${q.load_in_8bit ? '8' : '4'}-bit checkpoint: it is already the QLoRA setup, so read the QLoRA figures; LoRA and full fine-tuning need the original 16-bit weights.`,
      };
    default:
      return {
        method,
        note: `${r} is stored quantized (${quote(method, 30)}): ftcost plans 16-bit weights for LoRA and full fine-tuning and 4-bit NF4 for QLoRA.`,
      };
  }
}

/** Layers whose MLP is a mixture of experts, from the several ways configs say it. */
function moeLayerCount(t: Json, type: string, layers: number): number {
  if (Array.isArray(t.moe_layers)) return t.moe_layers.length;
  const firstDense = positive(t.first_k_dense_replace) ?? 0;
  const freq = positive(t.moe_layer_freq) ?? 1;
  const step = positive(t.decoder_sparse_step) ?? 1;
  const interleave = type.startsWith('llama4') ? (positive(t.interleave_moe_layer_step) ?? 1) : 1;
  const mlpOnly = new Set(Array.isArray(t.mlp_only_layers) ? t.mlp_only_layers : []);
  let count = 0;
  for (let i = 0; i < layers; i += 1) {
    if (i < firstDense || i % freq !== 0) continue;
    if (mlpOnly.has(i) || (i + 1) % step !== 0 || (i + 1) % interleave !== 0) continue;
    count += 1;
  }
  return count;
}

/**
 * The decoder shape of a config.json (the text model's, for a multimodal config with a
 * `text_config`), cross-checked against the Hub's safetensors count when there is one.
 */
export function configToShape(repo: string, config: unknown, safetensors?: SafetensorsCount): Parsed<ConfigShape> {
  const r = quote(repo, 80);
  if (!isObject(config)) return { ok: false, error: `model: the config.json of ${r} is not a JSON object` };
  const architecture = Array.isArray(config.architectures) && typeof config.architectures[0] === 'string' ? config.architectures[0] : '';
  const sub = [config.text_config, config.llm_config, config.language_config].find(isObject);
  const rootType = String(config.model_type ?? '');
  const subType = sub ? String(sub.model_type ?? (rootType === 'gemma3' ? 'gemma3_text' : rootType)) : rootType;
  const type = subType || rootType;
  const notes: string[] = [];

  if (NOT_ATTENTION.test(`${type} ${rootType} ${architecture}`) || 'ssm_state_size' in config || 'linear_attn_config' in config) {
    return {
      ok: false,
      error: `model: ${r} (${quote(architecture || type, 40)}) mixes recurrent or linear-attention layers; ftcost plans attention transformers only`,
    };
  }
  if (config.is_encoder_decoder === true) {
    return {
      ok: false,
      error: `model: ${r} is an encoder-decoder model (${quote(architecture || type, 40)}); ftcost plans decoder-only LLMs`,
    };
  }

  const defaults = TEXT_DEFAULTS[type] ?? {};
  const raw = sub ?? config;
  const t: Json = { ...defaults, ...raw };
  const filled = Object.keys(defaults).filter((k) => !(k in raw));
  if (filled.length > 0) {
    notes.push(`${r}'s text_config omits ${filled.join(', ')}: transformers' defaults for ${type} are used.`);
  }

  const hidden = first(t, 'hidden_size', 'n_embd', 'd_model');
  const layers = first(t, 'num_hidden_layers', 'n_layer', 'num_layers');
  const heads = first(t, 'num_attention_heads', 'n_head');
  const vocab = first(t, 'vocab_size');
  const experts = first(t, 'num_local_experts', 'num_experts', 'n_routed_experts', 'moe_num_experts') ?? 1;
  const expertWidth =
    experts > 1
      ? first(t, 'moe_intermediate_size', 'expert_intermediate_size', 'intermediate_size')
      : first(t, 'intermediate_size', 'ffn_hidden_size', 'n_inner');
  const missing = [
    [hidden, 'hidden_size'],
    [layers, 'num_hidden_layers'],
    [heads, 'num_attention_heads'],
    [vocab, 'vocab_size'],
    [expertWidth, experts > 1 ? 'moe_intermediate_size' : 'intermediate_size'],
  ]
    .filter(([v]) => v === undefined)
    .map(([, k]) => k);
  if (missing.length > 0 || !hidden || !layers || !heads || !vocab || !expertWidth) {
    return {
      ok: false,
      error: `model: the config.json of ${r} lacks ${missing.join(', ')}, which ftcost needs to size a decoder (is it a transformer LLM?)`,
    };
  }

  const shape: Record<string, unknown> = {
    hidden,
    layers,
    heads,
    kvHeads: first(t, 'num_key_value_heads', 'n_head_kv', 'num_kv_heads') ?? heads,
    intermediate: expertWidth,
    vocab,
    normsPerLayer: FOUR_NORMS.has(type) ? 4 : 2,
    qkNorm: QK_NORM.has(type),
  };
  const headDim = first(t, 'head_dim');
  if (headDim) shape.headDim = headDim;
  else if (hidden % heads !== 0)
    return { ok: false, error: `model: ${r} has no head_dim and hidden_size ${hidden} is not a multiple of ${heads} heads` };

  if (typeof t.tie_word_embeddings === 'boolean') shape.tiedEmbeddings = t.tie_word_embeddings;
  else {
    shape.tiedEmbeddings = TIED_BY_DEFAULT.has(type);
    notes.push(
      `${r}'s config does not say whether embeddings are tied: ${shape.tiedEmbeddings ? 'tied' : 'untied'}, as transformers' ${type || 'default'} class assumes.`,
    );
  }

  if (QKV_BIAS.has(type)) shape.qkvBias = true;
  if (t.attention_bias === true) {
    shape.qkvBias = true;
    shape.attnOutBias = true;
  }
  // Gemma 2 soft-caps attention and final logits (Gemma 3 sets these to null).
  const capped = (v: unknown): boolean => typeof v === 'number' && v > 0;
  if (capped(t.attn_logit_softcapping)) shape.attnLogitSoftcapping = true;
  if (capped(t.final_logit_softcapping)) shape.finalLogitSoftcapping = true;
  if (type === 'gpt_oss') {
    shape.attnSinks = true;
    shape.routerBias = true;
    shape.expertBias = true;
  }

  if (experts > 1) {
    const perToken = first(t, 'num_experts_per_tok', 'experts_per_token', 'moe_topk', 'top_k');
    if (!perToken) return { ok: false, error: `model: the config.json of ${r} has ${experts} experts but no num_experts_per_tok` };
    shape.experts = experts;
    shape.expertsPerToken = perToken;
    if (t.topk_method === 'noaux_tc') shape.routerBias = true;
    const sharedCount = positive(t.n_shared_experts);
    const qwenShared = positive(t.shared_expert_intermediate_size);
    if (sharedCount) shape.sharedExperts = sharedCount;
    else if (qwenShared) {
      shape.sharedExperts = 1;
      shape.sharedIntermediate = qwenShared;
    } else if (type.startsWith('llama4')) shape.sharedExperts = 1;
    const moe = moeLayerCount(t, type, layers);
    if (moe < layers) {
      shape.denseLayers = layers - moe;
      shape.denseIntermediate = first(t, 'intermediate_size_mlp', 'intermediate_size') ?? expertWidth;
    }
  }

  if (positive(t.kv_lora_rank)) {
    const nope = first(t, 'qk_nope_head_dim');
    const rope = first(t, 'qk_rope_head_dim');
    const v = first(t, 'v_head_dim');
    if (!nope || !rope || !v)
      return { ok: false, error: `model: ${r} uses latent attention but lacks qk_nope_head_dim, qk_rope_head_dim or v_head_dim` };
    const qLoraRank = positive(t.q_lora_rank);
    shape.mla = { ...(qLoraRank ? { qLoraRank } : {}), kvLoraRank: t.kv_lora_rank, qkNopeHeadDim: nope, qkRopeHeadDim: rope, vHeadDim: v };
    shape.headDim = nope + rope;
    shape.kvHeads = heads;
  }
  const mtp = positive(t.num_nextn_predict_layers);
  if (mtp)
    notes.push(
      `${r}'s ${mtp} multi-token-prediction layer${mtp > 1 ? 's are' : ' is'} left out: fine-tuning drops ${mtp > 1 ? 'them' : 'it'}.`,
    );

  const text = ModelShapeSchema.safeParse(shape);
  if (!text.success) return { ok: false, error: `model: ${r}'s config gives an unusable shape (${describeZodError(text.error)[0]})` };
  const textTotal = paramCounts(text.data).total;

  let towerParams = 0;
  const tower = [config.vision_config, config.audio_config].find(isObject);
  if (tower && sub) {
    const stored =
      safetensors && Object.keys(safetensors.parameters).every((d) => FLOAT_DTYPES.has(d)) ? safetensors.total - textTotal : undefined;
    if (stored !== undefined && stored > 0 && stored < textTotal) {
      towerParams = stored;
    } else {
      const vision = vitParams(tower);
      const visionHidden = first(tower, 'hidden_size', 'embed_dim') ?? 0;
      const projectorIn = first(tower, 'out_hidden_size', 'projection_dim', 'vision_output_dim') ?? visionHidden;
      if (vision) {
        towerParams = Math.round(vision + projectorIn * hidden + projectorIn);
        notes.push(
          `${r}'s ${compact(towerParams)}-parameter vision tower is estimated from vision_config (a SigLIP-style encoder and a linear projector).`,
        );
      } else notes.push(`${r} has a vision or audio tower ftcost could not size: it is left out of memory.`);
    }
  }
  const full = ModelShapeSchema.parse({ ...text.data, towerParams });
  const computed = paramCounts(full).total;

  let quantization: string | undefined;
  const q = [config.quantization_config, sub?.quantization_config].find(isObject);
  if (q) {
    const found = quantizationNote(repo, q);
    if (found) {
      quantization = found.method;
      notes.push(found.note);
    }
  }
  if (safetensors && safetensors.total > 0) {
    const packed = Object.keys(safetensors.parameters).filter((d) => !FLOAT_DTYPES.has(d));
    if (packed.length > 0) {
      notes.push(
        `The Hub counts ${compact(safetensors.total)} stored values (${packed.join(', ')} pack several quantized weights each); ftcost counts ${compact(computed)} parameters from the config.`,
      );
    } else if (Math.abs(safetensors.total - computed) / computed > 0.03) {
      notes.push(
        `The Hub's safetensors hold ${compact(safetensors.total)} parameters, the config gives ${compact(computed)}; ftcost plans with the config's shape.`,
      );
    }
  }

  const maxContext =
    first(t, 'max_position_embeddings', 'n_positions', 'max_sequence_length') ?? first(config, 'max_position_embeddings') ?? 4096;
  return {
    ok: true,
    value: { shape: full, maxContext, architecture: architecture || type || 'decoder', notes, ...(quantization ? { quantization } : {}) },
  };
}
