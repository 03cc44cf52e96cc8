import {
  compact,
  getGpu,
  gb,
  num,
  numRange,
  methodSpec,
  orList,
  usd,
  usdRange,
  type Alternative,
  type Estimate,
  type EstimateNote,
  type Method,
  type Strategy,
} from '../engine/index.js';

/**
 * The engine returns facts and codes; this module writes them as sentences, once for every surface.
 * `audience` decides how a fix is named: the command line's flag (`--grad-ckpt`) or the words a
 * chat user can type ("with gradient checkpointing").
 */
export type Audience = 'cli' | 'chat';

export const STRATEGY_LABEL: Record<Strategy, string> = {
  single: 'single GPU',
  ddp: 'data parallel (DDP)',
  fsdp: 'FSDP / ZeRO-3 sharding',
  'zero3-offload': 'ZeRO-3 + optimizer offloaded to CPU',
  'layer-split': 'layer split (device_map="auto")',
};

/** Short forms for tables and charts. */
export const SHORT_STRATEGY_LABEL: Record<Strategy, string> = {
  single: 'single GPU',
  ddp: 'data parallel',
  fsdp: 'FSDP',
  'zero3-offload': 'ZeRO-3 + CPU offload',
  'layer-split': 'layer split',
};

/** "Full fine-tuning", "LoRA", as headings use them. */
export const methodName = (method: Method): string => methodSpec(method).name;
/** "full fine-tuning", "LoRA", inside a sentence. */
export const methodInSentence = (method: Method): string => {
  const name = methodSpec(method).name;
  return /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
};
/** "Full", "LoRA", for charts and tight columns. */
export const methodShortName = (method: Method): string => methodSpec(method).shortName;

export const gpuName = (id: string): string => getGpu(id)?.name ?? id;
export const pct = (r: { low: number; high: number }): string => (r.low === r.high ? `${r.low}%` : `${r.low}–${r.high}%`);
export const setupText = (h: { gpu: string; count: number }): string => `${h.count}× ${gpuName(h.gpu)}`;

/** How to ask for an input on each surface. */
const FIX: Record<'gradCkpt' | 'batch' | 'seqLen', Record<Audience, string>> = {
  gradCkpt: { cli: '--grad-ckpt', chat: 'say "with gradient checkpointing"' },
  batch: { cli: '--batch', chat: 'a smaller micro-batch' },
  seqLen: { cli: '--seq-len', chat: 'shorter sequences' },
};

const OBSTACLE: Record<string, string> = {
  'cpu-ram': 'CPU RAM for the offloaded optimizer',
  'not-multi-node': 'not built into multi-node clusters',
  'layer-split-scope': 'a layer split stays on one node',
  'offload-scope': 'optimizer offload only helps when every weight is trained',
};

export function noteText(note: EstimateNote, audience: Audience): string {
  switch (note.code) {
    case 'does-not-fit': {
      const fix = note.fewest
        ? `${note.fewest.count}× ${gpuName(note.gpu)} would fit (${STRATEGY_LABEL[note.fewest.strategy]})`
        : `no number of ${gpuName(note.gpu)} GPUs fits`;
      const ckpt = note.gradCkptWouldHelp ? `; gradient checkpointing (${FIX.gradCkpt[audience]}) shrinks activations` : '';
      return (
        `Does not fit: ${note.count}× ${gpuName(note.gpu)} with ${STRATEGY_LABEL[note.strategy]} needs ${gb(note.needGB)} per GPU, ` +
        `${gb(note.usableGB)} usable${note.reason ? ` (${OBSTACLE[note.reason] ?? note.reason})` : ''}; ${fix}${ckpt}.`
      );
    }
    case 'fits-at-no-count':
      return `This job does not fit on ${gpuName(note.gpu)} even at ${note.count} GPUs (${gb(note.needGB)} per GPU needed, ${gb(note.usableGB)} usable).`;
    case 'article-setup-too-small':
      return `The article's typical ${methodInSentence(note.method)} setup (${note.count}× ${gpuName(note.gpu)}) cannot hold this job; using the minimum setup instead.`;
    case 'provider-lacks-planned-gpu':
      return `${note.providerName} does not list ${gpuName(note.gpu)}; using its cheapest setup per run, ${setupText(note.instead)}.`;
    case 'provider-lacks-gpu':
      return `${note.providerName} lists no ${gpuName(note.gpu)}; priced at the default range instead.`;
    case 'sequence-exceeds-context':
      return `Sequence length ${num(note.seqLen)} exceeds the model's context of ${num(note.maxContext)} tokens.`;
    case 'cpu-offload':
      return (
        `Model states (${gb(note.statesGB)}) exceed ${note.count}× ${gpuName(note.gpu)} (${gb(note.gpuGB)} in all): ` +
        `it fits only with ZeRO-3 sharding plus the optimizer offloaded to CPU, which needs ~${gb(note.cpuRamGB)} of CPU RAM ` +
        `and adds ${numRange(note.cpuOptimizerHours, 'h')} of CPU Adam steps per run.`
      );
    case 'card-too-small':
      return (
        `An ${gpuName(note.gpu)} (the article's other typical QLoRA card) is too small: this job needs ${gb(note.needGB)} on one GPU, ` +
        `the card holds ${gb(note.cardGB)} (${Math.round((note.cardGB * 1e9) / 2 ** 30)} GiB); use a card such as ${orList(note.suggestions.map(gpuName))}.`
      );
    case 'synthesized-shape':
      return `No catalog model has that size: using a synthesized Llama-3-like shape (hidden ≈${num(note.hidden)}, ≈${num(note.layers)} layers).`;
    case 'model-note':
      return note.text;
    case 'planned-gpu-unpriced':
      return `The price table has no price for ${gpuName(note.gpu)}; using the cheapest priced setup per run, ${setupText(note.instead)}.`;
    case 'unpriced-options':
      return `No public rental price for ${note.gpus.map(gpuName).join(', ')}: listed with fit and time, left out of cost comparisons and of the minimum.`;
    case 'checkpointing-would-shrink':
      return (
        `With gradient checkpointing${audience === 'cli' ? ` (${FIX.gradCkpt.cli})` : ''}, activations shrink from ${gb(note.activationsGB)} to ${gb(note.withCheckpointingGB)} ` +
        `and ${note.count}× ${gpuName(note.gpu)} would be enough (at about a third more compute).`
      );
  }
}

export function alternativeLabel(a: Alternative): string {
  const h = a.hardware;
  switch (a.kind) {
    case 'shard-without-offload':
      return `${h.count}× ${h.gpuName}${h.nodes > 1 ? ` (${h.nodes} nodes)` : ''} with FSDP, no CPU offload`;
    case 'shard-same-gpus':
      return `the same ${h.count}× ${h.gpuName} with FSDP (all GPUs busy at once)`;
    case 'cheapest-per-run':
      return `cheapest per run in the catalog: ${h.count}× ${h.gpuName} (${STRATEGY_LABEL[h.strategy]})`;
  }
}

/** Notes that qualify the catalog rather than this answer: said among the assumptions, not as warnings. */
const ASSUMPTION_NOTES = new Set<EstimateNote['code']>(['unpriced-options']);

export const warningsOf = (e: Estimate, audience: Audience): string[] =>
  e.notes.filter((n) => !ASSUMPTION_NOTES.has(n.code)).map((n) => noteText(n, audience));

/** The assumptions behind an estimate, one sentence each (docs/methodology.md explains each). */
export function assumptionLines(e: Estimate): string[] {
  const b = e.basis;
  const i = e.inputs;
  const spec = methodSpec(e.method);
  const P = e.model.paramsB * 1e9;
  const out: string[] = [];
  const moe =
    b.model.experts > 1
      ? `, ${compact(e.model.activeParamsB * 1e9)} active per token (${b.model.expertsPerToken} of ${b.model.experts} experts)`
      : '';
  out.push(
    `Model: ${e.model.name}, ${compact(P)} parameters${moe}${b.model.resolvedFrom ? ` (read "${b.model.resolvedFrom}")` : ''}; shape from ${e.model.source} (as of ${e.model.asOf}).`,
  );
  const tokensNote = b.defaulted.tokensPerExample ? ' (default; tokens per example drive time and cost more than any other input)' : '';
  out.push(
    b.datasetTokensGiven !== null
      ? `Data: ${compact(b.datasetTokensGiven)} tokens per epoch × ${num(i.epochs)} epochs = ${compact(i.trainingTokens)} training tokens.`
      : `Data: ${num(i.examples)} examples × ${num(i.tokensPerExample)} tokens${tokensNote} × ${num(i.epochs)} epochs = ${compact(i.trainingTokens)} training tokens.`,
  );
  out.push(
    `Batch: micro-batch ${i.microBatch} × ${num(i.seqLen)} tokens per GPU; global batch ${i.globalBatch} examples (${num(i.optimizerSteps)} optimizer steps).`,
  );
  if (b.stateBytesPerParam !== null) {
    const recipe =
      i.precision === 'mixed' ? 'mixed precision (bf16 weights and gradients, fp32 master copy)' : 'pure bf16 (no fp32 master copy)';
    out.push(
      `${spec.name}: ${recipe} with ${i.optimizer}: ${num(b.stateBytesPerParam)} bytes of model state per parameter (ZeRO paper; 16 for mixed-precision AdamW).`,
    );
  } else {
    const q = b.quantization;
    const quant = q
      ? q.bits === 8
        ? 'frozen linear weights in 8-bit (LLM.int8), embeddings and LM head in bf16; '
        : q.doubleQuant
          ? `frozen linear weights in 4-bit NF4 with double quantization (${num(q.bytesPerWeight)} bytes each), embeddings and LM head in bf16; `
          : `frozen linear weights in 4-bit NF4, one fp32 scale per 64 weights (${num(q.bytesPerWeight)} bytes each), embeddings and LM head in bf16; `
      : 'frozen weights in bf16; ';
    out.push(
      `${spec.name}: ${quant}rank ${i.rank} on ${i.targets === 'all' ? 'all linear layers' : 'attention projections'} = ${compact(i.trainableParamsB * 1e9)} trainable parameters, kept in fp32 with ${i.optimizer} states.`,
    );
  }
  out.push(
    i.gradCkpt
      ? 'Gradient checkpointing on: each layer keeps only its input and recomputes the rest (+2 FLOPs per parameter per token).'
      : 'Gradient checkpointing off: every layer keeps its activations (more memory, no recomputation).',
  );
  const st = b.stack;
  const stackExtras = [
    st.kbitCastGB > 0
      ? `PEFT's prepare_model_for_kbit_training keeps the non-quantized embeddings, norms and LM head in fp32 (+${gb(st.kbitCastGB)})`
      : '',
    st.eagerAttention ? "soft-capped attention (Gemma 2) runs eager and keeps each layer's s × s scores" : '',
  ].filter(Boolean);
  out.push(
    `Stack: ${st.name} (the stack input: hf-peft, unsloth, liger, torchtune or nemo)${stackExtras.length ? `; ${stackExtras.join('; ')}` : ''}.`,
  );
  out.push(
    `Memory: GB = 10^9 bytes; activations with ${st.eagerAttention ? 'eager attention' : 'FlashAttention'} as this stack saves them, plus the loss's logits at ${num(st.logitBytes)} bytes each${i.gradCkpt ? ' (with checkpointing the peak holds the layer inputs plus the larger of one layer and the logits)' : ''}; overhead = 1 GB runtime per GPU + 10% allocator reserve${b.quantization ? ' + one dequantized weight matrix' : ''}; a GPU is used up to ${Math.round(b.usableFraction * 100)}% of its capacity (sold in GiB).`,
  );
  if (b.articleMemory) {
    const why = [
      st.kbitCastGB > 0 ? `PEFT's fp32 casts (+${gb(st.kbitCastGB)})` : '',
      st.logitBytes > 10 ? `the Hugging Face loss's ${num(st.logitBytes)} bytes per logit` : '',
    ].filter(Boolean);
    out.push(
      `The article gives ${b.articleMemory.quote} for ${methodInSentence(e.method)} on Llama 70B; ftcost's ${gb(e.memory.totalGB)} is measured physics` +
        `${why.length ? ` and includes ${why.join(' and ')}` : ''} (docs/methodology.md, "The article's scenario").`,
    );
  }
  const used = e.hardware.used;
  const t = b.time;
  const extras = [
    t.dequantSlowdown > 1.005 && b.quantization ? `${b.quantization.bits}-bit dequantization ×${num(t.dequantSlowdown)}` : '',
    t.optimizerShare >= 0.05 ? `optimizer steps ${Math.round(t.optimizerShare * 100)}% of GPU time` : '',
    t.commShare >= 0.05 ? `communication not hidden by compute ${Math.round(t.commShare * 100)}%` : '',
    t.issueBound ? 'small micro-batches: launching kernels on the CPU sets the pace' : '',
    used.strategy === 'layer-split' ? 'one GPU computes at a time' : '',
    b.slowdown.high > 1 ? `÷ ${numRange(b.slowdown)} for the method` : '',
  ].filter(Boolean);
  out.push(
    `Time on ${used.count}× ${used.gpuName} (${STRATEGY_LABEL[used.strategy]}): ${b.flopsPerParamToken - (i.gradCkpt ? 2 : 0)}${i.gradCkpt ? '+2' : ''} FLOPs per parameter per token; ` +
      `matmuls at ${Math.round(t.gemmEfficiency * 100)}% of ${num(b.gpuTflops)} dense BF16 TFLOP/s${b.gpuEfficiencyFactor < 1 ? ` × ${b.gpuEfficiencyFactor} for its software stack` : ''}, memory-bound kernels at ${num(t.bandwidthGBs)} GB/s, ` +
      `${num(t.tokensPerMicroBatch)} tokens per micro-batch per GPU: ${Math.round(b.utilization.low * 100)}–${Math.round(b.utilization.high * 100)}% utilization` +
      `${extras.length ? `; ${extras.join('; ')}` : ''}; the range is ×${numRange(t.spread)} of the central figure, the spread of published runs.`,
  );
  if (b.cpuOffload) {
    const rate = { low: b.cpuOffload.adamParamsPerSec.low / 1e9, high: b.cpuOffload.adamParamsPerSec.high / 1e9 };
    out.push(
      `CPU offload: each optimizer step runs DeepSpeed CPU Adam at ${numRange(rate)} billion parameters/s per node and moves 4 bytes per parameter over PCIe at ${numRange(b.cpuOffload.pcieGBs)} GB/s per GPU.`,
    );
  }
  out.push(
    `Fixed time per run: ${numRange(b.fixed.startupHours, 'h')} to start, plus loading and saving weights at ${numRange(b.fixed.storageGBs)} GB/s = ${numRange(e.time.breakdown.fixedHours, 'h')}.`,
  );
  const price = e.cost.pricePerGpuHour;
  out.push(`Price: ${used.gpuName} ${usdRange(price)}/GPU-hour (${price.source}, as of ${price.asOf}).`);
  out.push(
    `Runs per project: ${numRange(e.cost.runs)}${b.defaulted.runs ? ` (the article's count for ${methodInSentence(e.method)})` : ''}; project cost = runs × cost per run.`,
  );
  const buy = b.buyIn;
  const machines = buy.machines > 1 ? `${buy.machines}× ${buy.machineName}` : `a ${buy.machineName}`;
  out.push(
    `Hardware buy-in: ${buy.gpuCount}× ${buy.gpuName} at ${usdRange(buy.gpuUsd)} each (${buy.gpuSource}) + ${machines} at ${usdRange(buy.machineUsd)} (${buy.machineIncludes}; ${buy.machineSource}); ` +
      `amortized over ${buy.months} months; power, hosting and${buy.machines > 1 ? ' cluster switches' : ' support'} not included.`,
  );
  out.push(
    `Engineering setup: ${numRange(b.engineering.days, 'days')} (the article's estimate for ${b.engineering.work}) × 8 h × ${usd(b.engineering.hourlyUsd)}/h, reported apart from project cost.`,
  );
  out.push(`Quality vs full fine-tuning: ${numRange(e.quality.vsFullPct)}% (${e.quality.sources[0] ?? spec.source}).`);
  for (const note of e.notes) if (ASSUMPTION_NOTES.has(note.code)) out.push(noteText(note, 'cli'));
  return out;
}

/** The JSON contract of `ftcost estimate --json` (docs/architecture.md): the engine's facts plus the sentences. */
export function estimateJson(
  e: Estimate,
): Estimate & { assumptions: string[]; warnings: string[]; alternatives: Array<Alternative & { label: string }> } {
  return {
    ...e,
    alternatives: e.alternatives.map((a) => ({ ...a, label: alternativeLabel(a) })),
    assumptions: assumptionLines(e),
    warnings: warningsOf(e, 'cli'),
  };
}
