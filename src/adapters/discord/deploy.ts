import { REST, Routes } from 'discord.js';
import { discordCommands } from './commands.js';

export interface DeployOptions {
  token: string;
  applicationId: string;
  /** Guild-scoped (instant) when set; global otherwise (Discord may take up to an hour to show it everywhere). */
  guildId?: string;
  apiUrl?: string;
}

/** Registers /ftcost and its sub-commands, built from commands/, replacing what was registered before. */
export async function deployCommands(options: DeployOptions): Promise<{ scope: 'guild' | 'global'; count: number; names: string[] }> {
  const rest = new REST({ ...(options.apiUrl ? { api: options.apiUrl } : {}), retries: 1 }).setToken(options.token);
  const body = discordCommands();
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const registered = (await rest.put(route, { body })) as Array<{ name: string; options?: Array<{ name: string }> }>;
  const names = registered.flatMap((c) => (c.options ?? []).map((o) => `/${c.name} ${o.name}`));
  return { scope: options.guildId ? 'guild' : 'global', count: registered.length, names };
}
