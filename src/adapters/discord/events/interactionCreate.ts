import { Events } from 'discord.js';
import { autocomplete, button, slashCommand } from '../handlers.js';
import { ROOT_COMMAND } from '../../../../commands/index.js';
import { defineEvent } from './types.js';

export default defineEvent({
  name: Events.InteractionCreate,
  async execute(deps, _client, interaction) {
    if (interaction.isAutocomplete()) {
      if (interaction.commandName === ROOT_COMMAND.name) await autocomplete()(interaction);
      return;
    }
    if (interaction.isChatInputCommand()) {
      if (interaction.commandName === ROOT_COMMAND.name) await slashCommand(deps)(interaction);
      return;
    }
    if (interaction.isButton() && interaction.customId.startsWith('ftcost:')) await button(deps)(interaction);
  },
});
