export const USAGE = `ftcost — what fine-tuning an LLM will cost: GPU memory, hardware, hours, dollars, quality.

Usage
  ftcost <method> <model> [examples] [epochs] [flags]     same as ftcost estimate
  ftcost estimate <method> <model> [examples] [epochs] [flags] [--json]
  ftcost compare <model> [examples] [epochs] [flags] [--json]   full, LoRA and QLoRA side by side
  ftcost recommend [--budget USD] [--examples N] [--task T] [facts] [--json]   which method, and why
  ftcost recommend "<free text>" [facts]                       the same, reading the facts from a message
  ftcost parse "<message>" [--json]                            how the bot understands a chat message
  ftcost explain <topic> [--model ID]                          full, lora, qlora, memory, quality,
                                                               gradient-checkpointing, mfu, quantization,
                                                               hidden-costs, buy-vs-rent
  ftcost models | gpus | prices [--json]                       the catalogs, with sources and dates

Examples
  ftcost qlora 70b 10k 3
  ftcost compare llama-3.1-8b 50k 2 --provider runpod
  ftcost compare 70b 10k 3 --png chart.png
  ftcost lora mixtral-8x7b "250k examples" --gpu a100-80gb --gpus 2 --grad-ckpt
  ftcost full 8b 100k 3 --tokens-per-example 1024 --json
  ftcost recommend --budget 500 --examples 8k --task domain-adaptation

Arguments
  method     full (fft, full-ft) | lora | qlora
  model      an id (llama-3.1-70b, mixtral-8x7b, qwen2.5-72b), a name ("Llama 3.1 70B") or a size (70b);
             a size no catalog model has gets a synthesized Llama-like shape
  examples   10000, 10k, 10,000, 1.5M, "250k examples" (default 10,000)
  epochs     3, "3 epochs", x3 (default 3)

Flags
  --tokens-per-example N   average tokens per example (default 512)
  --tokens N               tokens in the whole dataset, instead of examples × tokens per example
  --seq-len N              tokens per sequence (default: tokens per example, rounded up to a power of two)
  --batch N                micro-batch per GPU (default 1)      --global-batch N   examples per step (default 32)
  --rank N                 LoRA rank (default 16)               --targets attn|all (default all)
  --gpu ID                 price and time on this GPU (h100-sxm, a100-80gb, "A100 80GB", rtx-4090 ...)
  --gpus N                 on this many GPUs (with --gpu, or the method's typical GPU)
  --provider ID            that provider's list price (lambda, runpod, aws, gcp, azure, coreweave ...)
  --grad-ckpt, --no-grad-ckpt                                  gradient checkpointing (default: on for full and QLoRA)
  --optimizer adamw|adamw-8bit|paged-adamw-8bit                --precision mixed|bf16 (full fine-tuning)
  --bits 4|8               QLoRA quantization (default 4, NF4)   --no-double-quant   plain NF4 block scales
  --runs N                 runs per project (default: full and LoRA 5–10, QLoRA 10–20)
  --hourly-rate USD        engineering cost per hour (default 150)
  --json                   machine-readable output (GB = 10^9 bytes, USD, hours)
  --png FILE               with compare: also draw the comparison as a chart (PNG, 1200×675) into FILE

Facts for recommend (all optional; the model defaults to the article's Llama 70B scenario)
  --budget USD             what the project can spend on training runs
  --task T                 domain-adaptation|style|instruction-following|chatbot|numerical-reasoning|
                           multi-step-reasoning|code|other
  --quality-critical       a 2–5% quality difference has business impact (--no-quality-critical)
  --first-time             the team's first fine-tuning project (--experienced)
  --multi-gpu              engineers who can run multi-GPU training (--no-multi-gpu)
  --iterations N           training runs expected           --runs-per-month N   for buy vs rent
  --model ID, --examples N, --epochs N and the flags above describe the case

Prices: the built-in table, or the JSON file named in FTCOST_PRICES (same format as src/engine/data/prices.json).
Messages: read by deterministic rules; with OPENAI_API_KEY or OPENAI_BASE_URL set, an OpenAI-compatible model
helps understand them (OPENAI_MODEL, LLM_TIMEOUT_MS), but every number still comes from the text and the engine.
Method: docs/methodology.md explains every formula, default and source.`;
