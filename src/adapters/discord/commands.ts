import { z } from 'zod';
import { COMMANDS, ROOT_COMMAND, type CommandDefinition } from '../../../commands/index.js';

/** Discord application command option types used here. */
export const OptionType = { Subcommand: 1, String: 3, Boolean: 5 } as const;

export interface DiscordOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  max_length?: number;
  min_length?: number;
  choices?: Array<{ name: string; value: string }>;
  options?: DiscordOption[];
}

export interface DiscordCommand {
  name: string;
  description: string;
  type: 1;
  /** Guild channels and DMs with the bot. */
  contexts: number[];
  integration_types: number[];
  options: DiscordOption[];
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** One zod option as a Discord option: strings (counts too, so `10k` works), enums as choices, booleans. */
function optionOf(name: string, schema: z.ZodType, autocomplete: boolean): DiscordOption {
  const required = !(schema instanceof z.ZodOptional);
  const inner = (schema instanceof z.ZodOptional ? schema.unwrap() : schema) as z.ZodType;
  const description = clip(schema.description ?? inner.description ?? name, 100);
  const base = { name, description, required };
  if (inner instanceof z.ZodBoolean) return { type: OptionType.Boolean, ...base };
  if (inner instanceof z.ZodEnum) {
    const values = inner.options as string[];
    return { type: OptionType.String, ...base, choices: values.slice(0, 25).map((v) => ({ name: v.replace(/-/g, ' '), value: v })) };
  }
  if (inner instanceof z.ZodString) {
    return {
      type: OptionType.String,
      ...base,
      ...(autocomplete ? { autocomplete: true } : {}),
      ...(inner.maxLength !== null ? { max_length: Math.min(inner.maxLength, 6000) } : {}),
      ...(inner.minLength !== null ? { min_length: inner.minLength } : {}),
    };
  }
  throw new Error(`command option ${name}: no Discord type for this schema`);
}

/** A command definition as a sub-command of /ftcost; Discord wants required options first. */
export function subcommandOf(command: CommandDefinition): DiscordOption {
  const options = Object.entries(command.options.shape as Record<string, z.ZodType>).map(([name, schema]) =>
    optionOf(name, schema, command.autocomplete?.includes(name) ?? false),
  );
  options.sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  return { type: OptionType.Subcommand, name: command.name, description: clip(command.description, 100), options };
}

/** The /ftcost command with one sub-command per definition in commands/ (Discord allows no options beside sub-commands). */
export function discordCommands(commands: CommandDefinition[] = COMMANDS): DiscordCommand[] {
  return [
    {
      name: ROOT_COMMAND.name,
      description: clip(ROOT_COMMAND.description, 100),
      type: 1,
      contexts: [0, 1],
      integration_types: [0],
      options: commands.map(subcommandOf),
    },
  ];
}

/**
 * Permissions the bot asks for in its invite link, and why. Intents: Guilds (channels and roles, to
 * know who may change settings), Guild Messages and Direct Messages (messages that mention the
 * bot, and DMs). Message Content is privileged and not needed: Discord sends the content of
 * messages that mention the bot, and of DMs, without it.
 */
export const DISCORD_PERMISSION_REASONS = {
  ViewChannel: { bit: 1n << 10n, why: 'see the channels it answers in' },
  SendMessages: { bit: 1n << 11n, why: 'answer mentions and post the pinned comparison' },
  SendMessagesInThreads: { bit: 1n << 38n, why: 'answer follow-ups inside threads' },
  EmbedLinks: { bit: 1n << 14n, why: 'show answers as embeds' },
  AttachFiles: { bit: 1n << 15n, why: 'attach the comparison chart' },
  ReadMessageHistory: { bit: 1n << 16n, why: 'reply to the message that asked' },
  PinMessages: { bit: 1n << 51n, why: 'pin the comparison (one living pin per channel)' },
} as const;

export const DISCORD_PERMISSIONS = Object.values(DISCORD_PERMISSION_REASONS).reduce((all, p) => all | p.bit, 0n);

/** The link a server admin opens to add the bot with exactly these permissions and slash commands. */
export const discordInviteUrl = (applicationId: string): string =>
  `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=bot%20applications.commands&permissions=${DISCORD_PERMISSIONS.toString()}`;
