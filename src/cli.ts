import pkg from '../package.json' with { type: 'json' };
import { parseArgs } from './cli/args.js';
import { USAGE } from './cli/help.js';
import { loadConfig } from './config.js';
import { compare, DEFAULT_PRICES, estimate, explain, GPUS, MODELS, recommend, type EstimateInput, type RecommendInput } from './engine/index.js';
import { loadPriceFile } from './prices-file.js';
import { renderComparison, renderEstimate, renderExplanation, renderGpus, renderModels, renderPrices, renderRecommendation } from './render/text.js';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  width?: number;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** Runs one `ftcost` invocation; returns the exit code. Never throws for bad input. */
export function runCli(argv: readonly string[], io: CliIO): number {
  const request = parseArgs(argv);
  if (!request.ok) {
    io.err(`ftcost: ${request.error}`);
    return 2;
  }
  const { command, input } = request.value;
  if (command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === 'version') {
    io.out(pkg.version);
    return 0;
  }

  const config = loadConfig(io.env);
  if (!config.ok) {
    for (const line of config.errors) io.err(`ftcost: ${line}`);
    return 2;
  }
  const priceFile = loadPriceFile(config.config.pricesFile);
  if (!priceFile.ok) {
    io.err(priceFile.error.split('\n').map((line) => `ftcost: ${line}`).join('\n'));
    return 2;
  }
  const ctx = priceFile.prices ? { prices: priceFile.prices } : {};
  const width = io.width ?? 100;

  switch (command) {
    case 'models':
      io.out(request.value.json ? json(MODELS) : renderModels());
      return 0;
    case 'gpus':
      io.out(request.value.json ? json(GPUS) : renderGpus());
      return 0;
    case 'prices':
      io.out(request.value.json ? json(ctx.prices ?? DEFAULT_PRICES) : renderPrices(ctx.prices ?? DEFAULT_PRICES));
      return 0;
    case 'compare': {
      const { method: _ignored, ...rest } = input;
      const result = compare(rest as Omit<EstimateInput, 'method'>, ctx);
      if (!result.ok) {
        io.err(`ftcost: ${result.error}`);
        return 2;
      }
      io.out(request.value.json ? json(result.value) : renderComparison(result.value, width));
      return 0;
    }
    case 'recommend': {
      if (request.value.text !== undefined) {
        io.err('ftcost: recommend reads facts from flags for now (--budget, --examples, --task, --quality-critical, --first-time, --multi-gpu, --model); free text arrives with the intent parser');
        return 2;
      }
      const result = recommend(input as RecommendInput, ctx);
      if (!result.ok) {
        io.err(`ftcost: ${result.error}`);
        return 2;
      }
      io.out(request.value.json ? json(result.value) : renderRecommendation(result.value, width));
      return 0;
    }
    case 'explain': {
      const { method: _m, ...rest } = input;
      const result = explain(request.value.topic ?? '', rest as Omit<EstimateInput, 'method'>, ctx);
      if (!result.ok) {
        io.err(`ftcost: ${result.error}`);
        return 2;
      }
      io.out(request.value.json ? json(result.value) : renderExplanation(result.value, width));
      return 0;
    }
    case 'estimate': {
      const result = estimate(input as unknown as EstimateInput, ctx);
      if (!result.ok) {
        io.err(`ftcost: ${result.error}`);
        return 2;
      }
      io.out(request.value.json ? json(result.value) : renderEstimate(result.value, width));
      return 0;
    }
  }
}
