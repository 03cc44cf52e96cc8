import interactionCreate from './interactionCreate.js';
import messageCreate from './messageCreate.js';
import ready from './ready.js';
import type { DiscordEvent } from './types.js';

/** Every gateway event the bot listens to; the client wires each one (see ../client.ts). */
export const EVENTS = [ready, interactionCreate, messageCreate] as unknown as DiscordEvent[];
