import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { decodePng } from '../support/png.js';

/** `ftcost compare ... --png FILE`, run in-process like the other CLI tests. */
function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, width: 100 });
  if (typeof code !== 'number') throw new Error('answered asynchronously');
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'ftcost-png-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ftcost compare --png', () => {
  it('prints the comparison, writes the chart and says where', () => {
    const file = join(dir, 'chart.png');
    const r = run(['compare', '70b', '10k', '3', '--png', file]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Cost per run\s+\$221–\$452\s+\$29–\$56\s+\$12–\$23/);
    expect(r.out.split('\n').at(-1)).toMatch(
      new RegExp(`^Chart written to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KB, PNG 1200×675\\)$`),
    );
    const png = decodePng(readFileSync(file));
    expect([png.width, png.height]).toEqual([1200, 675]);
  });

  it('--png=FILE works too, and with --json stdout stays one JSON document', () => {
    const file = join(dir, 'json.png');
    const r = run(['compare', '8b', '50k', '2', '--json', `--png=${file}`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).rows).toHaveLength(3);
    expect(r.err).toMatch(/^Chart written to .*json\.png/);
    expect(existsSync(file)).toBe(true);
  });

  it('a path that cannot be written is one line and a non-zero exit, after the text', () => {
    const missing = run(['compare', '70b', '--png', join(dir, 'no', 'such', 'folder', 'x.png')]);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/Full fine-tuning/);
    expect(missing.err.split('\n')).toEqual([expect.stringMatching(/^ftcost: --png: cannot write ".*x\.png": its folder does not exist$/)]);
    const folder = run(['compare', '70b', '--png', dir]);
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/^ftcost: --png: cannot write ".*": it is a folder$/);
  });

  it('is for compare only, and needs a file name', () => {
    const estimate = run(['qlora', '70b', '--png', join(dir, 'q.png')]);
    expect(estimate.code).toBe(2);
    expect(estimate.out).toBe('');
    expect(estimate.err).toBe(
      'ftcost: --png draws the comparison of the three methods; use it with compare (ftcost compare 70b 10k 3 --png chart.png), not estimate',
    );
    expect(existsSync(join(dir, 'q.png'))).toBe(false);
    expect(run(['compare', '70b', '--png']).err).toBe('ftcost: --png needs a value (PNG file)');
    expect(run(['compare', '70b', '--png=']).err).toBe('ftcost: --png needs a file name, e.g. --png chart.png');
  });

  it('is in the help', () => {
    expect(run(['--help']).out).toMatch(/--png FILE\s+with compare: also draw the comparison as a chart/);
  });
});
