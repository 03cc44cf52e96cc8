import { commandRequest } from '../../../commands/index.js';
import { deliver, type DeliveryDeps } from '../../bot/delivery.js';
import type { Bot, BotRequest } from '../../bot/core.js';
import { errorReply } from '../../reply/build.js';
import type { ActionId } from '../../reply/reply.js';
import { MODELS } from '../../engine/index.js';
import type { Logger } from '../../log.js';
import { renderDiscord } from '../../render/discord.js';
import { drawChart, type ComparisonImage } from '../../render/image.js';
import {
  interactionConversation,
  messageConversation,
  messageOptions,
  type DiscordRest,
  type InteractionLike as ConversationInteraction,
  type MessageLike as ConversationMessage,
} from './conversation.js';

export { messageOptions, prepare, type DiscordFile, type DiscordRest } from './conversation.js';

/**
 * Discord handlers as plain functions, one per kind of event, taking the few fields of discord.js
 * objects they read (so tests can also call them without a gateway). Each turns the event into a
 * request and a conversation and hands both to the core's one delivery flow.
 */

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

const deliveryDeps = (deps: DiscordDeps): DeliveryDeps => ({ bot: deps.bot, logger: deps.logger, draw: (image) => drawChart(deps, image) });

const MANAGE_GUILD = 1n << 5n;

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

interface InteractionLike extends ConversationInteraction {
  user: { id: string };
  channel?: { isThread?(): boolean } | null;
  guildId: string | null;
  channelId: string | null;
  memberPermissions: { has(bit: bigint): boolean } | null;
  member: unknown;
  guild?: { roles: { cache: { get(id: string): { name: string } | undefined } } } | null;
}

/** Where a request comes from; in a thread, everyone in it shares one context, as in a Slack thread. */
const whereOf = (i: Pick<InteractionLike, 'guildId' | 'channelId' | 'user' | 'channel'>) => {
  const channel = i.channelId ?? `dm-${i.user.id}`;
  return {
    platform: 'discord' as const,
    workspace: i.guildId ?? 'dm',
    channel,
    ...(i.channel?.isThread?.() ? { thread: channel } : {}),
  };
};

const adminOf = (deps: DiscordDeps, i: InteractionLike) =>
  isDiscordAdmin(i.memberPermissions, i.member as MemberLike, deps.adminRole, (id) => i.guild?.roles.cache.get(id)?.name);

/** A slash command or button: delivered through an interaction conversation that answers within Discord's 3 s. */
async function deliverInteraction(deps: DiscordDeps, interaction: InteractionLike, request: BotRequest): Promise<void> {
  const where = { platform: request.platform, workspace: request.workspace, channel: request.channel };
  const conversation = interactionConversation(
    { rest: deps.rest, logger: deps.logger, replyWithinMs: deps.replyWithinMs ?? 1500 },
    interaction,
    where,
    interaction.guildId,
  );
  try {
    await deliver(deliveryDeps(deps), conversation, request);
  } finally {
    await conversation.settled();
  }
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
    await deliverInteraction(deps, interaction, {
      ...where,
      user: interaction.user.id,
      admin: adminOf(deps, interaction),
      ...request.value,
    });
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
    await deliverInteraction(deps, interaction, { ...where, user: interaction.user.id, admin: adminOf(deps, interaction), action });
  };
}

export interface MessageLike extends ConversationMessage {
  content: string;
  author: { id: string; bot: boolean };
  system?: boolean;
  webhookId?: string | null;
  guildId: string | null;
  channelId: string;
  channel?: { isThread?(): boolean } | null;
  member?: (MemberLike & { permissions?: { has(bit: bigint): boolean } }) | null;
  mentions: { users: { has(id: string): boolean } };
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
    const conversation = messageConversation(
      deps,
      message,
      { platform: where.platform, workspace: where.workspace, channel: where.channel },
      message.guildId,
    );
    await deliver(deliveryDeps(deps), conversation, { ...where, user: message.author.id, text: text.slice(0, 4000), admin });
  };
}
