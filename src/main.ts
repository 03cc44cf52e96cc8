import { runCli } from './cli.js';
import { loadConfig } from './config.js';

/**
 * `npm start`: starts each chat adapter whose credentials are present; with none, the terminal chat.
 */
const config = loadConfig(process.env);
if (!config.ok) {
  for (const line of config.errors) process.stderr.write(`ftcost: ${line}\n`);
  process.exit(2);
}
const { slack, discord } = config.config;
const chatCredentials = Boolean(slack.botToken || slack.appToken || discord.token);
if (chatCredentials) {
  process.stderr.write('ftcost: Slack/Discord credentials are set, but this build has no chat adapters yet; starting the terminal chat.\n');
}
process.exitCode = await runCli(['chat'], {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  width: Math.min(process.stdout.columns || 100, 120),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  stdin: process.stdin,
  stdout: process.stdout,
});
