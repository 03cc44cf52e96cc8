import { runConsoleChat } from './adapters/console.js';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { loadPriceFile } from './prices-file.js';
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
const { slack } = config.config;
if (slack.botToken || slack.clientId || config.config.discord.token) await warmUp(prices.prices);
const stops: Array<() => Promise<void>> = [];

if (slack.botToken || slack.clientId) {
  const { startSlackApp } = await import('./adapters/slack/app.js');
  const running = await startSlackApp({
    bot: app.bot,
    store: app.store,
    logger: app.logger,
    ...(slack.botToken ? { botToken: slack.botToken } : {}),
    ...(slack.signingSecret ? { signingSecret: slack.signingSecret } : {}),
    ...(slack.appToken ? { appToken: slack.appToken } : {}),
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    ...(slack.clientId && slack.clientSecret && slack.stateSecret
      ? { oauth: { clientId: slack.clientId, clientSecret: slack.clientSecret, stateSecret: slack.stateSecret } }
      : {}),
    port: config.config.port,
  });
  stops.push(running.stop);
}

const { discord } = config.config;
if (discord.token) {
  const { startDiscordBot } = await import('./adapters/discord/client.js');
  try {
    const running = await startDiscordBot({
      bot: app.bot,
      logger: app.logger,
      token: discord.token,
      ...(discord.apiUrl ? { apiUrl: discord.apiUrl } : {}),
      ...(discord.adminRole ? { adminRole: discord.adminRole } : {}),
    });
    stops.push(running.stop);
  } catch (error) {
    process.stderr.write(`ftcost: ${(error as Error).message}. Check DISCORD_TOKEN (Developer Portal → Bot → Reset Token).\n`);
    for (const stop of stops) await stop().catch(() => undefined);
    await app.close();
    process.exit(1);
  }
}

if (stops.length === 0) {
  await runConsoleChat({
    bot: app.bot,
    input: process.stdin,
    output: process.stdout,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    width: Math.min(process.stdout.columns || 100, 120),
  });
  await app.close();
} else {
  const shutdown = async () => {
    app.logger.info('shutting down');
    for (const stop of stops) await stop().catch(() => undefined);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
