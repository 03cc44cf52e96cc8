import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { startFakeHub, type FakeHub } from '../support/fake-hub.js';

const TOKEN = 'hf_fake_cli_token_0123456789';
const bin = join(import.meta.dirname, '..', '..', 'bin', 'ftcost.js');
let hub: FakeHub;
let env: Record<string, string>;

beforeAll(async () => {
  hub = await startFakeHub({ tokens: [TOKEN], granted: [TOKEN] });
  env = { HF_ENDPOINT: hub.endpoint, FTCOST_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ftcost-cli-cache-')), HF_TIMEOUT_MS: '5000' };
});
afterAll(async () => {
  await hub?.close();
});

/** The built command line in its own process (the fake Hub answers from this one, so the call must not block). */
async function ftcost(args: string[], extraEnv: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env, ...extraEnv },
      timeout: 20_000,
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}

async function run(args: string[], extraEnv: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...env, ...extraEnv }, width: 100 });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const within = (value: number, target: number, fraction: number) => Math.abs(value - target) <= fraction * target;

describe('ftcost with HF_ENDPOINT pointing at a loopback Hub (done criteria, through the built binary)', () => {
  it('qlora Qwen/Qwen3-32B 10k 3 --json: 32.76B parameters (±3%), and the assumptions name the repo and revision', async () => {
    const r = await ftcost(['qlora', 'Qwen/Qwen3-32B', '10k', '3', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(within(e.model.paramsB, 32.76, 0.03)).toBe(true);
    expect(e.inputs).toMatchObject({ examples: 10_000, epochs: 3 });
    expect(e.assumptions[0]).toMatch(/shape from Qwen\/Qwen3-32B@main \(commit [0-9a-f]{12}\)/);
  });

  it('Qwen/Qwen3-30B-A3B: 30.5B total and 3.3B active (±10%)', async () => {
    const e = JSON.parse((await ftcost(['qlora', 'Qwen/Qwen3-30B-A3B', '10k', '3', '--json'])).out);
    expect(within(e.model.paramsB, 30.5, 0.1)).toBe(true);
    expect(within(e.model.activeParamsB, 3.3, 0.1)).toBe(true);
  });

  it('mistralai/Mistral-Small-24B-Base-2501: 23.57B (±3%)', async () => {
    const e = JSON.parse((await ftcost(['qlora', 'mistralai/Mistral-Small-24B-Base-2501', '10k', '3', '--json'])).out);
    expect(within(e.model.paramsB, 23.57, 0.03)).toBe(true);
  });

  it('a gated repo exits 2 with one line naming HF_TOKEN; with a granted HF_TOKEN it answers', async () => {
    const r = await ftcost(['qlora', 'google/gemma-3-27b-it', '10k', '3']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^ftcost: model: "google\/gemma-3-27b-it" is gated on Hugging Face: set HF_TOKEN/);
    const ok = await ftcost(['qlora', 'google/gemma-3-27b-it', '10k', '3', '--json'], { HF_TOKEN: TOKEN });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).model.paramsB).toBeCloseTo(27.43, 2);
    expect(ok.out + ok.err).not.toContain(TOKEN);
  });

  it('a missing repo exits 2 with a clear line', async () => {
    const r = await ftcost(['qlora', 'no-such-org/no-such-model', '10k', '3']);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(
      'ftcost: model: no model "no-such-org/no-such-model" on Hugging Face (or it is private: set HF_TOKEN); check the spelling (ftcost models lists the built-in ones)',
    );
  });
});

describe('the Hub through runCli', () => {
  it('compare and recommend read the repo once and carry its notes (MXFP4) into every estimate', async () => {
    const before = hub.requests.length;
    const c = await run(['compare', 'openai/gpt-oss-120b', '10k', '3', '--json']);
    expect(c.code).toBe(0);
    const rows = JSON.parse(c.out).rows;
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.model).toMatchObject({ id: 'openai/gpt-oss-120b', paramsB: 116.83 });
      expect(row.warnings.join(' ')).toMatch(/MXFP4/);
    }
    const rec = await run(['recommend', '--model', 'openai/gpt-oss-120b', '--examples', '10k', '--json']);
    expect(rec.code).toBe(0);
    expect(JSON.parse(rec.out).estimates[0].warnings.join(' ')).toMatch(/MXFP4/);
    // The second command read the shape from the disk cache.
    const configReads = hub.requests.slice(before).filter((r) => r.path.includes('gpt-oss-120b/resolve/') && !r.range);
    expect(configReads).toHaveLength(1);
  });

  it('the text answer shows the Hub notes and where the shape came from', async () => {
    const r = await run(['lora', 'deepseek-ai/DeepSeek-R1', '10k', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/FP8 weights/);
    expect(r.out).toMatch(/deepseek-ai\/DeepSeek-R1@main/);
  });

  it.each([
    [['qlora', 'org/na$me', '10k'], /is not a Hugging Face model id/],
    [['qlora', 'datasets/HuggingFaceH4/ultrachat_200k'], /is a dataset on Hugging Face, not a model/],
    [['qlora', 'HuggingFaceH4/ultrachat_200k'], /is a dataset on Hugging Face, not a model/],
    [['qlora', 'Qwen/Qwen3-32B@v9'], /has no revision "v9"/],
  ])('%j exits 2 with one line', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('bad Hub settings are refused by name, never echoing the value', async () => {
    const r = await run(['qlora', 'Qwen/Qwen3-32B'], { HF_TOKEN: 'sk-not-a-hf-token', HF_TIMEOUT_MS: '5', HF_ENDPOINT: 'ftp://x' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/HF_TOKEN: must start with hf_/);
    expect(r.err).toMatch(/HF_TIMEOUT_MS: must be a whole number from 100 to 120000/);
    expect(r.err).toMatch(/HF_ENDPOINT: must be an http\(s\) URL/);
    expect(r.err).not.toContain('sk-not-a-hf-token');
  });

  it('catalog models and sizes never touch the network, and stay synchronous', () => {
    const before = hub.requests.length;
    const code = runCli(['qlora', 'qwen3-32b', '--json'], { out: () => undefined, err: () => undefined, env, width: 100 });
    expect(code).toBe(0);
    expect(hub.requests.length).toBe(before);
  });

  it('ftcost models lists the new families and ftcost gpus the new GPUs', () => {
    const out: string[] = [];
    runCli(['models'], { out: (t) => out.push(t), err: () => undefined, env, width: 100 });
    for (const id of [
      'qwen3-32b',
      'qwen3-30b-a3b',
      'gemma-3-27b',
      'deepseek-v3',
      'gpt-oss-120b',
      'mistral-small-24b',
      'phi-4',
      'llama-4-scout',
      'llama-4-maverick',
    ]) {
      expect(out.join('\n')).toContain(id);
    }
    const gpus: string[] = [];
    runCli(['gpus'], { out: (t) => gpus.push(t), err: () => undefined, env, width: 100 });
    for (const id of ['t4', 'rtx-3090', 'rtx-5090', 'a10g', 'l40 ', 'h100-nvl', 'rtx-pro-6000', 'b300', 'mi325x', 'mi355x']) {
      expect(gpus.join('\n')).toContain(id);
    }
  });
});
