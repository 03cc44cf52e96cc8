#!/usr/bin/env node
// Registers the /ftcost command (built from commands/) with Discord: `npm run deploy:discord`.
// Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; DISCORD_GUILD_ID for one server (instant).
import { loadConfig } from '../dist/src/config.js';
import { deployCommands } from '../dist/src/adapters/discord/deploy.js';
import { discordInviteUrl } from '../dist/src/adapters/discord/commands.js';

const config = loadConfig(process.env);
if (!config.ok) {
  for (const line of config.errors) console.error(`ftcost: ${line}`);
  process.exit(2);
}
const { token, applicationId, guildId, apiUrl } = config.config.discord;
if (!token || !applicationId) {
  console.error(
    'ftcost: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (Developer Portal → your application → Bot / General Information); see README "Add to Discord".',
  );
  process.exit(2);
}
try {
  const result = await deployCommands({ token, applicationId, ...(guildId ? { guildId } : {}), ...(apiUrl ? { apiUrl } : {}) });
  console.log(
    `Registered ${result.names.join(', ')} (${result.scope === 'guild' ? `in server ${guildId}: available now` : 'globally: Discord may take up to an hour to show them'}).`,
  );
  console.log(`Invite link: ${discordInviteUrl(applicationId)}`);
} catch (error) {
  const status = error?.status ? ` (HTTP ${error.status})` : '';
  console.error(
    `ftcost: Discord refused the registration${status}: ${error?.message ?? error}. Check the token and the application id${guildId ? ', and that the bot is in that server' : ''}.`,
  );
  process.exit(1);
}
