import { runConsoleChat } from './adapters/console.js';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { shutdown, type Stoppable } from './lifecycle.js';
import { loadPriceFile } from './prices-file.js';
import { StoreUnusableError } from './store/index.js';
import { warmUp } from './warm-up.js';

// A closed pipe (`| head`) ends the program quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

/**
 * `npm start`: starts each chat adapter whose credentials are present (Slack, Discord, or both); with none, the terminal chat.
 */
const config = loadConfig(process.env);
if (!config.ok) {
  for (const line of config.errors) process.stderr.write(`ftcost: ${line}\n`);
  process.exit(2);
}
const prices = loadPriceFile(config.config.pricesFile);
if (!prices.ok) {
  process.stderr.write(`ftcost: ${prices.error}\n`);
  process.exit(2);
}
const app = await createApp(config.config, prices.prices);
// The store first: nothing listens before it answers (or the wait ends, and the bot runs not ready,
// from memory, retrying). A store that can never work as configured ends the program here.
try {
  await app.store.connect();
} catch (error) {
  if (!(error instanceof StoreUnusableError)) throw error;
  process.stderr.write(`ftcost: ${error.message}\n`);
  await app.close().catch(() => undefined);
  process.exit(2);
}
if (!app.store.ready())
  app.logger.warn('starting without the store: not ready; answers use memory until it connects', { store: app.store.kind });
const { slack } = config.config;
if (slack.botToken || slack.clientId || config.config.discord.token) await warmUp(prices.prices);
const adapters: Stoppable[] = [];
const { lifecycle } = app;

if (slack.botToken || slack.clientId) {
  const { startSlackApp } = await import('./adapters/slack/app.js');
  const running = await startSlackApp({
    bot: app.bot,
    store: app.store,
    logger: app.logger,
    lifecycle,
    stopDeadlineMs: 0, // shutdown() below drains the work in flight before stopping the adapters
    ...(slack.botToken ? { botToken: slack.botToken } : {}),
    ...(slack.signingSecret ? { signingSecret: slack.signingSecret } : {}),
    ...(slack.appToken ? { appToken: slack.appToken } : {}),
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    ...(slack.clientId && slack.clientSecret && slack.stateSecret
      ? { oauth: { clientId: slack.clientId, clientSecret: slack.clientSecret, stateSecret: slack.stateSecret } }
      : {}),
    port: config.config.port,
  });
  adapters.push({ name: 'slack', stopAccepting: running.stopAccepting, stop: running.stop });
}

const { discord } = config.config;
if (discord.token) {
  const { startDiscordBot } = await import('./adapters/discord/client.js');
  try {
    const running = await startDiscordBot({
      bot: app.bot,
      logger: app.logger,
      lifecycle,
      stopDeadlineMs: 0,
      token: discord.token,
      ...(discord.apiUrl ? { apiUrl: discord.apiUrl } : {}),
      ...(discord.adminRole ? { adminRole: discord.adminRole } : {}),
    });
    adapters.push({ name: 'discord', stopAccepting: running.stopAccepting, stop: running.stop });
  } catch (error) {
    process.stderr.write(`ftcost: ${(error as Error).message}. Check DISCORD_TOKEN (Developer Portal → Bot → Reset Token).\n`);
    for (const adapter of adapters) await adapter.stop().catch(() => undefined);
    await app.close();
    process.exit(1);
  }
}

if (adapters.length === 0) {
  await runConsoleChat({
    bot: app.bot,
    input: process.stdin,
    output: process.stdout,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    width: Math.min(process.stdout.columns || 100, 120),
  });
  await app.close();
} else {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: stop now, naming what is abandoned.
      app.logger.error('second signal: exiting now, abandoning work in flight', { signal, inFlight: lifecycle.inFlight });
      process.exit(1);
    }
    stopping = true;
    void shutdown({
      lifecycle,
      adapters,
      store: app.store,
      logger: app.logger,
      deadlineMs: config.config.shutdownDeadlineMs,
      signal,
    }).then(
      (code) => process.exit(code),
      (error: unknown) => {
        app.logger.error('shutdown failed', { error: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
