import { Client, Events, GatewayIntentBits, Partials, Routes } from 'discord.js';
import type { Bot } from '../../bot/core.js';
import { Lifecycle } from '../lifecycle.js';
import { errorReply } from '../../reply/build.js';
import type { Logger } from '../../log.js';
import { renderDiscord } from '../../render/discord.js';
import { EVENTS } from './events/index.js';
import { messageOptions, type DiscordDeps, type DiscordFile, type DiscordRest } from './handlers.js';

export interface DiscordBotOptions {
  bot: Bot;
  logger: Logger;
  token: string;
  /** REST base (DISCORD_API_URL): a proxy, or a loopback fake in tests. */
  apiUrl?: string;
  adminRole?: string;
  /** Answer directly when this quick, otherwise defer (default 1,500 ms; Discord allows 3 s). */
  replyWithinMs?: number;
  /** How long to wait for READY and the guilds (default 30 s). */
  readyTimeoutMs?: number;
  /** Where interactions and messages in flight are registered (main.ts shares one with the other adapters). */
  lifecycle?: Lifecycle;
  /** stop(): how long the work in flight may take to finish (default 10,000 ms). */
  stopDeadlineMs?: number;
}

export interface RunningDiscordBot {
  client: Client;
  /** Takes no new work: closes the gateway (REST stays usable, so answers in flight still go out). */
  stopAccepting(): Promise<void>;
  /** Stops taking work, lets what is in flight finish (up to the deadline), then logs out. */
  stop(): Promise<void>;
}

/** What an event is, for the shutdown log: its name, the interaction or message id and the channel; never the text. */
function describeDiscord(name: string, first: unknown): string {
  const o = (first ?? {}) as { id?: unknown; channelId?: unknown };
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 30) : '?');
  return `discord ${name} ${text(o.id)} in ${text(o.channelId)}`;
}

/**
 * Intents: Guilds (channels and roles), GuildMessages and DirectMessages (messages that mention the
 * bot, and DMs). No privileged intent: Discord includes the content of messages that mention the
 * bot, and of DMs, without Message Content. Partials.Channel lets DMs arrive for uncached channels.
 */
export const DISCORD_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/**
 * discord.js's REST client for the calls made outside interactions; it waits out 429s as Discord
 * asks. Files go as multipart (`files[i]` beside `payload_json`), listed in the body's `attachments`.
 */
function restOf(client: Client): DiscordRest {
  const files = (list: DiscordFile[] | undefined) =>
    list?.length ? { files: list.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })) } : {};
  return {
    send: async (channelId, body, attached) =>
      (await client.rest.post(Routes.channelMessages(channelId), { body: { ...body, flags: undefined }, ...files(attached) })) as {
        id: string;
      },
    edit: (channelId, messageId, body, attached) =>
      client.rest.patch(Routes.channelMessage(channelId, messageId), { body: { ...body, flags: undefined }, ...files(attached) }),
    pin: (channelId, messageId) => client.rest.put(Routes.channelMessagesPin(channelId, messageId)),
    remove: (channelId, messageId) => client.rest.delete(Routes.channelMessage(channelId, messageId)),
  };
}

/** Logs in, wires the events from ./events, and resolves once READY and the guilds have arrived. */
export async function startDiscordBot(options: DiscordBotOptions): Promise<RunningDiscordBot> {
  const { logger } = options;
  const client = new Client({
    intents: DISCORD_INTENTS,
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    // 5xx and timeouts are not retried: a retried POST could post twice. 429s are always waited out.
    rest: { ...(options.apiUrl ? { api: options.apiUrl } : {}), retries: 0 },
  });
  const deps: DiscordDeps = {
    bot: options.bot,
    logger,
    rest: restOf(client),
    ...(options.adminRole ? { adminRole: options.adminRole } : {}),
    ...(options.replyWithinMs !== undefined ? { replyWithinMs: options.replyWithinMs } : {}),
  };

  const lifecycle = options.lifecycle ?? new Lifecycle();
  for (const event of EVENTS) {
    const listener = async (...args: unknown[]) => {
      if (!lifecycle.accepting && event.name !== Events.ClientReady) return;
      const end = lifecycle.begin(describeDiscord(String(event.name), args[0]));
      try {
        await (event.execute as (...a: unknown[]) => Promise<void>)(deps, client, ...args);
      } catch (error) {
        logger.error('discord event failed', { event: event.name, error: (error as Error).message });
        const interaction = args[0] as {
          isRepliable?(): boolean;
          replied?: boolean;
          deferred?: boolean;
          followUp?(o: unknown): Promise<unknown>;
          reply?(o: unknown): Promise<unknown>;
        };
        if (event.name === Events.InteractionCreate && interaction.isRepliable?.()) {
          const message = messageOptions(renderDiscord(errorReply('Something went wrong on my side; please try again.')));
          await (interaction.replied || interaction.deferred ? interaction.followUp?.(message) : interaction.reply?.(message))?.catch(
            () => undefined,
          );
        }
      } finally {
        end();
      }
    };
    if (event.once) client.once(event.name, listener);
    else client.on(event.name, listener);
  }
  client.on(Events.Error, (error) => logger.error('discord client error', { error: error.message }));
  client.on(Events.ShardDisconnect, (_event, shard) => logger.warn('discord gateway disconnected', { shard }));
  client.on(Events.ShardResume, (shard) => logger.info('discord gateway resumed', { shard }));
  client.rest.on('rateLimited', (info) => logger.warn('discord rate limit', { route: info.route, retryAfterMs: info.retryAfter }));

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Discord did not become ready in time')), options.readyTimeoutMs ?? 30_000);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw new Error(`Discord login failed: ${(error as Error).message}`, { cause: error });
  }
  let gatewayClosed: Promise<void> | undefined;
  const stopAccepting = async () => {
    lifecycle.stopAccepting();
    // destroy() closes the gateway and forgets the token; REST gets it back so that answers in flight still go out.
    gatewayClosed ??= client.destroy().then(() => void client.rest.setToken(options.token));
    await gatewayClosed;
  };
  return {
    client,
    stopAccepting,
    stop: async () => {
      await stopAccepting();
      const abandoned = await lifecycle.drain(options.stopDeadlineMs ?? 10_000);
      if (abandoned.length > 0) logger.warn('discord bot stopped with work in flight', { inFlight: abandoned.map((w) => w.what) });
    },
  };
}
