import { setTimeout as sleep } from 'node:timers/promises';
import { commandRequest } from '../../../commands/index.js';
import type { Bot, BotRequest } from '../../bot/core.js';
import { errorReply } from '../../reply/build.js';
import { blankReply, type ActionId, type Reply } from '../../reply/reply.js';
import { MODELS } from '../../engine/index.js';
import type { Logger } from '../../log.js';
import { DISCORD_LIMITS, renderDiscord, type DiscordMessage } from '../../render/discord.js';
import { drawChart, type ComparisonImage } from '../../render/image.js';

/**
 * Discord handlers as plain functions, one per kind of event, taking the few fields of discord.js
 * objects they read (so tests can also call them without a gateway). Transport only: the bot
 * decides what to say, the Discord renderer how it looks.
 */

/** A file sent with a message: multipart part `files[i]`, listed in the body's `attachments` with `id: i`. */
export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

/** The REST calls the handlers make outside an interaction (discord.js's REST, which honours 429s). */
export interface DiscordRest {
  send(channelId: string, body: DiscordMessage, files?: DiscordFile[]): Promise<{ id: string }>;
  /** On an edit, the body's `attachments` lists what the message keeps: any attachment not listed is removed. */
  edit(channelId: string, messageId: string, body: DiscordMessage, files?: DiscordFile[]): Promise<unknown>;
  pin(channelId: string, messageId: string): Promise<unknown>;
}

export interface DiscordDeps {
  bot: Bot;
  logger: Logger;
  rest: DiscordRest;
  /** A role id or name whose members may change settings and replace the pin, besides Manage Server. */
  adminRole?: string;
  /** Answer directly when the bot is this quick; otherwise defer first (Discord allows 3 s). */
  replyWithinMs?: number;
  /** Draws the comparison chart's PNG (default: `cachedComparisonPng`, off the event loop). */
  png?(image: ComparisonImage): Promise<Buffer>;
}

/** A reply rendered for Discord, with the chart's PNG when the message carries it. */
export interface Prepared {
  reply: Reply;
  message: DiscordMessage;
  png?: Buffer;
}

/**
 * Renders a reply; a public reply with a chart (compare, pin) gets its PNG, drawn off the event
 * loop, attached and shown in the embed. A chart that cannot be drawn, or is over Discord's file
 * size, leaves the message as it was without it (the text chart stays in the embed).
 */
export async function prepare(deps: Pick<DiscordDeps, 'logger' | 'png'>, reply: Reply): Promise<Prepared> {
  if (!reply.image || reply.ephemeral) return { reply, message: renderDiscord(reply) };
  const png = await drawChart(deps, reply.image);
  if (!png || png.length > DISCORD_LIMITS.attachmentBytes) return { reply, message: renderDiscord(reply) };
  return { reply, message: renderDiscord(reply, { attachChart: true }), png };
}

/** The chart as a REST file, when the prepared message carries it. */
const restFiles = (p: Prepared): DiscordFile[] | undefined => {
  const attachment = p.message.attachments?.[0];
  return attachment && p.png ? [{ name: attachment.filename, data: p.png, contentType: 'image/png' }] : undefined;
};

const MANAGE_GUILD = 1n << 5n;
const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

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
const discordError = (error: unknown): { code?: number | string; status?: number } => {
  const e = error as { code?: number | string; status?: number };
  return { ...(e.code !== undefined ? { code: e.code } : {}), ...(e.status !== undefined ? { status: e.status } : {}) };
};

/** The same message without its chart (and, on an edit, without any attachment). */
const withoutChart = (p: Prepared): Prepared => ({ reply: p.reply, message: renderDiscord(p.reply) });

/**
 * Sends a prepared message; when it carries the chart and Discord refuses it for the file (no Attach
 * Files permission in the channel: 50013 / 403; too large: 40005 / 413), sends it again without
 * the chart, so the answer is not lost for the picture. `dropped` says whether that happened.
 */
export async function sendPrepared<T>(
  logger: Logger | undefined,
  p: Prepared,
  send: (p: Prepared) => Promise<T>,
): Promise<{ result: T; dropped: boolean }> {
  try {
    return { result: await send(p), dropped: false };
  } catch (error) {
    const { code, status } = discordError(error);
    if (!p.png || !(code === 50013 || code === 40005 || status === 403 || status === 413)) throw error;
    logger?.warn('discord refused the chart; sending the answer without it', { code: code ?? status });
    return { result: await send(withoutChart(p)), dropped: true };
  }
}

/** What to tell people when posting or pinning the comparison fails, by Discord error code. */
export function pinFailure(error: unknown, stage: 'post' | 'pin'): Reply {
  const { code, status } = discordError(error);
  const reply = blankReply('error', 'I could not pin the comparison');
  reply.ephemeral = true;
  if (code === 30003) {
    reply.summary = "This channel has reached Discord's limit of 250 pinned messages: unpin an older message, then ask me to pin again.";
  } else if (code === 50001) {
    reply.summary =
      'I cannot see this channel. A server admin can add me under the channel\u2019s Edit Channel → Permissions (View Channel, Send Messages), then pin again.';
  } else if (code === 50013 || status === 403) {
    reply.summary =
      stage === 'pin'
        ? 'I need the Pin Messages permission here. A server admin can grant it to the ftcost role under Server Settings → Roles (or in this channel\u2019s Permissions), then pin again. The comparison was posted; you can also pin it by hand.'
        : 'I need the Send Messages and Embed Links permissions in this channel. A server admin can grant them to the ftcost role under Server Settings → Roles, then pin again.';
  } else {
    reply.summary = `Discord refused the ${stage === 'pin' ? 'pin' : 'message'} (${String(code ?? status ?? 'unknown error')}). Try again in a moment${stage === 'pin' ? ', or pin the posted comparison by hand' : ''}.`;
  }
  return reply;
}

const messageLink = (guildId: string | null, channelId: string, messageId: string) =>
  `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;

/**
 * Posts the comparison and pins it, or edits the channel's living pin in place (no second pin).
 * Records the pin with the bot. Returns what to tell the asker.
 */
export async function pinComparison(
  deps: DiscordDeps,
  where: Pick<BotRequest, 'platform' | 'workspace' | 'channel'> & { guildId: string | null },
  reply: Reply,
): Promise<Reply> {
  const pin = reply.pin;
  if (!pin) return reply;
  const prepared = await prepare(deps, { ...reply, ephemeral: false });
  let dropped = false;
  const done = (messageId: string, updated: boolean) => {
    const confirmation = blankReply(
      'pin',
      updated ? 'Pinned comparison updated' : 'Comparison pinned',
      `${updated ? 'I updated the comparison pinned in this channel' : 'I pinned the comparison in this channel'}: ${messageLink(where.guildId, where.channel, messageId)}. A new pin request updates it in place.${
        dropped
          ? ' It has no chart: I need the Attach Files permission here (a server admin can grant it to the ftcost role), then pin again.'
          : ''
      }`,
    );
    confirmation.ephemeral = true;
    return confirmation;
  };
  if (pin.existingMessageId) {
    const messageId = pin.existingMessageId;
    try {
      // `attachments` lists only the new chart (or none): the previous one is removed.
      ({ dropped } = await sendPrepared(deps.logger, prepared, (p) =>
        deps.rest.edit(where.channel, messageId, { ...p.message, attachments: p.message.attachments ?? [] }, restFiles(p)),
      ));
      await deps.bot.recordPin(where, messageId, pin.slots);
      return done(messageId, true);
    } catch (error) {
      // The pinned message was deleted: post and pin a new one below.
      if (discordError(error).code !== 10008) return pinFailure(error, 'post');
    }
  }
  let messageId: string;
  try {
    const sent = await sendPrepared(deps.logger, prepared, (p) => deps.rest.send(where.channel, p.message, restFiles(p)));
    dropped = sent.dropped;
    messageId = sent.result.id;
  } catch (error) {
    return pinFailure(error, 'post');
  }
  try {
    await deps.rest.pin(where.channel, messageId);
  } catch (error) {
    return pinFailure(error, 'pin');
  }
  await deps.bot.recordPin(where, messageId, pin.slots);
  return done(messageId, false);
}

interface MemberLike {
  roles?: string[] | { cache: { has(id: string): boolean; some(fn: (role: { id: string; name: string }) => boolean): boolean } };
}

/** Manage Server, or the configured admin role (by id or name). */
export function isDiscordAdmin(
  permissions: { has(bit: bigint): boolean } | null | undefined,
  member: MemberLike | null | undefined,
  adminRole: string | undefined,
  roleName?: (id: string) => string | undefined,
): boolean {
  if (permissions?.has(MANAGE_GUILD)) return true;
  if (!adminRole || !member?.roles) return false;
  const roles = member.roles;
  if (Array.isArray(roles)) return roles.some((id) => id === adminRole || roleName?.(id) === adminRole);
  return roles.cache.has(adminRole) || roles.cache.some((role) => role.name === adminRole);
}

/** Catalog models for the model option's autocomplete: by id, name, alias or size; at most Discord's 25. */
export function modelChoices(query: string): Array<{ name: string; value: string }> {
  const q = String(query ?? '')
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .slice(0, 80);
  const matches = MODELS.filter(
    (m) =>
      q === '' ||
      [m.id, m.name.toLowerCase().replace(/\s+/g, '-'), m.sizeLabel, ...m.aliases.map((a) => a.toLowerCase().replace(/\s+/g, '-'))].some(
        (k) => k.includes(q),
      ),
  );
  return matches.slice(0, 25).map((m) => ({ name: `${m.name} (${m.sizeLabel.toUpperCase()})`.slice(0, 100), value: m.id }));
}

interface InteractionLike {
  user: { id: string };
  channel?: { isThread?(): boolean } | null;
  guildId: string | null;
  channelId: string | null;
  memberPermissions: { has(bit: bigint): boolean } | null;
  member: unknown;
  guild?: { roles: { cache: { get(id: string): { name: string } | undefined } } } | null;
  reply(options: Record<string, unknown>): Promise<unknown>;
  deferReply(options?: Record<string, unknown>): Promise<unknown>;
  editReply(options: Record<string, unknown>): Promise<unknown>;
  followUp(options: Record<string, unknown>): Promise<unknown>;
  deleteReply(): Promise<unknown>;
}

/** Where a request comes from; in a thread, everyone in it shares one context, as in a Slack thread. */
const whereOf = (i: Pick<InteractionLike, 'guildId' | 'channelId' | 'user' | 'channel'>) => {
  const channel = i.channelId ?? `dm-${i.user.id}`;
  return {
    platform: 'discord' as const,
    workspace: i.guildId ?? 'dm',
    channel,
    guildId: i.guildId,
    ...(i.channel?.isThread?.() ? { thread: channel } : {}),
  };
};

const adminOf = (deps: DiscordDeps, i: InteractionLike) =>
  isDiscordAdmin(i.memberPermissions, i.member as MemberLike, deps.adminRole, (id) => i.guild?.roles.cache.get(id)?.name);

/**
 * Answers directly when the work (the answer and its chart) is quick, otherwise defers (within
 * Discord's 3 s) and edits the deferred reply. An ephemeral answer after a public defer replaces the
 * "thinking" message with a private follow-up, so errors stay with the asker.
 */
export async function respondInTime(
  interaction: InteractionLike,
  work: Promise<Prepared>,
  withinMs: number,
  logger?: Logger,
): Promise<void> {
  const timer = new AbortController();
  const quick = await Promise.race([work, sleep(withinMs, undefined, { signal: timer.signal }).catch(() => undefined)]);
  timer.abort();
  if (quick) {
    await sendPrepared(logger, quick, (p) => interaction.reply(preparedOptions(p)));
    return;
  }
  await interaction.deferReply();
  const prepared = await work;
  if (prepared.reply.ephemeral) {
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp(preparedOptions(prepared));
    return;
  }
  await sendPrepared(logger, prepared, (p) => interaction.editReply(preparedOptions(p, { ephemeral: false })));
}

/** When the bot recomputed the channel's pinned comparison (new prices or settings), update it in place. */
async function refreshLivingPin(deps: DiscordDeps, where: ReturnType<typeof whereOf>, reply: Reply): Promise<void> {
  if (!reply.refreshPin) return;
  const outcome = await pinComparison(deps, where, reply.refreshPin).catch((error: Error) => errorReply(error.message));
  if (outcome.kind === 'error') deps.logger.warn('pinned comparison not refreshed', { channel: where.channel, reason: outcome.title });
}

async function answerAndPin(deps: DiscordDeps, where: ReturnType<typeof whereOf>, request: BotRequest): Promise<Prepared> {
  let reply: Reply;
  try {
    const answer = await deps.bot.handle(request);
    reply = answer.pin ? await pinComparison(deps, where, answer) : answer;
    await refreshLivingPin(deps, where, answer);
  } catch (error) {
    deps.logger.error('discord answer failed', { error: (error as Error).message });
    reply = errorReply('Something went wrong on my side; the team has the details in the logs. Please try again.');
  }
  return prepare(deps, reply);
}

export interface ChatInputLike extends InteractionLike {
  commandName: string;
  options: {
    getSubcommand(required?: boolean): string | null;
    data: ReadonlyArray<{ name: string; options?: ReadonlyArray<{ name: string; value?: unknown }> }>;
  };
}

/** `/ftcost <sub-command> …`: typed options through commands/, free text (`ask`) through the parser. */
export function slashCommand(deps: DiscordDeps) {
  return async (interaction: ChatInputLike): Promise<void> => {
    const where = whereOf(interaction);
    const sub = interaction.options.getSubcommand(false) ?? 'help';
    const raw: Record<string, unknown> = {};
    for (const option of interaction.options.data[0]?.options ?? []) raw[option.name] = option.value;
    const request = commandRequest(sub, raw);
    if (!request.ok) {
      await interaction.reply(messageOptions(renderDiscord(errorReply(request.error))));
      return;
    }
    const base: BotRequest = { ...where, user: interaction.user.id, admin: adminOf(deps, interaction) };
    const work = answerAndPin(deps, where, { ...base, ...request.value });
    await respondInTime(interaction, work, deps.replyWithinMs ?? 1500, deps.logger);
  };
}

export interface AutocompleteLike {
  options: { getFocused(withType: true): { name: string; value: string } };
  respond(choices: Array<{ name: string; value: string }>): Promise<unknown>;
}

/** The model option suggests catalog models as the user types. */
export function autocomplete() {
  return async (interaction: AutocompleteLike): Promise<void> => {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'model' ? modelChoices(focused.value) : []);
  };
}

const ACTIONS: ActionId[] = ['compare', 'pin', 'details'];

/** Reads a button's custom id `ftcost:<action>:<payload>`, as untrusted input. */
export function parseCustomId(customId: string): { id: ActionId; payload: string } | undefined {
  const match = /^ftcost:([a-z]+):(.*)$/s.exec(String(customId).slice(0, 100));
  if (!match || !ACTIONS.includes(match[1] as ActionId)) return undefined;
  return { id: match[1] as ActionId, payload: match[2] ?? '' };
}

export interface ButtonLike extends InteractionLike {
  customId: string;
}

/** The answer buttons: compare all methods, pin this comparison, breakdown and assumptions. */
export function button(deps: DiscordDeps) {
  return async (interaction: ButtonLike): Promise<void> => {
    const action = parseCustomId(interaction.customId);
    if (!action) {
      await interaction.reply(
        messageOptions(
          renderDiscord(errorReply('That button is not one of mine any more; ask again and use the buttons on the new answer.')),
        ),
      );
      return;
    }
    const where = whereOf(interaction);
    const work = answerAndPin(deps, where, { ...where, user: interaction.user.id, admin: adminOf(deps, interaction), action });
    await respondInTime(interaction, work, deps.replyWithinMs ?? 1500, deps.logger);
  };
}

export interface MessageLike {
  content: string;
  author: { id: string; bot: boolean };
  system?: boolean;
  webhookId?: string | null;
  guildId: string | null;
  channelId: string;
  channel?: { isThread?(): boolean } | null;
  member?: (MemberLike & { permissions?: { has(bit: bigint): boolean } }) | null;
  mentions: { users: { has(id: string): boolean } };
  reply(options: Record<string, unknown>): Promise<unknown>;
}

/** A message that mentions the bot, or any DM: the answer as a reply; the channel's (or thread's) context carries follow-ups. */
export function mentionOrDm(deps: DiscordDeps, botUserId: () => string | undefined) {
  return async (message: MessageLike): Promise<void> => {
    if (message.author.bot || message.system || message.webhookId) return;
    const me = botUserId();
    if (!me) return;
    const direct = message.guildId === null;
    if (!direct && !message.mentions.users.has(me)) return;
    const text = message.content.replace(new RegExp(`<@!?${me}>`, 'g'), ' ').trim();
    const where = whereOf({
      guildId: message.guildId,
      channelId: message.channelId,
      user: message.author,
      channel: message.channel ?? null,
    });
    const admin = !direct && isDiscordAdmin(message.member?.permissions, message.member, deps.adminRole);
    const reply = await deps.bot.handle({ ...where, user: message.author.id, text: text.slice(0, 4000), admin });
    const shown = reply.pin ? await pinComparison(deps, where, reply) : reply;
    await refreshLivingPin(deps, where, reply);
    await sendPrepared(deps.logger, await prepare(deps, shown), (p) => message.reply(preparedOptions(p, { ephemeral: false })));
  };
}
