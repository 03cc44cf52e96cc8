import type { Client, ClientEvents } from 'discord.js';
import type { DiscordDeps } from '../handlers.js';

/** One gateway event and what to do with it (the discord.js guide's event-file pattern). */
export interface DiscordEvent<K extends keyof ClientEvents = keyof ClientEvents> {
  name: K;
  once?: boolean;
  execute(deps: DiscordDeps, client: Client, ...args: ClientEvents[K]): Promise<void>;
}

export const defineEvent = <K extends keyof ClientEvents>(event: DiscordEvent<K>) => event;
