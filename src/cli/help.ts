import { flagHelp } from './args.js';
import { methodList, TOPICS } from '../engine/index.js';

function column(rows: Array<{ flag: string; description: string }>): string {
  const width = Math.min(34, Math.max(...rows.map((r) => r.flag.length)) + 2);
  return rows
    .map((r) =>
      r.flag.length + 2 > width ? `  ${r.flag}\n  ${' '.repeat(width)}${r.description}` : `  ${r.flag.padEnd(width)}${r.description}`,
    )
    .join('\n');
}

/** The flags, from the job-input declarations (src/engine/job-inputs.ts), so --help cannot drift from what is accepted. */
function flagSection(): string {
  const own = [
    { flag: '--json', description: 'machine-readable output (GB = 10^9 bytes, USD, hours)' },
    { flag: '--png FILE', description: 'with compare: also draw the comparison as a chart (PNG, 1200×675) into FILE' },
    { flag: '--help, -h', description: 'this text' },
    { flag: '--version', description: 'the version' },
  ];
  return [
    'Flags',
    column([...flagHelp(false), ...own]),
    '',
    "Facts for recommend (all optional; the model defaults to the article's Llama 70B scenario)",
    column(flagHelp(true)),
    '  --model ID, --examples N, --epochs N and the flags above describe the case',
  ].join('\n');
}

export const USAGE = `ftcost — what fine-tuning an LLM will cost: GPU memory, hardware, hours, dollars, quality.

Usage
  ftcost <method> <model> [examples] [epochs] [flags]     same as ftcost estimate
  ftcost estimate <method> <model> [examples] [epochs] [flags] [--json]
  ftcost compare <model> [examples] [epochs] [flags] [--json]   every method side by side
  ftcost recommend [--budget USD] [--examples N] [--task T] [facts] [--json]   which method, and why
  ftcost recommend "<free text>" [facts]                       the same, reading the facts from a message
  ftcost parse "<message>" [--json]                            how the bot understands a chat message
  ftcost explain <topic> [--model ID]                          ${TOPICS.slice(0, 5).join(', ')},
                                                               ${TOPICS.slice(5).join(', ')}
  ftcost ask "<message>"                                       the bot's whole reply to one chat message
  ftcost chat                                                  the terminal chat (what npm start opens)
  ftcost models | gpus | prices [--json]                       the catalogs, with sources and dates
  ftcost --version | --help

Examples
  ftcost qlora 70b 10k 3
  ftcost compare llama-3.1-8b 50k 2 --provider runpod
  ftcost compare 70b 10k 3 --png chart.png
  ftcost lora mixtral-8x7b "250k examples" --gpu a100-80gb --gpus 2 --grad-ckpt
  ftcost full 8b 100k 3 --tokens-per-example 1024 --json
  ftcost recommend --budget 500 --examples 8k --task domain-adaptation

Arguments
  method     ${methodList()} (also fft, full-ft)
  model      an id (llama-3.1-70b, mixtral-8x7b, qwen2.5-72b), a name ("Llama 3.1 70B") or a size (70b);
             a size no catalog model has gets a synthesized Llama-like shape
  examples   10000, 10k, 10,000, 1.5M, "250k examples" (default 10,000)
  epochs     3, "3 epochs", x3 (default 3)

${flagSection()}

Prices: the built-in table, or the JSON file named in FTCOST_PRICES (same format as src/engine/data/prices.json).
Messages: read by deterministic rules; with OPENAI_API_KEY or OPENAI_BASE_URL set, an OpenAI-compatible model
helps understand them (OPENAI_MODEL, LLM_TIMEOUT_MS), but every number still comes from the text and the engine.
Method: docs/methodology.md explains every formula, default and source.`;
