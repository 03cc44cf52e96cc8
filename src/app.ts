import { createBot, type Bot } from './bot/core.js';
import type { Config } from './config.js';
import type { PriceTable } from './engine/index.js';
import { Lifecycle } from './lifecycle.js';
import { createIntentParser, type IntentParser } from './intent/parse.js';
import { createLogger, type Logger } from './log.js';
import { createStore, type Store } from './store/index.js';

export interface App {
  config: Config;
  logger: Logger;
  store: Store;
  parser: IntentParser;
  bot: Bot;
  /** Work in flight, shared by the adapters; drained on shutdown. */
  lifecycle: Lifecycle;
  /** For an operators' /readyz: the store connected and work still taken. */
  ready(): boolean;
  close(): Promise<void>;
}

/** Wires the store, the intent parser and the bot from validated configuration. */
export async function createApp(config: Config, prices?: PriceTable, overrides: { storeUrl?: string; logger?: Logger } = {}): Promise<App> {
  const secrets = [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.discord.token,
    config.openai.apiKey,
  ].filter((s): s is string => typeof s === 'string');
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets });
  const store = await createStore(overrides.storeUrl ?? config.storeUrl, { logger, connectTimeoutMs: config.storeConnectTimeoutMs });
  const { apiKey, baseUrl, model, timeoutMs, temperature } = config.openai;
  const llm =
    apiKey || baseUrl
      ? {
          model,
          timeoutMs,
          ...(apiKey ? { apiKey } : {}),
          ...(baseUrl ? { baseUrl } : {}),
          ...(temperature !== undefined ? { temperature } : {}),
        }
      : undefined;
  const parser = createIntentParser(llm ? { llm, logger } : {});
  // One call with a known message: the log says at start-up whether the LLM path works (and in which format).
  void parser.selfTest?.().catch(() => undefined);
  const bot = createBot({ store, parser, logger, ...(prices ? { prices } : {}) });
  const lifecycle = new Lifecycle();
  return {
    config,
    logger,
    store,
    parser,
    bot,
    lifecycle,
    ready: () => store.ready() && lifecycle.accepting,
    close: () => store.close(),
  };
}
