import { runCli } from './cli.js';

/**
 * `npm start`. The Slack, Discord and terminal-chat adapters start here once they exist; until then
 * it shows the engine on the article's scenario: one estimate, then the three methods compared.
 */
const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
  env: process.env,
  width: Math.min(process.stdout.columns || 100, 120),
};

const rule = '─'.repeat(Math.min(io.width, 100));
io.out(`$ ftcost qlora 70b 10k 3\n${rule}`);
let code = await runCli(['qlora', '70b', '10k', '3'], io);
if (code === 0) {
  io.out(`\n$ ftcost compare 70b 10k 3\n${rule}`);
  code = await runCli(['compare', '70b', '10k', '3'], io);
}
io.out(`\n${rule}\nTry your own: npx ftcost <full|lora|qlora> <model> [examples] [epochs]   (npx ftcost --help)`);
process.exitCode = code;
