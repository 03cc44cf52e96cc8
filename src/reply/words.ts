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
  hoursRange,
  TASK_LABEL,
  type Alternative,
  type BudgetFit,
  type BuyVsRent,
  type Estimate,
  type Reason,
  type Recommendation,
  type RecommendInput,
  type Range,
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
  offload: 'single GPU, optimizer offloaded to CPU (ZeRO-Offload)',
  ddp: 'data parallel (DDP)',
  fsdp: 'FSDP / ZeRO-3 sharding',
  'zero3-offload': 'ZeRO-3 + optimizer offloaded to CPU',
  'layer-split': 'layer split (device_map="auto")',
};

/** Short forms for tables and charts. */
export const SHORT_STRATEGY_LABEL: Record<Strategy, string> = {
  single: 'single GPU',
  offload: 'CPU offload',
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
  // "Full fine-tuning" → "full fine-tuning"; acronyms such as "LoRA" stay as they are.
  return /^[A-Z][a-z]+(\s|$)/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
};
/** "Full", "LoRA", for charts and tight columns. */
export const methodShortName = (method: Method): string => methodSpec(method).shortName;

export const gpuName = (id: string): string => getGpu(id)?.name ?? id;
export const pct = (r: { low: number; high: number }): string => (r.low === r.high ? `${r.low}%` : `${r.low}–${r.high}%`);
export const setupText = (h: { gpu: string; count: number }): string => `${h.count}× ${gpuName(h.gpu)}`;

/** A ratio as people say it: 1.4×, 5.1×, 12×. */
export const times = (x: number): string => `${x >= 10 ? Math.round(x) : Math.round(x * 10) / 10}×`;

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
    case 'requested-does-not-fit': {
      const nearest = note.nearest
        ? `the figures are for the nearest setup that fits, ${setupText(note.nearest)} (${STRATEGY_LABEL[note.nearest.strategy]})`
        : 'no priced setup fits';
      const ckpt = note.gradCkptWouldHelp ? `; gradient checkpointing (${FIX.gradCkpt[audience]}) shrinks activations` : '';
      return (
        `Does not fit: ${note.count}× ${gpuName(note.gpu)}${note.owned ? ' (yours)' : ''} would need ${gb(note.needGB)} per GPU, ` +
        `${gb(note.usableGB)} usable${note.reason ? ` (${OBSTACLE[note.reason] ?? note.reason})` : ''}; ${nearest}${ckpt}.`
      );
    }
    case 'leads-with-better': {
      const how = [
        note.cheaperBy >= 1.5 ? `${times(note.cheaperBy)} cheaper` : '',
        note.fasterBy >= 1.5 ? `${times(note.fasterBy)} faster` : '',
      ].filter(Boolean);
      return `Planned on this setup, ${how.join(' and ')} than the fewest commonly rented GPUs that fit (${setupText(note.typical)}, ${STRATEGY_LABEL[note.typical.strategy]}).`;
    }
    case 'long-run':
      return note.faster
        ? `A run takes ${numRange(note.hours, 'h')} (over a week); ${setupText(note.faster)} would take ${numRange(note.faster.hours, 'h')}.`
        : `A run takes ${numRange(note.hours, 'h')} (over a week): consider fewer tokens or a smaller model.`;
    case 'cheaper-optimizer-fits':
      return `With ${note.optimizer} (${audience === 'cli' ? `--optimizer ${note.optimizer}` : `say "with ${note.optimizer.replace(/-/g, ' ')}"`}), ${setupText(note)} would be enough.`;
    case 'article-setup-too-small':
      return `The article's typical ${methodInSentence(note.method)} setup (${note.count}× ${gpuName(note.gpu)}) cannot hold this job.`;
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
  const setup = `${h.count}× ${h.gpuName}${h.nodes > 1 ? ` (${h.nodes} nodes)` : ''}, ${SHORT_STRATEGY_LABEL[h.strategy]}`;
  const compared = [
    a.cheaperBy >= 1.05
      ? `${times(a.cheaperBy)} cheaper`
      : a.cheaperBy <= 0.95
        ? `${times(1 / a.cheaperBy)} dearer`
        : 'about the same cost',
    a.fasterBy >= 1.05 ? `${times(a.fasterBy)} faster` : a.fasterBy <= 0.95 ? `${times(1 / a.fasterBy)} slower` : 'about as fast',
  ].join(', ');
  switch (a.kind) {
    case 'article-setup':
      return `the article's setup, ${setup} (${compared})`;
    case 'cheaper':
      return `cheaper: ${setup} (${compared})`;
    case 'faster':
      return `faster: ${setup} (${compared})`;
  }
}

/** An alternative in one line: its setup, figures, and how it compares ("1× L40S 48GB, single GPU: $2.20–$4.66 a run, 2.8–4.3 h (1.5× cheaper, 1.4× faster)"). */
export function alternativeLine(a: Alternative): string {
  const h = a.hardware;
  const setup = `${a.kind === 'article-setup' ? "the article's " : ''}${h.count}× ${h.gpuName}${h.nodes > 1 ? ` (${h.nodes} nodes)` : ''}, ${SHORT_STRATEGY_LABEL[h.strategy]}`;
  const compared = [
    a.cheaperBy >= 1.05 ? `${times(a.cheaperBy)} cheaper` : a.cheaperBy <= 0.95 ? `${times(1 / a.cheaperBy)} dearer` : 'same cost',
    a.fasterBy >= 1.05 ? `${times(a.fasterBy)} faster` : a.fasterBy <= 0.95 ? `${times(1 / a.fasterBy)} slower` : 'as fast',
  ].join(', ');
  return `${setup}: ${usdRange(a.perRunUsd)} a run, ${hoursRange(a.hours)} h (${compared})`;
}

/** Notes that qualify the catalog rather than this answer: said among the assumptions, not as warnings. */
const ASSUMPTION_NOTES = new Set<EstimateNote['code']>(['unpriced-options']);

/** Notes that explain the choice of setup rather than warn: in a chat answer, said with the details. */
const DETAIL_NOTES = new Set<EstimateNote['code']>(['leads-with-better', 'article-setup-too-small', 'card-too-small']);

/** Tips a comparison's brief answer leaves to the details (an estimate says them). */
const COMPARE_DETAIL_NOTES = new Set<EstimateNote['code']>(['cheaper-optimizer-fits', 'checkpointing-would-shrink']);

export const warningsOf = (e: Estimate, audience: Audience, brief = false, inComparison = false): string[] =>
  e.notes
    .filter(
      (n) => !ASSUMPTION_NOTES.has(n.code) && !(brief && DETAIL_NOTES.has(n.code)) && !(inComparison && COMPARE_DETAIL_NOTES.has(n.code)),
    )
    .map((n) => noteText(n, audience));

/**
 * The alternatives a brief answer shows: the cheaper, then the faster, up to `limit`; and in the
 * article's own case, the article's setup beside them.
 */
export const briefAlternatives = (e: Estimate, limit: number): Alternative[] => [
  ...e.alternatives
    .filter((a) => a.kind === 'cheaper')
    .concat(e.alternatives.filter((a) => a.kind === 'faster'))
    .slice(0, limit),
  ...(e.basis.articleScenario ? e.alternatives.filter((a) => a.kind === 'article-setup') : []),
];

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

// ---------------------------------------------------------------------------------------------
// Recommendations: every claim is computed from the figures the reason carries.

const fig = (r: Reason, key: string): Range => r.figures[key] as Range;
const ratioText = (ratio: number): string => (ratio >= 1.95 ? `${times(ratio)} cheaper` : `${Math.round((1 - 1 / ratio) * 100)}% cheaper`);

const QUESTION_TEXT: Partial<Record<keyof RecommendInput, string>> = {
  budgetUsd: 'What budget do you have for the training runs of this project?',
  qualityCritical: 'Is this a production system where a 2–5% quality difference has business impact?',
  task: 'What is the task: domain adaptation, style, instruction following, a chatbot, numerical or multi-step reasoning, or code?',
  multiGpu: 'Can the team run multi-GPU training?',
  firstTime: 'Is this your first fine-tuning project?',
};
export const questionText = (key: keyof RecommendInput): string => QUESTION_TEXT[key] ?? `What about ${String(key)}?`;

const ASSUMED_TEXT: Partial<Record<keyof RecommendInput, string>> = {
  budgetUsd: 'no budget limit',
  qualityCritical: 'a 2–5% quality difference is not critical',
  task: 'a task most methods handle',
  multiGpu: 'multi-GPU training is possible',
  firstTime: 'team experience not counted',
};

export function changeIfText(c: Recommendation['changeIf'][number]): string {
  const v = c.value;
  const when =
    c.fact === 'budgetUsd'
      ? `With a budget of ${usd(v as number)}`
      : c.fact === 'qualityCritical'
        ? v
          ? 'If a 2–5% quality difference mattered in production'
          : 'If a 2–5% quality difference did not matter'
        : c.fact === 'task'
          ? `For ${TASK_LABEL[v as keyof typeof TASK_LABEL]}`
          : c.fact === 'multiGpu'
            ? 'Without multi-GPU engineering'
            : c.fact === 'firstTime'
              ? 'For a first fine-tuning project'
              : `With ${String(c.fact)} ${String(v)}`;
  return `${when}, the answer would be ${methodInSentence(c.verdict)}.`;
}

/** One reason as a sentence, with the figures it carries (and only those). */
export function reasonText(r: Reason): string {
  const m = methodName(r.method);
  const vs = r.versus ? methodInSentence(r.versus) : '';
  switch (r.rule) {
    case 'beats-on-cost-and-quality':
      return `${m} is both cheaper and better than ${vs} here: ${usdRange(fig(r, 'perRun'))} a run against ${usdRange(fig(r, 'versusPerRun'))}, ${pct(fig(r, 'quality'))} of full fine-tuning's quality against ${pct(fig(r, 'versusQuality'))}.`;
    case 'cheaper-by':
      return `${m}'s project costs ${usdRange(fig(r, 'project'))}, ${ratioText(r.figures.ratio as number)} than ${vs}'s (${usdRange(fig(r, 'versusProject'))}), for ${pct(fig(r, 'quality'))} of full fine-tuning's quality against ${pct(fig(r, 'versusQuality'))}.`;
    case 'cheapest-enough':
      return `${m} is the cheapest method here: ${usdRange(fig(r, 'perRun'))} a run, ${usdRange(fig(r, 'project'))} a project, ${pct(fig(r, 'quality'))} of full fine-tuning's quality.`;
    case 'budget': {
      const fit = r.figures.fit as BudgetFit;
      const p = usdRange(fig(r, 'project'));
      const b = usd(r.figures.budget as number);
      return fit === 'covers'
        ? `${b} covers ${m}'s whole project (${p}).`
        : fit === 'covers-low-end'
          ? `${b} covers the low end of ${m}'s project (${p}), not its high end: plan fewer runs.`
          : `${b} is below ${m}'s project (${p}).`;
    }
    case 'budget-rules-out':
      return `${usd(r.figures.budget as number)} is below ${m}'s project (${usdRange(fig(r, 'project'))}), so it is not the pick.`;
    case 'budget-below-all':
      return `${usd(r.figures.budget as number)} is below even the cheapest project, ${m}'s (${usdRange(fig(r, 'project'))}, ${usdRange(fig(r, 'perRun'))} a run): plan fewer runs, fewer tokens or a smaller model.`;
    case 'quality-over-budget':
      return `Quality is critical, so ${m} even though its project (${usdRange(fig(r, 'project'))}) exceeds ${usd(r.figures.budget as number)}.`;
    case 'quality-need': {
      const out = String(r.figures.ruledOut ?? '')
        .split(',')
        .filter(Boolean)
        .map(methodInSentence);
      return `${r.fact.charAt(0).toUpperCase()}${r.fact.slice(1)} needs at least ${r.figures.floor}% of full fine-tuning's quality${out.length ? `, which rules out ${orList(out)}` : ''}; ${m} gives ${pct(fig(r, 'quality'))}.`;
    }
    case 'task-any-method':
      return `For ${r.fact.replace(/^task: /, '')}, every method's quality is usually enough (the article: QLoRA is usually sufficient), so the figures decide; ${m} gives ${pct(fig(r, 'quality'))}.`;
    case 'no-multi-gpu':
      return `Without multi-GPU engineering, ${methodInSentence(r.method)} on ${r.figures.gpus} GPUs is out.`;
    case 'owned-hardware':
      return `On your ${r.figures.count}× ${r.figures.gpu}: ${hoursRange(fig(r, 'hours'))} h and ${usdRange(fig(r, 'perRun'))} of electricity a run.`;
    case 'article-overruled':
      return `The article says to start with ${vs} for most teams; here ${methodInSentence(r.method)} ${r.figures.beats ? 'is cheaper and better' : 'wins on these figures'} (${usdRange(fig(r, 'perRun'))} a run and ${pct(fig(r, 'quality'))} against ${usdRange(fig(r, 'versusPerRun'))} and ${pct(fig(r, 'versusQuality'))}).`;
    case 'article-agrees':
      return `This matches the article's advice for most teams: start with ${m}, which is cheap to iterate with.`;
    case 'data-size':
      return r.figures.limited
        ? `Under 10K examples, the data limits quality more than the method (the article).`
        : `With 100K+ examples, LoRA or full fine-tuning can use the data better (the article).`;
    case 'first-project':
      return `A first project learns most from cheap runs: ${m} at ${usdRange(fig(r, 'perRun'))} a run, ${numRange(fig(r, 'engineeringDays'))} days to set up.`;
  }
}

export function buyVsRentText(b: BuyVsRent): string {
  const hw = `${b.hardware.count}× ${b.hardware.gpuName}`;
  if (b.owned) return `You own ${hw}: each run costs its electricity, ${usdRange(b.perRunUsd)}.`;
  const verdict =
    b.verdict === 'rent'
      ? `renting wins: buying pays off only after ${num(b.breakEvenMonths.low)}+ months, beyond the 36-month life assumed`
      : b.verdict === 'buy'
        ? `buying pays off in ${numRange(b.breakEvenMonths)} months`
        : `buying pays off in ${numRange(b.breakEvenMonths)} months, close to the 36-month life assumed`;
  return (
    `At ${b.runsPerMonth} run${b.runsPerMonth === 1 ? '' : 's'} a month, renting ${hw} costs ${usdRange(b.rentPerMonthUsd)} a month against ${usdRange(b.buyUsd)} to buy: ${verdict}. ` +
    `Buying pays off within 36 months from about ${num(b.runsPerMonthToBreakEvenIn36)} runs a month (power and hosting not counted).`
  );
}

export function assumedText(r: Recommendation): string | undefined {
  const list = r.assumed.map((k) => ASSUMED_TEXT[k]).filter(Boolean) as string[];
  return list.length ? `Not given, so not counted: ${list.join('; ')}.` : undefined;
}

/** The JSON contract of `ftcost recommend --json`: the engine's facts plus the sentences. */
export function recommendJson(r: Recommendation) {
  return {
    ...r,
    reasons: r.reasons.map((x) => ({ ...x, text: reasonText(x) })),
    questions: r.questions.map(questionText),
    changeIf: r.changeIf.map(changeIfText),
    assumptions: [assumedText(r)].filter(Boolean),
    buyVsRent: { ...r.buyVsRent, text: buyVsRentText(r.buyVsRent) },
    estimates: r.estimates.map(estimateJson),
  };
}
