import { writeFileSync } from 'node:fs';
import pkg from '../package.json' with { type: 'json' };
import { parseArgs } from './cli/args.js';
import { hubReferenceOf, readHubModel, withHubNotes, type HubResolved } from './cli/hub.js';
import { USAGE } from './cli/help.js';
import type { App } from './app.js';
import { runConsoleChat } from './adapters/console.js';
import { renderReplyText } from './render/chat-text.js';
import { loadConfig, type Config } from './config.js';
import type { Intent } from './intent/schema.js';
import type { IntentParser } from './intent/parse.js';
import { toRecommendInput } from './intent/requests.js';
import {
  ALL_INPUTS,
  type AnyInputKey,
  compare,
  DEFAULT_PRICES,
  estimate,
  explain,
  GPUS,
  MODELS,
  quote,
  recommend,
  type Comparison,
  type EngineContext,
  type EstimateInput,
  type PriceTable,
  type RecommendInput,
} from './engine/index.js';
import { comparisonImage, comparisonPng, IMAGE_HEIGHT, IMAGE_WIDTH, PNG_SCALE } from './render/image.js';
import { loadPriceFile } from './prices-file.js';
import { estimateJson, recommendJson } from './reply/words.js';
import {
  renderComparison,
  renderEstimate,
  renderExplanation,
  renderGpus,
  renderModels,
  renderPrices,
  renderRecommendation,
} from './render/text.js';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  width?: number;
  /** Colour only on a terminal. */
  color?: boolean;
  /** For `ftcost chat`. */
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/**
 * Runs one `ftcost` invocation and gives its exit code: at once, or as a promise when it must wait
 * for an LLM (parse, recommend with free text) or read a Hugging Face model (`org/name`). Never
 * throws for bad input. `hub` is set by runCli itself once the model named has been read.
 */
export function runCli(argv: readonly string[], io: CliIO, hub?: HubResolved): number | Promise<number> {
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
    io.err(
      priceFile.error
        .split('\n')
        .map((line) => `ftcost: ${line}`)
        .join('\n'),
    );
    return 2;
  }
  const ctx: EngineContext = { ...(priceFile.prices ? { prices: priceFile.prices } : {}), ...(hub ? { models: hub.models } : {}) };
  const width = io.width ?? 100;

  // A Hugging Face repo is read first (async, cached); the engine then plans with it like any model.
  const repo = hub ? undefined : hubReferenceOf(command, input);
  if (repo !== undefined) {
    return readHubModel(repo, config.config.hub, io.env).then((read) => {
      if (!read.ok) {
        io.err(`ftcost: ${read.error}`);
        return 2;
      }
      return runCli(argv, io, { models: new Map([[repo, read.value.model]]), notes: read.value.notes });
    });
  }

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
        io.err(failureLine(result));
        return 2;
      }
      withHubNotes(result.value.rows, hub?.notes);
      io.out(request.value.json ? json({ rows: result.value.rows.map(estimateJson) }) : renderComparison(result.value, width));
      return request.value.png === undefined ? 0 : writeChart(result.value, ctx.prices, request.value.png, io, request.value.json);
    }
    case 'ask':
      // One message, one answer: no context from earlier runs.
      return withApp({ ...config.config, storeUrl: 'memory://' }, ctx.prices, io, async (app) => {
        const reply = await app.bot.handle({
          platform: 'console',
          workspace: 'local',
          channel: 'cli',
          user: 'cli',
          admin: true,
          text: request.value.text ?? '',
        });
        io.out(request.value.json ? json(reply) : renderReplyText(reply, { color: Boolean(io.color), width }));
        return reply.kind === 'error' ? 2 : 0;
      });
    case 'chat':
      return withApp(config.config, ctx.prices, io, async (app) => {
        await runConsoleChat({
          bot: app.bot,
          input: io.stdin ?? process.stdin,
          output: io.stdout ?? process.stdout,
          color: Boolean(io.color),
          width,
        });
        return 0;
      });
    case 'parse': {
      const text = request.value.text ?? '';
      return intentParser(config.config).then((parser) =>
        parser.parse(text).then((intent) => {
          io.out(request.value.json ? json(intent) : renderIntent(intent));
          return 0;
        }),
      );
    }
    case 'recommend': {
      if (request.value.text !== undefined) {
        const text = request.value.text;
        return intentParser(config.config).then(async (parser) => {
          const intent = await parser.parse(text);
          // Flags win over what the text says; the text fills the rest.
          return recommendAndPrint(
            { ...toRecommendInput(intent.slots), ...(input as RecommendInput) },
            ctx,
            io,
            request.value.json,
            width,
            hub,
          );
        });
      }
      return recommendAndPrint(input as RecommendInput, ctx, io, request.value.json, width, hub);
    }
    case 'explain': {
      const { method: _m, ...rest } = input;
      const result = explain(request.value.topic ?? '', rest as Omit<EstimateInput, 'method'>, ctx);
      if (!result.ok) {
        io.err(failureLine(result));
        return 2;
      }
      io.out(request.value.json ? json(result.value) : renderExplanation(result.value, width));
      return 0;
    }
    case 'estimate': {
      const result = estimate(input as unknown as EstimateInput, ctx);
      if (!result.ok) {
        io.err(failureLine(result));
        return 2;
      }
      withHubNotes(result.value, hub?.notes);
      io.out(request.value.json ? json(estimateJson(result.value)) : renderEstimate(result.value, width));
      return 0;
    }
  }
}

/**
 * `compare --png FILE`: draws the comparison and writes it, then says where (on stderr with --json,
 * so that stdout stays one JSON document). A path that cannot be written is one line and exit 2.
 */
function writeChart(comparison: Comparison, prices: PriceTable | undefined, file: string, io: CliIO, asJson: boolean): number {
  let png: Buffer;
  try {
    png = comparisonPng(comparisonImage(comparison, prices));
  } catch (error) {
    io.err(`ftcost: --png: could not draw the chart: ${(error as Error).message}`);
    return 70;
  }
  try {
    writeFileSync(file, png);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT' || e.code === 'ENOTDIR'
        ? 'its folder does not exist'
        : e.code === 'EISDIR'
          ? 'it is a folder'
          : e.code === 'EACCES' || e.code === 'EPERM'
            ? 'permission denied'
            : (e.code ?? e.message);
    io.err(`ftcost: --png: cannot write ${quote(file, 200)}: ${why}`);
    return 2;
  }
  const note = `Chart written to ${file} (${png.length < 1024 ? `${png.length} bytes` : `${Math.round(png.length / 1024)} KB`}, PNG ${IMAGE_WIDTH * PNG_SCALE}×${IMAGE_HEIGHT * PNG_SCALE})`;
  if (asJson) io.err(note);
  else io.out(note);
  return 0;
}

function recommendAndPrint(
  input: RecommendInput,
  ctx: EngineContext,
  io: CliIO,
  asJson: boolean,
  width: number,
  hub?: HubResolved,
): number {
  const result = recommend(input, ctx);
  if (!result.ok) {
    io.err(failureLine(result));
    return 2;
  }
  withHubNotes(result.value.estimates, hub?.notes);
  io.out(asJson ? json(recommendJson(result.value)) : renderRecommendation(result.value, width));
  return 0;
}

/** An engine error as one line, with the flags that would fix it. */
function failureLine(result: { error: string; inputs?: string[] }): string {
  const flags = (result.inputs ?? [])
    .map((key) => (Object.hasOwn(ALL_INPUTS, key) ? ALL_INPUTS[key as AnyInputKey].cli : undefined))
    .filter((cli) => cli !== undefined)
    .map((cli) => `--${cli.flag}`);
  return `ftcost: ${result.error}${flags.length ? ` (${flags.join(', ')})` : ''}`;
}

/** The rules alone, or the LLM first when OPENAI_API_KEY or OPENAI_BASE_URL is set (the SDK loads only then). */
async function intentParser(config: Config): Promise<IntentParser> {
  const { createIntentParser } = await import('./intent/parse.js');
  const { apiKey, baseUrl, model, timeoutMs } = config.openai;
  if (!apiKey && !baseUrl) return createIntentParser();
  return createIntentParser({ llm: { model, timeoutMs, ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}) } });
}

function renderIntent(intent: Intent): string {
  const filled = Object.entries(intent.slots).filter(([, v]) => v !== null);
  const slots = filled.length ? filled.map(([k, v]) => `  ${k}: ${String(v)}`).join('\n') : '  (no slots)';
  return `intent: ${intent.intent} (from ${intent.source})\n${slots}`;
}

/** Opens the store and the bot for `ask` and `chat`, and always closes them. */
async function withApp(config: Config, prices: PriceTable | undefined, io: CliIO, run: (app: App) => Promise<number>): Promise<number> {
  const { createApp } = await import('./app.js');
  let app: App;
  try {
    app = await createApp(config, prices);
  } catch (error) {
    io.err(`ftcost: ${(error as Error).message}`);
    return 2;
  }
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}
