/**
 * Training stacks: the software a job runs on changes its memory (how the loss holds the logits,
 * which parameters PEFT casts to fp32, what the layers save for the backward pass) and its speed
 * (how many bytes the non-matmul kernels move, how fast 4-bit weights are dequantized, which AdamW
 * kernel steps the optimizer). docs/methodology.md ("Training stacks") gives each figure's source.
 */

/** The stacks a job may name (`--stack`); hf-peft is the default. */
export const STACK_IDS = ['hf-peft', 'unsloth', 'liger', 'torchtune', 'nemo'] as const;
export type Stack = (typeof STACK_IDS)[number];

export interface StackProfile {
  id: Stack;
  /** As the assumptions name it. */
  name: string;
  /** Bytes per logit held at the loss's peak (logits, their fp32 upcast, log-softmax and gradients). */
  logitBytes: number;
  /** Unsharded QLoRA: PEFT's prepare_model_for_kbit_training casts every non-quantized parameter to fp32. */
  kbitCastsToFp32: boolean;
  /** RMSNorm in eager PyTorch keeps an fp32 copy of its input for the backward pass (HF, torchtune). */
  eagerNorms: boolean;
  /** Checkpointed layer inputs are offloaded to CPU RAM (Unsloth's gradient checkpointing). */
  offloadsCheckpoints: boolean;
  /** Models with attention logit soft-capping (Gemma 2) run eager attention, which keeps the s × s scores. */
  eagerAttentionForSoftcap: boolean;
  time: {
    /** Bytes the non-matmul kernels (norms, RoPE, activations, residuals, casts) move per byte of activations saved, per pass. */
    elementwisePerActivationByte: number;
    /** Bytes the LoRA path (dropout, the rank-r matmuls, scale and add) moves per adapted input + output width, per pass. */
    elementwisePerAdapterWidth: number;
    /** Share of dense peak the attention kernel sustains (FlashAttention 2 ~0.35 on H100; cuDNN/FA3 ~0.5). */
    attentionEfficiency: number;
    /** CPU time to issue one layer's kernels for one micro-batch, forward and backward (eager PyTorch ~1.5 ms; compiled/fused less). */
    layerIssueSeconds: number;
    /** The same for each adapted matrix's LoRA path (dropout, A, B, scale, add and their gradients). */
    adapterIssueSeconds: number;
    /** Bytes moved per 4-bit weight each time it is dequantized (the kernel's real cost, at the GPU's bandwidth). */
    dequantBytesPerWeight: number;
    /** Passes over each trainable parameter's elements in one AdamW step with gradient clipping (foreach 23, fused 10). */
    optimizerPasses: number;
  };
  source: string;
}

export const STACKS: Readonly<Record<Stack, StackProfile>> = {
  'hf-peft': {
    id: 'hf-peft',
    name: 'Hugging Face Trainer + PEFT (+ bitsandbytes for QLoRA) + FlashAttention 2',
    logitBytes: 16,
    kbitCastsToFp32: true,
    eagerNorms: true,
    offloadsCheckpoints: false,
    eagerAttentionForSoftcap: true,
    time: {
      elementwisePerActivationByte: 5,
      elementwisePerAdapterWidth: 8,
      attentionEfficiency: 0.35,
      layerIssueSeconds: 1.5e-3,
      adapterIssueSeconds: 0.2e-3,
      dequantBytesPerWeight: 8,
      optimizerPasses: 23,
    },
    source:
      "transformers' ForCausalLMLoss (logits upcast to fp32 before cross-entropy), LlamaRMSNorm and Gemma2 attention; peft utils/other.py prepare_model_for_kbit_training and tuners/lora; torch.optim.AdamW's default foreach implementation",
  },
  unsloth: {
    id: 'unsloth',
    name: 'Unsloth (Triton kernels, fused cross-entropy, offloaded gradient checkpointing)',
    logitBytes: 2,
    kbitCastsToFp32: false,
    eagerNorms: false,
    offloadsCheckpoints: true,
    eagerAttentionForSoftcap: false,
    time: {
      elementwisePerActivationByte: 2.5,
      elementwisePerAdapterWidth: 2,
      attentionEfficiency: 0.35,
      layerIssueSeconds: 0.6e-3,
      adapterIssueSeconds: 0.05e-3,
      dequantBytesPerWeight: 4,
      optimizerPasses: 10,
    },
    source: 'unslothai/unsloth README (context-length and VRAM benchmarks; use_gradient_checkpointing="unsloth" offloads to RAM)',
  },
  liger: {
    id: 'liger',
    name: 'Hugging Face Trainer + PEFT with Liger kernels (Axolotl, LLaMA-Factory): fused linear cross-entropy, RMSNorm, RoPE, SwiGLU',
    logitBytes: 1,
    kbitCastsToFp32: false,
    eagerNorms: false,
    offloadsCheckpoints: false,
    eagerAttentionForSoftcap: true,
    time: {
      elementwisePerActivationByte: 3.5,
      elementwisePerAdapterWidth: 8,
      attentionEfficiency: 0.35,
      layerIssueSeconds: 1.2e-3,
      adapterIssueSeconds: 0.2e-3,
      dequantBytesPerWeight: 8,
      optimizerPasses: 10,
    },
    source:
      'linkedin/Liger-Kernel (arXiv 2410.10989): fused linear cross-entropy never materializes the logits, ~20% throughput over HF; Axolotl and LLaMA-Factory keep embeddings and head in the training dtype',
  },
  torchtune: {
    id: 'torchtune',
    name: 'torchtune / PyTorch-native recipes (FSDP2, chunked cross-entropy, fused AdamW)',
    logitBytes: 3,
    kbitCastsToFp32: false,
    eagerNorms: true,
    offloadsCheckpoints: false,
    eagerAttentionForSoftcap: true,
    time: {
      elementwisePerActivationByte: 4.5,
      elementwisePerAdapterWidth: 4,
      attentionEfficiency: 0.35,
      layerIssueSeconds: 1e-3,
      adapterIssueSeconds: 0.07e-3,
      dequantBytesPerWeight: 6,
      optimizerPasses: 10,
    },
    source: 'pytorch/torchtune: CEWithChunkedOutputLoss (8 chunks, fp32 per chunk), RMSNorm in fp32, recipes with fused AdamW; torchao NF4',
  },
  nemo: {
    id: 'nemo',
    name: 'NeMo AutoModel / Megatron-class (FSDP2, Transformer Engine, torch.compile)',
    logitBytes: 4,
    kbitCastsToFp32: false,
    eagerNorms: false,
    offloadsCheckpoints: false,
    eagerAttentionForSoftcap: false,
    time: {
      elementwisePerActivationByte: 4,
      elementwisePerAdapterWidth: 2,
      attentionEfficiency: 0.5,
      layerIssueSeconds: 0.35e-3,
      adapterIssueSeconds: 0.02e-3,
      dequantBytesPerWeight: 4,
      optimizerPasses: 10,
    },
    source: 'NVIDIA-NeMo/Automodel docs/performance-summary.mdx (TE + Triton LoRA kernels, fsdp2 prefetch, compile)',
  },
};

export const stackProfile = (id: Stack): StackProfile => STACKS[id];
