import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { loadPriceFile } from '../../src/prices-file.js';
import { runNode } from '../support/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'ftcost-hostile-prices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const table = () =>
  JSON.parse(readFileSync(new URL('../../src/engine/data/prices.json', import.meta.url), 'utf8')) as {
    providers: Array<{ perGpuHour: Record<string, number> }>;
    defaults: Record<string, { low: number; high: number }>;
  };
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const errorFor = (path: string) => {
  const result = loadPriceFile(path);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error;
};

describe('hostile price files (FTCOST_PRICES): one clear line each, nothing aborts or hangs', () => {
  it('a 40 MB file is refused by its size, unread', () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, '');
    truncateSync(path, 40 * 1024 * 1024);
    expect(errorFor(path)).toMatch(/^FTCOST_PRICES: ".*huge\.json" is larger than 4 MiB; a price table is a few KB/);
  });

  it('50 MB of nested brackets: refused by size; 3 MB of them: refused by depth, without a stack overflow', () => {
    expect(errorFor(file('deep-50mb.json', Buffer.alloc(50 * 1024 * 1024, '[')))).toMatch(/is larger than 4 MiB/);
    const half = 1_500_000;
    expect(errorFor(file('deep-3mb.json', `${'['.repeat(half)}${']'.repeat(half)}`))).toMatch(
      /nests brackets more than 32 deep; a price table needs 4/,
    );
    expect(errorFor(file('deep-objects.json', `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`))).toMatch(
      /nests brackets more than 32 deep/,
    );
  });

  it('brackets inside strings do not count as nesting', () => {
    const t = table() as unknown as { providers: Array<{ note?: string }> };
    t.providers[0]!.note = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ \\" {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{';
    expect(loadPriceFile(file('strings.json', JSON.stringify(t))).ok).toBe(true);
  });

  it('/dev/zero, a directory, a named pipe: not a regular file', () => {
    expect(errorFor('/dev/zero')).toBe('FTCOST_PRICES: "/dev/zero" is a character device (such as /dev/zero); point it at a JSON file');
    mkdirSync(join(dir, 'a-directory'));
    expect(errorFor(join(dir, 'a-directory'))).toMatch(/"[^"]*a-directory" is a directory; point it at a JSON file$/);
    const fifo = join(dir, 'pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(errorFor(fifo)).toMatch(/"[^"]*pipe\.json" is a named pipe; point it at a JSON file$/);
  });

  it('npm start with a named pipe as FTCOST_PRICES exits 2 at once instead of hanging', async () => {
    const fifo = join(dir, 'start-pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const proc = runNode('dist/src/main.js', { FTCOST_PRICES: fifo, STORE_URL: 'memory://' });
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
    expect(await proc.exit).toBe(2);
    clearTimeout(timer);
    expect(proc.output()).toMatch(/ftcost: FTCOST_PRICES: ".*start-pipe\.json" is a named pipe/);
  });

  it.each([
    ['1e308', 1e308, /providers\.0\.perGpuHour\.[a-z0-9.-]+: a price per GPU-hour must be at most \$1,000/],
    ['1001', 1001, /must be at most \$1,000/],
    ['0', 0, /providers\.0\.perGpuHour\.[a-z0-9.-]+: Too small: expected number to be >0/],
    ['-2', -2, /Too small: expected number to be >0/],
  ])('a provider price of %s is refused, naming where', (_label, price, message) => {
    const t = table();
    const gpu = Object.keys(t.providers[0]!.perGpuHour)[0]!;
    t.providers[0]!.perGpuHour[gpu] = price;
    expect(errorFor(file(`price-${_label}.json`, JSON.stringify(t)))).toMatch(message);
  });

  it('a default price of 1e308 is refused too; $1,000 exactly is accepted', () => {
    const t = table();
    const gpu = Object.keys(t.defaults)[0]!;
    t.defaults[gpu] = { ...t.defaults[gpu]!, low: 1, high: 1e308 };
    expect(errorFor(file('default-1e308.json', JSON.stringify(t)))).toMatch(
      /defaults\.[a-z0-9.-]+\.high: a price per GPU-hour must be at most \$1,000/,
    );
    t.defaults[gpu] = { ...t.defaults[gpu]!, low: 1000, high: 1000 };
    expect(loadPriceFile(file('default-1000.json', JSON.stringify(t))).ok).toBe(true);
  });

  it('the CLI says it in one line and exits 2', async () => {
    const err: string[] = [];
    const code = await runCli(['qlora', '70b'], {
      out: () => undefined,
      err: (t) => err.push(t),
      env: { FTCOST_PRICES: '/dev/zero' },
      width: 100,
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toBe('ftcost: FTCOST_PRICES: "/dev/zero" is a character device (such as /dev/zero); point it at a JSON file');
  });
});
