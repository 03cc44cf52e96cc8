import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env, width: 100 });
  if (typeof code !== 'number') throw new Error(`ftcost ${args.join(' ')} answered asynchronously; use runAsync`);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function runAsync(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env, width: 100 });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const REQUIRED_ESTIMATE_FIELDS = [
  'method',
  'model.id',
  'model.paramsB',
  'memory.totalGB',
  'memory.perGpuGB',
  'memory.cpuRamGB',
  'memory.breakdown.weights',
  'memory.breakdown.gradients',
  'memory.breakdown.optimizer',
  'memory.breakdown.adapters',
  'memory.breakdown.activations',
  'memory.breakdown.overhead',
  'hardware.minimum.gpu',
  'hardware.minimum.count',
  'hardware.minimum.strategy',
  'hardware.typical.gpu',
  'hardware.typical.count',
  'hardware.typical.strategy',
  'hardware.options',
  'time.hours.low',
  'time.hours.high',
  'cost.perRunUsd.low',
  'cost.projectUsd.high',
  'cost.hardwareBuyUsd.low',
  'cost.amortizedMonthlyUsd.low',
  'cost.engineeringUsd.high',
  'quality.vsFullPct.low',
  'assumptions',
  'warnings',
];
const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

describe('ftcost estimate', () => {
  it('`ftcost qlora 70b 10k 3` is estimate, with a readable table naming the model, figures and sources', () => {
    const r = run(['qlora', '70b', '10k', '3']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^QLoRA · Llama 3\.1 70B/);
    for (const label of [
      'GPU memory',
      'Minimum',
      'Typical',
      'Time per run',
      'Cost per run',
      'Project',
      'Buy instead',
      'Engineering',
      'Quality',
      'Assumptions',
    ]) {
      expect(r.out).toContain(label);
    }
    expect(r.out).toMatch(/as of \d{4}-\d{2}/);
    expect(run(['estimate', 'qlora', '70b', '10k', '3']).out).toBe(r.out);
  });

  it('--json prints one object with every field of the contract', () => {
    const r = run(['estimate', 'lora', 'llama-3.1-8b', '50k', '2', '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    for (const path of REQUIRED_ESTIMATE_FIELDS) expect(get(e, path), path).toBeDefined();
    expect(e.method).toBe('lora');
    expect(e.inputs.examples).toBe(50_000);
    expect(e.inputs.epochs).toBe(2);
    expect(e.hardware.options.length).toBeGreaterThan(3);
    for (const o of e.hardware.options) expect(Object.keys(o)).toEqual(expect.arrayContaining(['gpu', 'count', 'strategy']));
  });

  it('accepts what people type: names with spaces, "250k examples", "3 epochs", x3, method aliases', () => {
    const a = JSON.parse(run(['fft', 'Llama', '3.1', '8B', '250k', 'examples', '3', 'epochs', '--json']).out);
    expect(a.method).toBe('full');
    expect(a.model.id).toBe('llama-3.1-8b');
    expect(a.inputs.examples).toBe(250_000);
    expect(a.inputs.epochs).toBe(3);
    const b = JSON.parse(run(['qlora', 'mixtral-8x7b', '10,000', 'x2', '--json']).out);
    expect(b.inputs).toMatchObject({ examples: 10_000, epochs: 2 });
    expect(b.model.activeParamsB).toBeLessThan(b.model.paramsB / 3);
  });

  it('flags change the plan: --gpu/--gpus, --provider, --grad-ckpt, --tokens-per-example, --runs', () => {
    const base = JSON.parse(run(['lora', '70b', '--json']).out);
    const two = JSON.parse(run(['lora', '70b', '--gpu', 'A100', '80GB', '--gpus', '2', '--grad-ckpt', '--json']).out);
    expect(two.hardware.used).toMatchObject({ gpu: 'a100-80gb', count: 2, fits: true });
    expect(two.memory.breakdown.activations).toBeLessThan(base.memory.breakdown.activations);
    const lambda = JSON.parse(run(['full', '70b', '--provider', 'lambda', '--json']).out);
    expect(lambda.cost.pricePerGpuHour.low).toBe(3.99);
    // On the same GPU, so that only the tokens change (without --gpu, a longer sequence may move the job to a faster card).
    const short = JSON.parse(run(['qlora', '70b', '--gpu', 'a100-80gb', '--json']).out);
    const longer = JSON.parse(run(['qlora', '70b', '--gpu', 'a100-80gb', '--tokens-per-example', '2048', '--json']).out);
    expect(longer.inputs.trainingTokens).toBe(4 * short.inputs.trainingTokens);
    // Four times the tokens take longer, but less than four times as long: longer micro-batches amortize
    // QLoRA's dequantization of every weight on each pass.
    expect(longer.time.breakdown.computeHours.low).toBeGreaterThan(2 * short.time.breakdown.computeHours.low);
    expect(longer.time.breakdown.computeHours.low).toBeLessThan(4 * short.time.breakdown.computeHours.low);
    const runs = JSON.parse(run(['qlora', '70b', '--runs', '3', '--json']).out);
    expect(runs.cost.runs).toEqual({ low: 3, high: 3 });
    const tokens = JSON.parse(run(['qlora', '8b', '--tokens', '5M', '--json']).out);
    expect(tokens.inputs.trainingTokens).toBe(15_000_000);
  });

  it('says when a requested setup does not fit, and how to make it fit', () => {
    const r = JSON.parse(run(['lora', '70b', '--gpu', 'a100-80gb', '--gpus', '2', '--json']).out);
    expect(r.hardware.used.fits).toBe(false);
    expect(r.warnings.join(' ')).toMatch(/Does not fit: 2× A100 SXM 80GB .*--grad-ckpt/);
  });
});

describe('ftcost compare', () => {
  it('prints the three methods side by side with a cost-per-run chart', () => {
    const r = run(['compare', '70b', '10k', '3']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Full fine-tuning\s+LoRA\s+QLoRA/);
    expect(r.out).toContain('Cost per run (low–high)');
    expect(r.out).toMatch(/█/);
  });

  it('--json prints { rows: [full, lora, qlora] }', () => {
    const r = JSON.parse(run(['compare', '70b', '10k', '3', '--json']).out);
    expect(r.rows.map((row: { method: string }) => row.method)).toEqual(['full', 'lora', 'qlora']);
  });
});

describe('bad input: exit non-zero with one line naming the bad value and what is accepted', () => {
  it.each(
    (
      [
        [['qlora', '70b', '-5'], /examples: "-5" must be greater than zero/],
        [['qlora', '70b', '10k', '0'], /epochs: "0" must be greater than zero/],
        [['qlora', '70b', '1e400'], /examples: "1e400" is too large/],
        [['bogus', '70b'], /method: "bogus" is not a method; use full, lora or qlora/],
        [['qlora', 'gpt-5'], /model: "gpt-5" is not a model ftcost knows/],
        [['qlora', '70b', '--gpu', 'tpu'], /gpu: "tpu" is not a GPU ftcost knows; use one of h100-sxm/],
        [['qlora', '70b', '--provider', 'acme'], /provider: "acme" is not in the price table; use one of lambda/],
        [['qlora', '70b', '--frobnicate'], /unknown flag "--frobnicate"/],
        [['qlora', '70b', '--rank'], /--rank needs a value/],
        [['qlora', '70b', '--bits', '3'], /--bits: "3" is not accepted; use 4 or 8/],
        [['qlora', '70b', '--targets', 'mlp'], /use attn or all/],
        [['qlora', '70b', '10k', '3', 'extra'], /unexpected "extra"/],
        [['qlora', `${'x'.repeat(10_000)}`], /model: ".{40}…" is not a model/],
        [['compare'], /model is missing/],
        [['full', '70b', '--seq-len', '65536', '--batch', '8', '--no-grad-ckpt'], /fits no priced catalog GPU.*--grad-ckpt/],
      ] as Array<[string[], RegExp]>
    ).map(([args, message]) => [args.join(' ').slice(0, 60), args, message] as const),
  )('%#: %s', (_label, args, message) => {
    const r = run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^ftcost: /);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
  });
});

describe('configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftcost-prices-'));

  it('FTCOST_PRICES replaces the price table, and the figures follow it', () => {
    const table = JSON.parse(readFileSync(new URL('../../src/engine/data/prices.json', import.meta.url), 'utf8'));
    table.defaults['rtx-6000-ada'] = { low: 1.54, high: 1.54, source: 'our negotiated rate', asOf: '2026-11' };
    const file = join(dir, 'prices.json');
    writeFileSync(file, JSON.stringify(table));
    // --stack unsloth: without PEFT's fp32 casts 70B QLoRA fits the article's 48 GB RTX 6000 Ada.
    const base = JSON.parse(run(['qlora', '70b', '--stack', 'unsloth', '--json']).out);
    const custom = JSON.parse(run(['qlora', '70b', '--stack', 'unsloth', '--json'], { FTCOST_PRICES: file }).out);
    expect(custom.cost.pricePerGpuHour).toMatchObject({ low: 1.54, source: 'our negotiated rate', asOf: '2026-11' });
    expect(custom.cost.perRunUsd.low).toBeCloseTo(base.cost.perRunUsd.low * 2, 0);
  });

  it('a bad price file is a clear error naming the file and the problem', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        asOf: '2026-01',
        providers: [{ id: 'x', name: 'X', url: 'http://x', asOf: '2026-01', perGpuHour: { 'h100-sxm': 'cheap' } }],
      }),
    );
    const r = run(['qlora', '70b'], { FTCOST_PRICES: file });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/FTCOST_PRICES: ".*bad\.json": providers\.0\.perGpuHour\.h100-sxm: /);
    const missing = run(['qlora', '70b'], { FTCOST_PRICES: join(dir, 'nope.json') });
    expect(missing.err).toMatch(/FTCOST_PRICES: cannot read ".*nope\.json" \(ENOENT\)/);
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(run(['qlora', '70b'], { FTCOST_PRICES: join(dir, 'broken.json') }).err).toMatch(/is not valid JSON/);
  });

  it('a bad environment variable gets one line naming it, without echoing its value', () => {
    const r = run(['qlora', '70b'], { PORT: 'eighty', SLACK_BOT_TOKEN: 'secret-value-123' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('ftcost: PORT: must be a whole number from 1 to 65535');
    expect(r.err).toContain('ftcost: SLACK_BOT_TOKEN: must start with xoxb-');
    expect(r.err).not.toContain('secret-value-123');
  });
});

describe('listings and help', () => {
  it('models, gpus and prices list the catalogs with sources and dates', () => {
    expect(run(['models']).out).toMatch(/mixtral-8x22b .*141B \(39B act\.\)/);
    expect(run(['gpus']).out).toMatch(/h100-sxm .*80 GiB .*989/);
    expect(run(['prices']).out).toMatch(/lambda\s+2026-09-20/);
    expect(JSON.parse(run(['prices', '--json']).out).providers.length).toBeGreaterThanOrEqual(4);
  });

  it('--help and no arguments print the usage', () => {
    expect(run(['--help']).out).toMatch(/^ftcost — /);
    expect(run([]).out).toMatch(/Usage/);
    expect(run(['compare', '--help']).out).toMatch(/Usage/);
  });
});

describe('the installed command (a fresh process, as users run it)', () => {
  const bin = new URL('../../bin/ftcost.js', import.meta.url).pathname;

  it('prints an estimate and exits 0', () => {
    const out = execFileSync(process.execPath, [bin, 'qlora', '70b', '10k', '3'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(out).toMatch(/QLoRA · Llama 3\.1 70B/);
  });

  it('prints its version', () => {
    const out = execFileSync(process.execPath, [bin, 'version'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 with one line on stderr for bad input', () => {
    const r = spawnSync(process.execPath, [bin, 'qlora', '70b', 'lots'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'ftcost: examples: "lots" is not a number; use a positive number such as 10000, 10k, 10,000 or 1.5M',
    ]);
  });
});

describe('providers', () => {
  it('a provider that does not rent the typical GPU gets its cheapest plan per run, and says so', () => {
    const aws = JSON.parse(run(['qlora', '70b', '--provider', 'aws', '--stack', 'unsloth', '--json']).out);
    expect(aws.hardware.used).toMatchObject({ gpu: 'l40s', count: 1 });
    expect(aws.cost.pricePerGpuHour).toMatchObject({ low: 1.861, asOf: '2026-11-09' });
    expect(aws.warnings.join(' ')).toMatch(/AWS \(us-east-1\) does not list RTX 6000 Ada 48GB; using its cheapest setup per run, 1× L40S/);
    // The minimum is the least hardware AWS lists: one GPU (an L40S) before two L4s that rent for less.
    expect(aws.hardware.minimum).toMatchObject({ gpu: 'l40s', count: 1 });
  });

  it('a provider that rents nothing able to run the job is a clear error', () => {
    const table = JSON.parse(readFileSync(new URL('../../src/engine/data/prices.json', import.meta.url), 'utf8'));
    table.providers.push({ id: 'tiny-cloud', name: 'Tiny Cloud', url: 'http://tiny', asOf: '2026-11', perGpuHour: { l4: 0.3 } });
    const file = join(mkdtempSync(join(tmpdir(), 'ftcost-')), 'prices.json');
    writeFileSync(file, JSON.stringify(table));
    const r = run(['full', '405b', '--provider', 'tiny-cloud'], { FTCOST_PRICES: file });
    expect(r.code).toBe(2);
    expect(r.err).toBe('ftcost: provider: Tiny Cloud lists no GPU that can run this job; its table has l4');
  });

  it('QLoRA without double quantization keeps 0.5625 bytes per quantized weight', () => {
    const dq = JSON.parse(run(['qlora', '70b', '--json']).out);
    const plain = JSON.parse(run(['qlora', '70b', '--no-double-quant', '--json']).out);
    expect(plain.memory.breakdown.weights).toBeGreaterThan(dq.memory.breakdown.weights + 3);
  });
});

describe('ftcost recommend and explain', () => {
  it('recommend reads the facts from flags and prints the verdict, reasons, upgrade path, hidden costs and buy vs rent', () => {
    const r = run(['recommend', '--budget', '$500', '--examples', '8k', '--task', 'domain-adaptation']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Recommendation: QLoRA \(confidence \d+%\)/);
    for (const heading of ['Why', 'Upgrade path', 'Hidden costs', 'Buy or rent', 'Assumptions']) expect(r.out).toContain(heading);
    expect(r.out).toContain('task: domain adaptation');
  });

  it('recommend --json prints the contract', () => {
    const r = JSON.parse(run(['recommend', '--model', '8b', '--examples', '100k', '--budget', '1500', '--multi-gpu', '--json']).out);
    expect(r.verdict).toBe('full');
    expect(r.reasons.map((x: { rule: string }) => x.rule)).toContain('multi-gpu-capacity');
    expect(r.estimates).toHaveLength(3);
  });

  it('facts that only recommend reads are refused elsewhere', () => {
    expect(run(['qlora', '70b', '--budget', '500']).err).toBe(
      'ftcost: --budget is a fact for recommend (ftcost recommend --budget …), not for estimate',
    );
    expect(run(['recommend', '--task', 'poetry']).err).toMatch(/--task: "poetry" is not accepted; use domain-adaptation/);
  });

  it('recommend reads free text through the intent parser; flags win over the text', async () => {
    const r = JSON.parse((await runAsync(['recommend', 'we have 8k legal docs and $500', '--json'])).out);
    expect(r.verdict).toBe('qlora');
    expect(r.reasons.map((x: { fact: string }) => x.fact)).toEqual(
      expect.arrayContaining(['budget $500', 'task: domain adaptation', '8,000 examples']),
    );
    const flagged = JSON.parse((await runAsync(['recommend', 'we have 8k legal docs and $500', '--budget', '5000', '--json'])).out);
    expect(flagged.reasons.map((x: { fact: string }) => x.fact)).toContain('budget $5,000');
  });

  it('explain prints a short text with its sources', () => {
    const r = run(['explain', 'gradient', 'checkpointing']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Gradient checkpointing/);
    expect(r.out).toMatch(/Sources: /);
    expect(run(['explain', 'memory', '--model', '8b']).out).toMatch(/Llama 3\.1 8B/);
    expect(run(['explain']).err).toBe('ftcost: explain needs a topic, e.g. ftcost explain lora');
  });
});

describe('ftcost parse', () => {
  it('--json prints { intent, slots, source } as in DESIGN.md', async () => {
    const r = await runAsync(['parse', 'Quick q: qLoRA on a 70B w/ 10K samples x3 epochs — ballpark $$?', '--json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out);
    expect(Object.keys(parsed)).toEqual(['intent', 'slots', 'source']);
    expect(parsed).toMatchObject({
      intent: 'estimate',
      source: 'rules',
      slots: { method: 'qlora', model: 'llama-3.1-70b', examples: 10000, epochs: 3, budgetUsd: null },
    });
    for (const slot of [
      'method',
      'model',
      'paramsB',
      'examples',
      'epochs',
      'tokensPerExample',
      'budgetUsd',
      'task',
      'gpu',
      'gpus',
      'provider',
      'topic',
    ]) {
      expect(parsed.slots).toHaveProperty(slot);
    }
  });

  it('prints a readable reading without --json, and handles mention markup', async () => {
    const r = await runAsync(['parse', '<@U024BE7LH>', 'should', 'we', 'use', 'LoRA?']);
    expect(r.out).toMatch(/^intent: recommend \(from rules\)/);
    expect(r.out).toContain('method: lora');
  });

  it('with an LLM endpoint configured but down, it answers from the rules', async () => {
    const r = await runAsync(['parse', 'qlora 70b 10k 3', '--json'], { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', LLM_TIMEOUT_MS: '500' });
    expect(JSON.parse(r.out)).toMatchObject({ intent: 'estimate', source: 'rules' });
  });

  it('needs a message', () => {
    expect(run(['parse']).err).toBe('ftcost: parse needs a message, e.g. ftcost parse "qlora 70b 10k 3"');
  });
});

describe('ftcost ask', () => {
  it('prints the bot\u2019s whole reply to one message', async () => {
    const r = await runAsync(['ask', 'should we use LoRA? we have 8k legal docs and $500'], { STORE_URL: 'memory://' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Recommendation: QLoRA/);
    expect(r.out).toContain('About LoRA, since you asked');
    const json = JSON.parse((await runAsync(['ask', 'compare 8b 50k 2', '--json'], { STORE_URL: 'memory://' })).out);
    expect(json.kind).toBe('compare');
    expect(json.table.columns).toEqual(['Full fine-tuning', 'LoRA', 'QLoRA']);
  });

  it('exits 2 on an error reply', async () => {
    const r = await runAsync(['ask', 'qlora gpt-5 10k'], { STORE_URL: 'memory://' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('is not a model ftcost knows');
  });
});
