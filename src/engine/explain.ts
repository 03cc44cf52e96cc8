import { compare } from './compare.js';
import { estimate } from './estimate.js';
import type { EngineContext } from './estimate.js';
import { DEFAULTS } from './defaults.js';
import { methodSpec } from './methods.js';
import { compact, gb, hoursRange, num, numRange, usd, usdRange } from './format.js';
import { normalizeId, quote, type Parsed } from './quantities.js';
import { mid, range } from './range.js';
import type { Estimate, EstimateInput } from './types.js';
import { AMORTIZATION_MONTHS } from './units.js';

export const TOPICS = [
  'full',
  'lora',
  'qlora',
  'memory',
  'quality',
  'gradient-checkpointing',
  'mfu',
  'quantization',
  'hidden-costs',
  'buy-vs-rent',
] as const;
export type Topic = (typeof TOPICS)[number];

export interface Explanation {
  topic: Topic;
  title: string;
  text: string;
  sources: string[];
}

const ALIASES: Record<string, Topic> = {
  full: 'full',
  fft: 'full',
  'full-ft': 'full',
  'full-fine-tuning': 'full',
  'fine-tuning': 'full',
  lora: 'lora',
  qlora: 'qlora',
  memory: 'memory',
  vram: 'memory',
  'gpu-memory': 'memory',
  'why-so-much-memory': 'memory',
  quality: 'quality',
  accuracy: 'quality',
  'quality-difference': 'quality',
  'gradient-checkpointing': 'gradient-checkpointing',
  'grad-ckpt': 'gradient-checkpointing',
  checkpointing: 'gradient-checkpointing',
  'activation-checkpointing': 'gradient-checkpointing',
  recomputation: 'gradient-checkpointing',
  mfu: 'mfu',
  utilization: 'mfu',
  utilisation: 'mfu',
  efficiency: 'mfu',
  quantization: 'quantization',
  quantisation: 'quantization',
  'nf-4': 'quantization',
  nf4: 'quantization',
  '4-bit': 'quantization',
  'hidden-costs': 'hidden-costs',
  'hidden-cost': 'hidden-costs',
  costs: 'hidden-costs',
  engineering: 'hidden-costs',
  'buy-vs-rent': 'buy-vs-rent',
  'buy-or-rent': 'buy-vs-rent',
  buy: 'buy-vs-rent',
  rent: 'buy-vs-rent',
  renting: 'buy-vs-rent',
};

export function resolveTopic(text: string): Parsed<Topic> {
  const key = normalizeId(String(text ?? '')).replace(/^(what-is-|what-are-|explain-)/, '');
  const topic = Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
  if (topic) return { ok: true, value: topic };
  return { ok: false, error: `topic: ${quote(text)} is not a topic ftcost explains; use ${TOPICS.join(', ')}` };
}

type Cases = {
  full: Estimate;
  lora: Estimate;
  qlora: Estimate;
  /** LoRA with gradient checkpointing on, for the checkpointing explanation. */
  loraCheckpointed: () => Estimate | undefined;
  hourlyUsd: number;
};

const TEXTS: Record<Topic, (c: Cases) => Omit<Explanation, 'topic'>> = {
  full: ({ full }) => ({
    title: 'Full fine-tuning',
    text:
      `Every weight of the model is updated. That gives the most room to adapt, and the highest bill: for ${full.model.name} the gradients and ` +
      `mixed-precision Adam states make ${gb(full.memory.totalGB)} in all, so it needs ${full.hardware.typical.count}× ${full.hardware.used.gpuName} ` +
      `with ${full.hardware.used.strategy === 'zero3-offload' ? 'ZeRO-3 and the optimizer offloaded to CPU' : 'sharding (FSDP / ZeRO-3)'}: ` +
      `${hoursRange(full.time.hours)} h and ${usdRange(full.cost.perRunUsd)} a run here, ${usdRange(full.cost.projectUsd)} a project, plus ` +
      `${numRange(methodSpec('full').engineeringDays)} days to set up distributed training. Worth it when maximum quality is required, data is plentiful (100K+ examples) ` +
      'and the team can run multi-GPU training.',
    sources: ['the article, "The Three Approaches Explained"', 'Rajbhandari et al., ZeRO (arXiv 1910.02054)'],
  }),
  lora: ({ lora }) => ({
    title: 'LoRA (Low-Rank Adaptation)',
    text:
      `The model is frozen; small low-rank matrices beside its weights learn the update. With rank ${lora.inputs.rank} on ` +
      `${lora.inputs.targets === 'all' ? 'all linear layers' : 'the attention projections'}, ${lora.model.name} trains ` +
      `${compact(lora.inputs.trainableParamsB * 1e9)} parameters (${num((lora.inputs.trainableParamsB / lora.model.paramsB) * 100)}% of ${compact(lora.model.paramsB * 1e9)}), so gradients ` +
      `and optimizer states almost vanish: ${gb(lora.memory.totalGB)} in all, mostly the 16-bit weights. Here that is ` +
      `${lora.hardware.typical.count}× ${lora.hardware.used.gpuName}, ${hoursRange(lora.time.hours)} h and ${usdRange(lora.cost.perRunUsd)} a run, ` +
      `${numRange(lora.quality.vsFullPct)}% of full fine-tuning's quality for most tasks.`,
    sources: ['Hu et al. 2021, LoRA (arXiv 2106.09685)', 'the article, "Quality Hierarchy"'],
  }),
  qlora: ({ qlora, lora }) => ({
    title: 'QLoRA (quantized LoRA)',
    text:
      `LoRA on a model stored in 4 bits (NF4 with double quantization, 0.516 bytes a weight; embeddings and head stay 16-bit). ` +
      `${qlora.model.name} drops from ${gb(lora.memory.totalGB)} with LoRA to ${gb(qlora.memory.totalGB)}, one ` +
      `${qlora.hardware.used.gpuName} (${hoursRange(qlora.time.hours)} h, ${usdRange(qlora.cost.perRunUsd)} a run). Dequantizing every ` +
      `weight on each pass makes it ${num(qlora.basis.time.dequantSlowdown)}× slower than LoRA here, less with longer micro-batches. Quality: ${numRange(qlora.quality.vsFullPct)}% of full ` +
      'fine-tuning, depending on the task; the QLoRA paper matched 16-bit fine-tuning on the tasks it tested. The cheap way to iterate.',
    sources: ['Dettmers et al. 2023, QLoRA (arXiv 2305.14314)', 'the article'],
  }),
  memory: ({ full, lora, qlora }) => {
    const b = full.memory.breakdown;
    const P = full.model.paramsB;
    return {
      title: 'Why full fine-tuning needs so much memory',
      text:
        `Training keeps more than the weights. For ${full.model.name} (${num(P)}B parameters) in mixed precision: bf16 weights ${gb(b.weights)} ` +
        `(2 bytes each), bf16 gradients ${gb(b.gradients)} (2), and Adam's fp32 master copy and two moments ${gb(b.optimizer)} (12): ` +
        `16 bytes a parameter, before activations (${gb(b.activations)}) and overhead, ${gb(full.memory.totalGB)} in all. ` +
        "(The article's 70B itemization, 140 + 140 + 560 GB, forgets the fp32 master copy.) " +
        `LoRA keeps the weights only (${gb(lora.memory.totalGB)}); ` +
        `QLoRA stores them in 4 bits (${gb(qlora.memory.totalGB)}).`,
      sources: ['Rajbhandari et al., ZeRO (arXiv 1910.02054): 16 bytes per parameter', 'EleutherAI, "Transformer Math 101"'],
    };
  },
  quality: ({ lora, qlora }) => ({
    title: 'How much quality LoRA and QLoRA give up',
    text:
      `The article puts LoRA at ${numRange(lora.quality.vsFullPct)}% and QLoRA at ${numRange(qlora.quality.vsFullPct)}% of full fine-tuning. The evidence: ` +
      'the QLoRA paper matched 16-bit full fine-tuning on its benchmarks (Guanaco 65B reached 99.3% of ChatGPT on Vicuna); Biderman et al. 2024 ' +
      'found LoRA behind full fine-tuning on code and math, most in continued pre-training, while it forgets less of the base model; ' +
      'Thinking Machines 2025 found LoRA on all layers with enough rank matching full fine-tuning for SFT-scale post-training. The gap matters ' +
      'for precise reasoning, code, huge datasets and production systems where 2–5% has business impact.',
    sources: [
      'Dettmers et al. 2023, QLoRA (arXiv 2305.14314)',
      'Biderman et al. 2024, "LoRA Learns Less and Forgets Less" (arXiv 2405.09673)',
      'Thinking Machines 2025, "LoRA Without Regret"',
    ],
  }),
  'gradient-checkpointing': ({ lora, loraCheckpointed }) => {
    const ckpt = loraCheckpointed();
    return {
      title: 'Gradient checkpointing',
      text:
        "Backpropagation needs every layer's activations. Checkpointing keeps only each layer's input and recomputes the rest during the " +
        'backward pass: one extra forward, about a third more compute (+2 FLOPs per parameter per token; 30–40% wall time measured). ' +
        `For LoRA on ${lora.model.name} at ${num(lora.inputs.seqLen)} tokens, activations take ${gb(lora.memory.breakdown.activations)} without it ` +
        `and ${ckpt ? gb(ckpt.memory.breakdown.activations) : 'a small fraction of that'} with it, which is what lets a 70B model fit one 48 GB card with QLoRA. ftcost turns it on by default ` +
        'for full fine-tuning and QLoRA; --grad-ckpt / --no-grad-ckpt decide.',
      sources: ['Korthikanti et al. 2022 (arXiv 2205.05198)', 'Chen et al. 2016, "Training Deep Nets with Sublinear Memory Cost"'],
    };
  },
  mfu: ({ full }) => ({
    title: 'MFU: how much of a GPU training really uses',
    text:
      "Model FLOPs utilization is the share of the GPU's dense peak spent on the model's own arithmetic (6 FLOPs per parameter per token for " +
      'full training). Large runs reach 38–43% on H100 (Llama 3 paper); torchtitan measured 33–39% for Llama 3.1 8B on 8× H100. ' +
      "ftcost works it out per job, calibrated on published runs: tokens per micro-batch, model width, the GPU's FLOPs per byte of bandwidth, " +
      `the training stack, the optimizer step, dequantization and the setup's communication. For ${full.model.name} on ` +
      `${full.hardware.used.count}× ${full.hardware.used.gpuName} that is ${Math.round(full.basis.utilization.low * 100)}–${Math.round(full.basis.utilization.high * 100)}%, ` +
      `${hoursRange(full.time.breakdown.computeHours)} h of GPU compute per run. Sparse (2:4) TFLOP/s figures are never used.`,
    sources: ['Llama 3 paper (arXiv 2407.21783)', 'pytorch/torchtitan benchmarks/llama3_h100_202412_torchtitan.md'],
  }),
  quantization: ({ qlora }) => ({
    title: 'Quantization in QLoRA',
    text:
      'QLoRA stores the frozen linear weights as 4-bit NormalFloat (NF4), a code whose 16 levels match normally distributed weights, with one ' +
      'scale per 64 weights; double quantization stores those scales in 8 bits, so a weight costs 4.127 bits (0.516 bytes). Embeddings, norms ' +
      `and the LM head stay 16-bit, and each matrix is dequantized to bf16 when used. For ${qlora.model.name} the weights take ` +
      `${gb(qlora.memory.breakdown.weights)} instead of ${gb(qlora.model.paramsB * 2)}. 8-bit (LLM.int8) is the middle ground at 1 byte a weight ` +
      '(--bits 8). Paged optimizers absorb memory spikes.',
    sources: ['Dettmers et al. 2023, QLoRA (arXiv 2305.14314)', 'Dettmers et al. 2022, LLM.int8() (arXiv 2208.07339)'],
  }),
  'hidden-costs': ({ full, lora, qlora, hourlyUsd }) => ({
    title: 'The costs nobody mentions',
    text:
      `Engineering: ${numRange(qlora.cost.engineeringDays)} days to get QLoRA running (${usdRange(qlora.cost.engineeringUsd)} at ${usd(hourlyUsd)}/h), ` +
      `${numRange(lora.cost.engineeringDays)} for multi-GPU LoRA (${usdRange(lora.cost.engineeringUsd)}), ${numRange(full.cost.engineeringDays)} for distributed ` +
      `full fine-tuning (${usdRange(full.cost.engineeringUsd)}): often more than the GPUs. Failed experiments: expect 5–20 runs before the ` +
      `hyperparameters are right, ${usdRange(range(5 * qlora.cost.perRunUsd.low, 20 * qlora.cost.perRunUsd.high))} with QLoRA but ` +
      `${usdRange(range(5 * full.cost.perRunUsd.low, 20 * full.cost.perRunUsd.high))} with full fine-tuning. Data preparation: cleaning, formatting and ` +
      'validating the data often takes longer than training.',
    sources: ['the article, "Hidden Costs Nobody Mentions"'],
  }),
  'buy-vs-rent': ({ full, qlora }) => {
    const monthsFull = mid(full.cost.hardwareBuyUsd) / (mid(full.cost.perRunUsd) * 10);
    const monthsQlora = mid(qlora.cost.hardwareBuyUsd) / (mid(qlora.cost.perRunUsd) * 10);
    return {
      title: 'Buy or rent the GPUs',
      text:
        `Buying ${full.hardware.typical.count}× ${full.hardware.used.gpuName} for full fine-tuning costs ${usdRange(full.cost.hardwareBuyUsd)} ` +
        `(${usdRange(full.cost.amortizedMonthlyUsd)} a month over ${AMORTIZATION_MONTHS} months); renting it is ${usdRange(full.cost.perRunUsd)} a run. ` +
        `At 10 runs a month, buying pays off after about ${num(monthsFull)} months; for QLoRA's ${qlora.hardware.used.gpuName} ` +
        `(${usdRange(qlora.cost.hardwareBuyUsd)}) after about ${num(monthsQlora)}. Power, hosting and idle time are extra, so buy only for steady, ` +
        'repeated training; the article: "Only makes sense if you\'re doing this repeatedly."',
      sources: ['the article, "Hardware Recommendations"', '`ftcost gpus` and `ftcost prices` for the prices and their dates'],
    };
  },
};

/** A short (about 120 words) explanation with its sources; figures come from the engine for the case given. */
export function explain(
  topicText: string,
  input: Omit<EstimateInput, 'method' | 'model'> & { model?: string } = {},
  ctx: EngineContext = {},
): Parsed<Explanation> {
  const topic = resolveTopic(topicText);
  if (!topic.ok) return topic;
  const result = compare({ ...input, model: input.model ?? '70b' }, ctx, ['full', 'lora', 'qlora']);
  if (!result.ok) return result;
  const [full, lora, qlora] = result.value.rows as [Estimate, Estimate, Estimate];
  const model = input.model ?? '70b';
  const loraCheckpointed = () => {
    const r = estimate({ ...input, model, method: 'lora', gradCkpt: true }, ctx);
    return r.ok ? r.value : undefined;
  };
  const hourlyUsd = input.engineeringHourlyUsd ?? DEFAULTS.engineeringHourlyUsd;
  return { ok: true, value: { topic: topic.value, ...TEXTS[topic.value]({ full, lora, qlora, loraCheckpointed, hourlyUsd }) } };
}
