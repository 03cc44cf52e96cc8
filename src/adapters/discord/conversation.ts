import { DeliveryError, type Conversation, type Outgoing, type Where } from '../../bot/delivery.js';
import type { Logger } from '../../log.js';
import type { Reply } from '../../reply/reply.js';
import { DISCORD_LIMITS, renderDiscord, type DiscordMessage } from '../../render/discord.js';

/**
 * Discord's side of the delivery interface: interaction responses (reply, defer, edit, follow-up),
 * message replies and REST calls for one conversation, and Discord's error codes translated into the
 * core's failures. No decisions here: the core (src/bot/delivery.ts) decides what is sent.
 */

/** A file sent with a message: multipart part `files[i]`, listed in the body's `attachments` with `id: i`. */
export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

/** The REST calls made outside an interaction (discord.js's REST, which honours 429s). */
export interface DiscordRest {
  send(channelId: string, body: DiscordMessage, files?: DiscordFile[]): Promise<{ id: string }>;
  /** On an edit, the body's `attachments` lists what the message keeps: any attachment not listed is removed. */
  edit(channelId: string, messageId: string, body: DiscordMessage, files?: DiscordFile[]): Promise<unknown>;
  pin(channelId: string, messageId: string): Promise<unknown>;
  remove(channelId: string, messageId: string): Promise<unknown>;
}

/** A reply rendered for Discord, with the chart's PNG when the message carries it. */
export interface Prepared {
  reply: Reply;
  message: DiscordMessage;
  png?: Buffer;
}

const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

/** A message for Discord; the chart is attached and shown in the embed when its PNG is there and within the size limit. */
export function prepare(out: Outgoing): Prepared {
  const { reply, png } = out;
  if (!reply.image || reply.ephemeral || !png || png.length > DISCORD_LIMITS.attachmentBytes)
    return { reply, message: renderDiscord(reply) };
  return { reply, message: renderDiscord(reply, { attachChart: true }), png };
}

/**
 * The message options discord.js takes, from the renderer's API-shaped message; with the chart's
 * PNG when the message lists it as an attachment (discord.js builds the body's `attachments`).
 */
export function messageOptions(message: DiscordMessage, { ephemeral = true, png }: { ephemeral?: boolean; png?: Buffer | undefined } = {}) {
  const attachment = message.attachments?.[0];
  // Without the bytes, the embed must not point at a missing attachment.
  const embeds = attachment && !png ? message.embeds.map(({ image: _image, ...embed }) => embed) : message.embeds;
  return {
    embeds,
    components: message.components,
    allowedMentions: NO_MENTIONS,
    ...(ephemeral && message.flags ? { flags: message.flags } : {}),
    ...(attachment && png
      ? {
          files: [
            { attachment: png, name: attachment.filename, ...(attachment.description ? { description: attachment.description } : {}) },
          ],
        }
      : {}),
  };
}

const preparedOptions = (p: Prepared, options: { ephemeral?: boolean } = {}) => messageOptions(p.message, { ...options, png: p.png });

/** What Discord says about a failed call: its JSON error code and HTTP status. */
export const discordError = (error: unknown): { code?: number | string; status?: number } => {
  const e = error as { code?: number | string; status?: number };
  return { ...(e.code !== undefined ? { code: e.code } : {}), ...(e.status !== undefined ? { status: e.status } : {}) };
};

/** The chart's REST file, when the prepared message carries it. */
const restFiles = (p: Prepared): DiscordFile[] | undefined => {
  const attachment = p.message.attachments?.[0];
  return attachment && p.png ? [{ name: attachment.filename, data: p.png, contentType: 'image/png' }] : undefined;
};

/**
 * Sends a prepared message; when it carries the chart and Discord refuses it for the file (no Attach
 * Files permission in the channel: 50013 / 403; too large: 40005 / 413), sends it again without the
 * chart, so the answer is not lost for the picture.
 */
export async function sendPrepared<T>(
  logger: Logger | undefined,
  p: Prepared,
  send: (p: Prepared) => Promise<T>,
  onDropped?: (code: number | string | undefined) => void,
): Promise<T> {
  try {
    return await send(p);
  } catch (error) {
    const { code, status } = discordError(error);
    if (!p.png || !(code === 50013 || code === 40005 || status === 403 || status === 413)) throw error;
    logger?.warn('discord refused the chart; sending the answer without it', { code: code ?? status });
    onDropped?.(code ?? status);
    return send({ reply: p.reply, message: renderDiscord(p.reply) });
  }
}

const ATTACH_FILES_HINT =
  'It has no chart: I need the Attach Files permission here (a server admin can grant it to the ftcost role), then pin again.';

/** Discord's error codes as the core's failures, with the fix in Discord's terms. */
export function discordFailure(error: unknown, stage: 'post' | 'pin'): DeliveryError {
  const { code, status } = discordError(error);
  if (code === 10008) return new DeliveryError('message-gone', 'The pinned message no longer exists.', { cause: error });
  if (code === 30003) {
    return new DeliveryError(
      'pin-limit',
      "This channel has reached Discord's limit of 250 pinned messages: unpin an older message, then ask me to pin again.",
      {
        cause: error,
      },
    );
  }
  if (code === 50001) {
    return new DeliveryError(
      'not-in-channel',
      'I cannot see this channel. A server admin can add me under the channel’s Edit Channel → Permissions (View Channel, Send Messages), then pin again.',
      { cause: error },
    );
  }
  if (code === 50013 || status === 403) {
    return new DeliveryError(
      'missing-permission',
      stage === 'pin'
        ? 'I need the Pin Messages permission here. A server admin can grant it to the ftcost role under Server Settings → Roles (or in this channel’s Permissions), then pin again.'
        : 'I need the Send Messages and Embed Links permissions in this channel. A server admin can grant them to the ftcost role under Server Settings → Roles, then pin again.',
      { cause: error },
    );
  }
  return new DeliveryError(
    'failed',
    `Discord refused the ${stage === 'pin' ? 'pin' : 'message'} (${String(code ?? status ?? 'unknown error')}). Try again in a moment.`,
    {
      cause: error,
    },
  );
}

export const messageLink = (guildId: string | null, channelId: string, messageId: string) =>
  `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;

/** The REST part every Discord conversation shares: the channel's living pin. */
function channelCalls(rest: DiscordRest, logger: Logger, where: Where, guildId: string | null) {
  const channel = where.channel;
  /** Said with the next private message (the pin's confirmation): why the pinned comparison has no chart. */
  let hint: string | undefined;
  const dropped = () => {
    hint = ATTACH_FILES_HINT;
  };
  return {
    /** The reply with any pending hint added, once. */
    withHint(reply: Reply): Reply {
      const said = hint;
      hint = undefined;
      return said ? { ...reply, summary: `${reply.summary} ${said}` } : reply;
    },
    where,
    canPin: guildId !== null,
    images: true,
    async post(out: Outgoing) {
      try {
        return (await sendPrepared(logger, prepare(out), (p) => rest.send(channel, p.message, restFiles(p)), dropped)).id;
      } catch (error) {
        throw discordFailure(error, 'post');
      }
    },
    async update(messageId: string, out: Outgoing) {
      try {
        // `attachments` lists only the new chart (or none): the previous one is removed.
        await sendPrepared(
          logger,
          prepare(out),
          (p) => rest.edit(channel, messageId, { ...p.message, attachments: p.message.attachments ?? [] }, restFiles(p)),
          dropped,
        );
      } catch (error) {
        throw discordFailure(error, 'post');
      }
    },
    async pin(messageId: string) {
      try {
        await rest.pin(channel, messageId);
      } catch (error) {
        throw discordFailure(error, 'pin');
      }
    },
    async remove(messageId: string) {
      try {
        await rest.remove(channel, messageId);
      } catch (error) {
        throw discordFailure(error, 'post');
      }
    },
    link: (messageId: string) => messageLink(guildId, channel, messageId),
  };
}

/** The interaction methods the conversation uses (discord.js's ChatInputCommandInteraction and ButtonInteraction have them). */
export interface InteractionLike {
  reply(options: Record<string, unknown>): Promise<unknown>;
  deferReply(options?: Record<string, unknown>): Promise<unknown>;
  editReply(options: Record<string, unknown>): Promise<unknown>;
  followUp(options: Record<string, unknown>): Promise<unknown>;
  deleteReply(): Promise<unknown>;
}

/**
 * A slash command or button press. Discord wants a response within 3 s: the answer goes directly
 * when it is ready in time, else the interaction is deferred (privately when the answer will be
 * private, as soon as that is known) and the deferred response is edited. Everything after the first
 * response is a follow-up.
 */
export function interactionConversation(
  deps: { rest: DiscordRest; logger: Logger; replyWithinMs: number },
  interaction: InteractionLike,
  where: Where,
  guildId: string | null,
): Conversation & { settled(): Promise<void> } {
  let state: 'open' | 'deferred-public' | 'deferred-private' | 'answered' = 'open';
  let privacy: boolean | undefined;
  let deferring: Promise<unknown> | undefined;
  const defer = (privately: boolean) => {
    if (state !== 'open' || deferring) return deferring;
    state = privately ? 'deferred-private' : 'deferred-public';
    deferring = interaction.deferReply(privately ? { flags: 64 } : {});
    return deferring;
  };
  const timer = setTimeout(() => void defer(privacy ?? false)?.catch(() => undefined), deps.replyWithinMs);
  timer.unref?.();

  async function respond(p: Prepared): Promise<void> {
    clearTimeout(timer);
    if (deferring) await deferring.catch(() => undefined);
    const ephemeral = p.reply.ephemeral;
    if (state === 'open') {
      state = 'answered';
      await sendPrepared(deps.logger, p, (x) => interaction.reply(preparedOptions(x)));
    } else if (state === 'deferred-private' || (state === 'deferred-public' && !ephemeral)) {
      state = 'answered';
      await sendPrepared(deps.logger, p, (x) => interaction.editReply(preparedOptions(x, { ephemeral: false })));
    } else if (state === 'deferred-public') {
      // A public "thinking…" followed by a private answer: remove the placeholder, answer privately.
      state = 'answered';
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp(preparedOptions(p));
    } else {
      await sendPrepared(deps.logger, p, (x) => interaction.followUp(preparedOptions(x)));
    }
  }

  const calls = channelCalls(deps.rest, deps.logger, where, guildId);
  return {
    ...calls,
    answer: (out) => respond(prepare(out)),
    tell: (reply) => respond(prepare({ reply: calls.withHint({ ...reply, ephemeral: true }) })),
    async acknowledge(privately) {
      privacy = privately;
    },
    async settled() {
      clearTimeout(timer);
      if (deferring) await deferring.catch(() => undefined);
    },
  };
}

/** The part of a discord.js Message the conversation replies through. */
export interface MessageLike {
  reply(options: Record<string, unknown>): Promise<unknown>;
}

/** A message that mentions the bot, or a DM: answers are replies to it (messages have no private replies). */
export function messageConversation(
  deps: { rest: DiscordRest; logger: Logger },
  message: MessageLike,
  where: Where,
  guildId: string | null,
): Conversation {
  const reply = (out: Outgoing) => sendPrepared(deps.logger, prepare(out), (p) => message.reply(preparedOptions(p, { ephemeral: false })));
  const calls = channelCalls(deps.rest, deps.logger, where, guildId);
  return {
    ...calls,
    answer: async (out) => void (await reply(out)),
    tell: async (told) => void (await reply({ reply: calls.withHint(told) })),
  };
}
