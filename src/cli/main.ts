import { runCli } from '../cli.js';

// A closed pipe (`| head`) ends the program quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

let code: number;
try {
  code = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    width: Math.min(process.stdout.columns || 100, 120),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    stdin: process.stdin,
    stdout: process.stdout,
  });
} catch (error) {
  // A bug, not bad input: say so in one line; the stack only with FTCOST_DEBUG.
  process.stderr.write(`ftcost: internal error: ${(error as Error).message}\n`);
  if (process.env.FTCOST_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
  code = 70;
}
process.exitCode = code;
