import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export default defineEvent({
  name: Events.ClientReady,
  once: true,
  async execute(deps, _client, ready) {
    deps.logger.info('discord bot ready', { user: ready.user.id, guilds: ready.guilds.cache.size });
  },
});
