import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, GPUS, JOB_INPUTS, MODELS, methods } from '../../src/engine/index.js';
import { parseRules } from '../../src/intent/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('chat vocabulary comes from the catalogs', () => {
  it('every catalog model is understood by its id and its name', () => {
    for (const m of MODELS) {
      for (const name of [m.id, m.name]) {
        const intent = parseRules(`qlora ${name} 10k 3`);
        expect(intent.slots.model, `"${name}"`).toBe(m.id);
      }
    }
  });

  it('every catalog GPU is understood by its id, name and aliases, with a count', () => {
    for (const g of GPUS) {
      for (const name of [g.id, g.name, ...g.aliases]) {
        const intent = parseRules(`qlora 8b 10k 3 on 2 ${name}`);
        expect([intent.slots.gpu, intent.slots.gpus], `"on 2 ${name}"`).toEqual([g.id, 2]);
      }
    }
  });

  it('every provider of the price table is understood by its id and name', () => {
    for (const p of DEFAULT_PRICES.providers) {
      for (const name of [p.id, p.name, ...(p.aliases ?? [])]) {
        expect(parseRules(`qlora 8b 10k 3 with ${name} prices`).slots.provider, `"${name}"`).toBe(p.id);
      }
    }
  });

  it('every method of the method table is understood by its id, name and aliases', () => {
    for (const m of methods()) {
      for (const name of [m.id, m.name, ...m.aliases]) {
        expect(parseRules(`${name} 8b 10k 3`).slots.method, `"${name}"`).toBe(m.id);
      }
    }
  });

  it('every optimizer choice is understood in the words people use for it', () => {
    for (const [choice, words] of Object.entries(JOB_INPUTS.optimizer.choiceWords)) {
      for (const phrase of words) expect(parseRules(`full 8b 10k 3 with ${phrase}`).slots.optimizer, `"${phrase}"`).toBe(choice);
    }
  });

  it('a method ftcost does not model is named with its closest relative, never silently replaced', () => {
    const dora = parseRules('dora 8b 10k 3');
    expect(dora.slots.method).toBe('lora');
    expect(dora.notModelled).toBe('dora');
  });

  it('a family without a size: its only size, the size in the conversation, or a question listing the sizes', () => {
    expect(parseRules('qlora phi 10k 3').slots.model).toBe('phi-4');
    expect(parseRules('qlora mistral 10k 3').askModel?.options.map((o) => o.id)).toEqual(['mistral-7b', 'mistral-small-24b']);
    const asked = parseRules('lora on qwen 20k');
    expect(asked.slots.model).toBeNull();
    expect(asked.askModel?.options.map((o) => o.id)).toContain('qwen2.5-7b');
    const context = { intent: 'estimate' as const, slots: { ...parseRules('qlora qwen2.5-7b 10k 3').slots } };
    expect(parseRules('what about lora on qwen?', context).slots.model).toBe('qwen2.5-7b');
  });
});

/**
 * The design issue's test, done the way a contributor would: add a made-up GPU and a made-up
 * provider to the catalog data files and nothing else, rebuild, and ask in chat.
 */
describe('a new GPU and provider in the data files are understood after a rebuild', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftcost-vocab-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('"qlora 8b 10k 3 on 2 <gpu>", "four <gpu> cards", "with <provider> prices", "use <provider> prices"', async () => {
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    const gpuFile = join(dir, 'src/engine/data/gpus.json');
    const gpus = JSON.parse(readFileSync(gpuFile, 'utf8'));
    const template = gpus.gpus.find((g: { id: string }) => g.id === 'h100-sxm');
    gpus.gpus.push({
      ...template,
      id: 'zx-9000',
      name: 'ZX 9000 96GB',
      aliases: ['zx9000'],
      memoryBytes: 96 * 2 ** 30,
      source: 'made up for a test',
    });
    writeFileSync(gpuFile, JSON.stringify(gpus));
    const priceFile = join(dir, 'src/engine/data/prices.json');
    const prices = JSON.parse(readFileSync(priceFile, 'utf8'));
    prices.providers.push({
      id: 'acme',
      name: 'Acme Cloud',
      url: 'https://acme.example',
      asOf: '2026-11-30',
      perGpuHour: { 'zx-9000': 2.5, 'h100-sxm': 2.2 },
    });
    writeFileSync(priceFile, JSON.stringify(prices));
    const bundle = join(dir, 'intent.mjs');
    execFileSync(
      join(ROOT, 'node_modules/.bin/esbuild'),
      [join(dir, 'src/intent/index.ts'), '--bundle', '--platform=node', '--format=esm', `--outfile=${bundle}`, '--log-level=error'],
      { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, cwd: ROOT },
    );
    const { parseRules: parse } = (await import(bundle)) as typeof import('../../src/intent/index.js');
    expect(parse('qlora 8b 10k 3 on 2 ZX 9000').slots).toMatchObject({ gpu: 'zx-9000', gpus: 2, method: 'qlora', model: 'llama-3.1-8b' });
    expect(parse('how long would lora on 70b take on four zx 9000 cards?').slots).toMatchObject({
      gpu: 'zx-9000',
      gpus: 4,
      method: 'lora',
    });
    expect(parse('qlora 8b 10k 3 with acme prices').slots).toMatchObject({ provider: 'acme', method: 'qlora' });
    expect(parse('qlora 8b 10k 3 with Acme Cloud prices').slots.provider).toBe('acme');
    expect(parse('use acme prices')).toMatchObject({ intent: 'settings', slots: { settingKey: 'provider', settingValue: 'acme' } });
  });
});
