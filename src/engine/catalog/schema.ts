import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'ids are lowercase with hyphens');
const isoDate = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'as-of dates are YYYY-MM or YYYY-MM-DD');
const source = z.string().min(3);
const usdRange = z
  .object({ low: z.number().nonnegative(), high: z.number().nonnegative() })
  .refine((r) => r.low <= r.high, 'low must not exceed high');

export const ModelShapeSchema = z.object({
  hidden: z.number().int().positive(),
  layers: z.number().int().positive(),
  heads: z.number().int().positive(),
  kvHeads: z.number().int().positive(),
  headDim: z.number().int().positive().optional(),
  intermediate: z.number().int().positive(),
  vocab: z.number().int().positive(),
  tiedEmbeddings: z.boolean(),
  /** RMSNorm/LayerNorm weight vectors per layer: 2 for Llama, 4 for Gemma 2. */
  normsPerLayer: z.number().int().positive().default(2),
  qkvBias: z.boolean().default(false),
  experts: z.number().int().positive().default(1),
  expertsPerToken: z.number().int().positive().default(1),
  /** Per-head RMSNorm weights on queries and keys (Qwen3, Gemma 3): 2 × head_dim per layer. */
  qkNorm: z.boolean().default(false),
  /** A bias on the attention output projection (gpt-oss). */
  attnOutBias: z.boolean().default(false),
  /** One learned attention-sink logit per head and layer (gpt-oss). */
  attnSinks: z.boolean().default(false),
  /** Experts every token passes through besides the routed ones (DeepSeek, Llama 4), each `sharedIntermediate` wide. */
  sharedExperts: z.number().int().nonnegative().default(0),
  sharedIntermediate: z.number().int().positive().optional(),
  /** Layers with one dense MLP instead of experts (DeepSeek's first three, Llama 4 Maverick's every other), `denseIntermediate` wide. */
  denseLayers: z.number().int().nonnegative().default(0),
  denseIntermediate: z.number().int().positive().optional(),
  /** One bias per expert on the router (gpt-oss) or on its scores (DeepSeek's correction bias), per MoE layer. */
  routerBias: z.boolean().default(false),
  /** Biases on each expert's gate, up and down projections (gpt-oss). */
  expertBias: z.boolean().default(false),
  /**
   * Multi-head latent attention (DeepSeek-V2/V3): queries through a rank-`qLoraRank` bottleneck (none
   * when absent), keys and values through a shared rank-`kvLoraRank` latent plus a `qkRopeHeadDim` rotary key.
   * With it, `headDim` is the query/key head width (qkNopeHeadDim + qkRopeHeadDim) and `kvHeads` = `heads`.
   */
  mla: z
    .object({
      qLoraRank: z.number().int().positive().optional(),
      kvLoraRank: z.number().int().positive(),
      qkNopeHeadDim: z.number().int().positive(),
      qkRopeHeadDim: z.number().int().positive(),
      vHeadDim: z.number().int().positive(),
    })
    .optional(),
  /** Parameters outside the language model (a vision tower and its projector): held in memory, frozen, never trained. */
  towerParams: z.number().int().nonnegative().default(0),
  /** Soft-capped attention logits (Gemma 2): FlashAttention-less stacks run eager attention, which keeps the s × s scores. */
  attnLogitSoftcapping: z.boolean().default(false),
  /** Soft-capped final logits (Gemma 2): tanh over the whole vocabulary adds logit-sized tensors. */
  finalLogitSoftcapping: z.boolean().default(false),
});

export const ModelSchema = z.object({
  id,
  name: z.string().min(1),
  family: z.string().min(1),
  /** The size people say: `70b`, `8x7b`; a mixture of experts may add its active size or expert count: `30b-a3b`, `17b-16e`. */
  sizeLabel: z.string().regex(/^[\d.x]+b(-[a-z0-9.]+)?$/),
  /** The Hugging Face repository the shape was read from: `Qwen/Qwen3-32B`. */
  hubId: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/)
    .optional(),
  /** Preferred when a bare size such as `70b` is typed. */
  defaultForSize: z.boolean().default(false),
  aliases: z.array(z.string()).default([]),
  /** Parameter count the publisher states, in billions (total for mixtures of experts). */
  publishedParamsB: z.number().positive(),
  publishedActiveParamsB: z.number().positive().optional(),
  maxContext: z.number().int().positive(),
  shape: ModelShapeSchema,
  source,
  asOf: isoDate,
});

export const GpuSchema = z.object({
  id,
  name: z.string().min(1),
  vendor: z.enum(['nvidia', 'amd']),
  aliases: z.array(z.string()).default([]),
  /** Capacity as sold (GiB), stored in bytes. */
  memoryBytes: z.number().int().positive(),
  bandwidthGBs: z.number().positive(),
  /** Dense BF16 tensor throughput, never the 2:4-sparse figure. */
  bf16Tflops: z.number().positive(),
  interconnect: z.enum(['nvlink', 'infinity-fabric', 'pcie']),
  /** Can several 8-GPU nodes be joined over InfiniBand/RoCE for one job (data-centre cards). */
  multiNode: z.boolean(),
  /** Sustained fraction of peak relative to an NVIDIA data-centre GPU with the same stack (1 = same). */
  efficiencyFactor: z.number().positive().max(1).default(1),
  purchaseUsd: usdRange,
  purchaseSource: source,
  formFactor: z.enum(['sxm', 'oam', 'pcie']),
  source,
  asOf: isoDate,
  /** Thermal design / total board power the vendor states, in watts. */
  boardPowerW: z.number().int().positive(),
  boardPowerSource: source,
  /** Offered on demand by at least two providers of the price table, or by AWS, Google Cloud or Azure. */
  commonlyRented: z.boolean(),
  /** Why the GPU has no rental price: it is answered for fit and time and left out of cost comparisons. */
  noPublicPrice: z.string().min(3).optional(),
});

export const HostSchema = z.object({
  id,
  name: z.string().min(1),
  maxGpus: z.number().int().positive(),
  /** CPU RAM a host of this class typically has, for CPU-offload plans. */
  cpuRamGB: z.number().positive(),
  usd: usdRange,
  includes: z.string().min(1),
  source,
  asOf: isoDate,
});

export const ProviderSchema = z.object({
  id,
  name: z.string().min(1),
  /** Other names people use for it ("amazon", "google cloud"). */
  aliases: z.array(z.string()).default([]),
  url: z.string().min(3),
  asOf: isoDate,
  note: z.string().optional(),
  /** On-demand $/GPU-hour by GPU id. */
  perGpuHour: z.record(z.string(), z.number().positive().max(1000, 'a price per GPU-hour must be at most $1,000')),
});

export const DefaultPriceSchema = z.object({
  low: z.number().positive().max(1000, 'a price per GPU-hour must be at most $1,000'),
  high: z.number().positive().max(1000, 'a price per GPU-hour must be at most $1,000'),
  source,
  asOf: isoDate,
});

export const ManagedServiceSchema = z.object({
  id,
  name: z.string().min(1),
  /** Method ids this price applies to. */
  methods: z.array(id).min(1),
  /** Models this price applies to, by parameter count (billions, inclusive). */
  minParamsB: z.number().nonnegative(),
  maxParamsB: z.number().positive(),
  /** Either a flat price per job or a price per million training tokens. */
  perJobUsd: usdRange.optional(),
  perMillionTokensUsd: z.number().positive().optional(),
  minimumUsd: z.number().nonnegative().optional(),
  /** A flat price quoted for one case only (the article's): shown only when the training tokens (millions) fall in this range. */
  onlyForTrainingTokensM: usdRange.optional(),
  source,
  asOf: isoDate,
});

export const PriceTableSchema = z.object({
  asOf: isoDate,
  providers: z.array(ProviderSchema).min(1),
  defaults: z.record(z.string(), DefaultPriceSchema).default({}),
  managed: z.array(ManagedServiceSchema).optional(),
});

export type ModelShape = z.infer<typeof ModelShapeSchema>;
export type ModelEntry = z.infer<typeof ModelSchema>;
export type GpuEntry = z.infer<typeof GpuSchema>;
export type HostEntry = z.infer<typeof HostSchema>;
export type Provider = z.infer<typeof ProviderSchema>;
export type ManagedService = z.infer<typeof ManagedServiceSchema>;
export type PriceTable = z.infer<typeof PriceTableSchema>;
export type PriceTableInput = z.input<typeof PriceTableSchema>;

/** One line per problem: `providers.0.perGpuHour.h100-sxm: Too small: expected number to be >0`. */
export function describeZodError(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
