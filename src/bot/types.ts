import type { PriceTable } from '../engine/index.js';
import type { IntentParser } from '../intent/parse.js';
import type { Intent, Slots } from '../intent/schema.js';
import type { Logger } from '../log.js';
import type { ActionId, Reply } from '../reply/reply.js';
import type { Store } from '../store/index.js';
import type { Cooldown } from './preconditions.js';

export type Platform = 'slack' | 'discord' | 'console';

export interface BotRequest {
  platform: Platform;
  workspace: string;
  channel: string;
  /** The thread the message belongs to, if any: follow-ups share its context. */
  thread?: string;
  user: string;
  /**
   * The user's rights (Slack admin/owner, Discord Manage Server or the admin role), or how to find
   * them out: asked only when an admin-only action needs it (Slack's users.info is rate-limited).
   */
  admin?: boolean | (() => Promise<boolean>);
  /** Free text, or the slash command's arguments. */
  text?: string;
  /** An intent built from typed command options (Discord), bypassing the parser. */
  intent?: Intent;
  /** A button press. */
  action?: { id: ActionId; payload: string };
}

/** A channel: where settings and the living pin are kept. */
export type Where = Pick<BotRequest, 'platform' | 'workspace' | 'channel'>;

export interface Settings {
  provider?: string;
  hourlyRate?: number;
  /** $/GPU-hour overrides by GPU id. */
  prices?: Record<string, number>;
}

export interface PinRecord {
  messageId: string;
  platform: Platform;
  slots: Slots;
  pricesAsOf: string;
  settingsHash: string;
  updatedAt: number;
}

export interface BotOptions {
  store: Store;
  parser: IntentParser;
  /** The price table in force (FTCOST_PRICES or the built-in one). */
  prices?: PriceTable;
  logger?: Logger;
  now?: () => number;
  cooldown?: Cooldown;
  contextTtlMs?: number;
}

export interface Bot {
  handle(request: BotRequest): Promise<Reply>;
  /** After the adapter posted (or updated) and pinned a comparison, remember it as the channel's living pin. */
  recordPin(where: Where, messageId: string, slots: Slots): Promise<void>;
  pinnedIn(where: Where): Promise<PinRecord | undefined>;
  /** Waits for the channel's turn at its living pin and reads the record afresh (see LivingPins.turn). */
  pinTurn(where: Where): Promise<{ existing: PinRecord | undefined; release(): Promise<void> } | undefined>;
  /** Recomputes the channel's pinned comparison when prices or settings changed since it was posted. */
  refreshPin(where: Where, force?: boolean): Promise<{ record: PinRecord; reply: Reply } | undefined>;
}

export const channelKey = (r: Where): string => `${r.platform}:${r.workspace}:${r.channel}`;
export const contextKey = (r: BotRequest): string => (r.thread ? `${channelKey(r)}:t:${r.thread}` : `${channelKey(r)}:u:${r.user}`);
