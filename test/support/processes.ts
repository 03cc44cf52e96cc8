import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const root = new URL('../../', import.meta.url).pathname;

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Runs a built entry point (dist/src/main.js, a script) with only the given environment (and as another user, when root). */
export function runNode(file: string, env: Record<string, string>, as?: { uid: number; gid: number }): RunningProcess {
  const child = spawn(process.execPath, [file], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, ...(as ?? {}) });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exit,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exit;
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** True once an HTTP server answers on the port (any status). */
export async function listening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '' });
    return true;
  } catch {
    return false;
  }
}
