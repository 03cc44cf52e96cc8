import { Events } from 'discord.js';
import { mentionOrDm } from '../handlers.js';
import { defineEvent } from './types.js';

export default defineEvent({
  name: Events.MessageCreate,
  async execute(deps, client, message) {
    await mentionOrDm(deps, () => client.user?.id)(message);
  },
});
